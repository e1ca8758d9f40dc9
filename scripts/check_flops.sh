#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Synthesize each module of scripts/flops.txt with Yosys (generic cells,
# flattened, default parameters, as make synth) and compare its flip-flop
# count with the table: the design's state must not change unnoticed.
# Run by make test (unit "static").
#
# usage: scripts/check_flops.sh [--update]
#   --update  write the counts found into scripts/flops.txt
set -uo pipefail
cd "$(dirname "$0")/.."
table=scripts/flops.txt
update=0
case ${1:-} in
'') ;;
--update) update=1 ;;
*)
	echo "check_flops: unknown option '$1' (usage: scripts/check_flops.sh [--update])" >&2
	exit 2
	;;
esac
incs=$(grep '^+incdir+' rtl/vio.f | sed 's/^+incdir+/-I/' | tr '\n' ' ')
srcs=$(grep -v -e '^+' -e '^[[:space:]]*//' -e '^[[:space:]]*$' rtl/vio.f | tr '\n' ' ')
out=build/synth/flops
mkdir -p "$out"
rc=0
new=$(mktemp)
trap 'rm -f "$new"' EXIT
while IFS= read -r line; do
	case $line in '' | '#'*) echo "$line" >>"$new"; continue ;; esac
	read -r mod want <<<"$line"
	log=$out/$mod.log
	if ! yosys -q -l "$log" -p "read_verilog -defer $incs $srcs; hierarchy -top $mod; synth -flatten -top $mod" \
		>/dev/null 2>&1; then
		echo "check_flops: yosys failed on $mod, see $log"
		rc=1
		continue
	fi
	got=$(awk -v top="$mod" '$0 ~ "=== " top " ===" { on = 1 }
		on && /Number of cells/ { in_cells = 1; next }
		in_cells && /^$/ { exit }
		in_cells && /\$_(S|A)?DFF/ { flops += $2 }
		END { print flops + 0 }' "$log")
	printf '%-19s %s\n' "$mod" "$got" >>"$new"
	if [ "$got" != "$want" ]; then
		echo "check_flops: $mod has $got flip-flops, $table says $want" \
			"(a variable of a clocked process read where it was not set is a register;" \
			"if the change is intended: scripts/check_flops.sh --update)"
		rc=1
	else
		echo "check_flops: $mod $got flip-flops"
	fi
done <"$table"
if ((update)); then
	cp "$new" "$table"
	echo "check_flops: $table updated"
	exit 0
fi
exit $rc
