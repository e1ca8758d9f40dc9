#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job as a user starts it: make run passes (the platform boots,
# every device is driven, the summary says passed), and a bad SEED= is
# named as such, with a non-zero exit.
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
echo "check-run: make run passes; make run SEED=xyz is refused naming SEED"
