#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Simulation speed of the platform (make bench): simulated cycles per second
# of the same make run workload on the RTL of a reference revision and on
# the RTL of this tree, in one run, so the ratio holds on a noisy machine.
# Both models are built with this tree's Makefile and C code; only the RTL
# differs. The reference RTL is also built with the optimisation settings
# of its time (-Os, Verilator's default, for revisions before -O2).
#
# usage: scripts/bench_speed.sh REVISION [REPEAT]
#   REVISION: the reference (a git revision of this repository, extracted
#             by scripts/ref_rtl.sh), e.g. the BENCH_BASE default of the
#             Makefile
#   REPEAT:   runs per figure, the best is kept (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: scripts/bench_speed.sh REVISION [REPEAT]}
repeat=${2:-3}
case $repeat in '' | *[!0-9]* | 0)
	echo "bench_speed: REPEAT must be a positive number (got '$repeat')" >&2
	exit 2
	;;
esac
# the workload: make run's devices, longer, fixed seed
args=(--frames 1000 --blk-kib 1024 --lines 64 --seed 1)
mk=(make --no-print-directory SUITE=platform DUT_TOP=vio_platform DUT_PARAMS=)

refrtl=$(scripts/ref_rtl.sh "$rev") || exit 2
b_vars=(DUT_SRCS="$(sed -n 1p <<<"$refrtl")" DUT_INCS="$(sed -n 2p <<<"$refrtl")")

# name | extra make variables
builds=(
	"reference RTL, -Os (as then built)|VL_OPT=OPT_FAST=-Os OPT_SLOW= OPT_GLOBAL=-Os"
	"reference RTL, -O2|"
	"this tree|"
)
bins=()
for i in "${!builds[@]}"; do
	vars=()
	opt=${builds[$i]#*|}
	[ -n "$opt" ] && vars+=("$opt")
	[ "$i" -lt 2 ] && vars+=("${b_vars[@]}")
	"${mk[@]}" -s "${vars[@]}" demo-bin >&2
	bins+=("$("${mk[@]}" -s "${vars[@]}" print-demo)")
done

best() { # binary -> "cycles cycles/s", best of $repeat
	local b=$1 out cyc rate top=0 c=
	for ((k = 0; k < repeat; k++)); do
		out=$("$b" "${args[@]}" 2>&1) || {
			echo "bench_speed: $b failed:" >&2
			echo "$out" | tail -5 >&2
			return 1
		}
		cyc=$(sed -n 's/.*simulated cycles  *\([0-9]*\) .*/\1/p' <<<"$out")
		rate=$(sed -n 's/.*, \([0-9]*\) simulated cycles per second/\1/p' <<<"$out")
		[ -n "$rate" ] && [ "$rate" -gt "$top" ] && top=$rate
		c=$cyc
	done
	echo "$c $top"
}

echo "Platform simulation speed (make run workload: ${args[*]}), best of $repeat"
printf '  %-38s %10s %12s %9s\n' "RTL" "cycles" "cycles/s" "vs ref -Os"
ref=
for i in "${!builds[@]}"; do
	read -r c r < <(best "${bins[$i]}")
	[ -z "$ref" ] && ref=$r
	name=${builds[$i]%%|*}
	[ "$i" -lt 2 ] && name="${name/reference/${rev:0:12}}"
	printf '  %-38s %10s %12s %8.2fx\n' "$name" "$c" "$r" \
		"$(awk -v a="$r" -v b="$ref" 'BEGIN { print a / b }')"
done
