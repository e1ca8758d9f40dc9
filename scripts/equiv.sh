#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cycle-for-cycle equivalence of this tree's RTL with a revision's
# (make equiv): the platform (vio_platform) built from both, with this
# tree's C code, runs the same make run workload on several seeds with
# random memory latency and stalls; the demo's port digest (every top-level
# port's value, sampled each cycle where the bus models sample it) must be
# the same at every check point. For RTL changes meant to change nothing
# but how the design is written.
#
# usage: scripts/equiv.sh REVISION [DATA_WIDTH [SEED...]]
#   REVISION:   the reference (scripts/ref_rtl.sh)
#   DATA_WIDTH: the platform's bus width (default 64)
#   SEED:       run seeds (default 1 2 3 4)
set -uo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: scripts/equiv.sh REVISION [DATA_WIDTH [SEED...]]}
width=${2:-64}
shift $(($# < 2 ? $# : 2))
seeds=${*:-1 2 3 4}
case $width in 64 | 128 | 256) ;; *)
	echo "equiv: the bus width must be 64, 128 or 256 (got '$width'; EQUIV_WIDTH= with make equiv)" >&2
	exit 2
	;;
esac
every=1024
args=(--frames 40 --blk-kib 32 --lines 8 --rng-bytes 2048 --latency 0:24
	--stall 150 --port-digest $every)
refrtl=$(scripts/ref_rtl.sh "$rev") || exit 2
mk=(make -s --no-print-directory SUITE=platform DUT_TOP=vio_platform
	DUT_PARAMS=-GDATA_WIDTH=$width)
ref_vars=(DUT_SRCS="$(sed -n 1p <<<"$refrtl")" DUT_INCS="$(sed -n 2p <<<"$refrtl")")
"${mk[@]}" "${ref_vars[@]}" demo-bin >&2 && "${mk[@]}" demo-bin >&2 || exit 1
ref_bin=$("${mk[@]}" "${ref_vars[@]}" print-demo)
new_bin=$("${mk[@]}" print-demo)

rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in $seeds; do
	"$ref_bin" "${args[@]}" --seed "$s" >"$tmp/ref" 2>&1
	r1=$?
	"$new_bin" "${args[@]}" --seed "$s" >"$tmp/new" 2>&1
	r2=$?
	grep 'port digest' "$tmp/ref" >"$tmp/ref.d"
	grep 'port digest' "$tmp/new" >"$tmp/new.d"
	if ((r1 != r2)); then
		echo "equiv: seed $s: the reference exits $r1, this tree $r2"
		rc=1
	elif ! [ -s "$tmp/ref.d" ]; then
		echo "equiv: seed $s: no port digest from the reference run:"
		tail -5 "$tmp/ref"
		rc=1
	elif cmp -s "$tmp/ref.d" "$tmp/new.d"; then
		echo "equiv: seed $s: $(wc -l <"$tmp/ref.d") check points," \
			"$(sed -n 's/.*at the end (cycle \([0-9]*\)).*/\1/p' "$tmp/ref.d") cycles: same"
	else
		first=$(diff "$tmp/ref.d" "$tmp/new.d" | sed -n 's/^< .*cycle \([0-9]*\).*/\1/p' | head -1)
		echo "equiv: seed $s: the ports differ first before cycle ${first:-?}" \
			"(within the $every cycles before it); traces of both runs:"
		echo "  WAVES=1 WAVES_DIR=build/waves/ref $ref_bin ${args[*]} --seed $s"
		echo "  WAVES=1 WAVES_DIR=build/waves/new $new_bin ${args[*]} --seed $s"
		rc=1
	fi
done
((rc == 0)) && echo "equiv: $rev and this tree: the same, cycle for cycle ($width-bit platform)"
exit $rc
