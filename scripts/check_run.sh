#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job as a user starts it: make run passes (the platform boots,
# every device is driven, the summary says passed), and a bad SEED= is
# named as such, with a non-zero exit. The port digest scripts/equiv.sh
# compares is the same for the same seed and differs for another one.
set -uo pipefail
cd "$(dirname "$0")/.."
# what the make that runs this was given is not for make run
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SUITE TEST SEED SEEDS SHARD \
	DUT_TOP DUT_SRCS DUT_INCS DUT_PARAMS DUT_WAIVERS
out=$(mktemp)
trap 'rm -f "$out"' EXIT

make run >"$out" 2>&1
rc=$?
cat "$out"
if ((rc != 0)) || ! grep -q "^demo: passed" "$out"; then
	echo "check-run: make run failed (exit $rc)"
	exit 1
fi
make run SEED=xyz >"$out" 2>&1
rc=$?
if ((rc == 0)) || ! grep -q "SEED=xyz is not valid" "$out"; then
	cat "$out"
	echo "check-run: make run SEED=xyz: exit $rc, and the message does not name SEED"
	exit 1
fi
digest() {
	make run ARGS="--frames 4 --blk-kib 4 --lines 2 --rng-bytes 256 --latency 0:8 --stall 100 --seed $1 --port-digest 512" 2>&1 |
		grep 'port digest'
}
d1=$(digest 7)
d2=$(digest 7)
d3=$(digest 8)
if [ -z "$d1" ] || [ "$d1" != "$d2" ] || [ "$d1" = "$d3" ] ||
	! grep -q 'at the end' <<<"$d1"; then
	printf '%s\n--\n%s\n--\n%s\n' "$d1" "$d2" "$d3"
	echo "check-run: --port-digest: seed 7 twice should give the same digests, seed 8 others"
	exit 1
fi
echo "check-run: make run passes; make run SEED=xyz is refused naming SEED;" \
	"the port digest repeats with its seed ($(wc -l <<<"$d1") check points)"
