#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run the formal proofs (formal/*.sby, docs/formal.md) and the mutation
# check (scripts/formal_mutate.sh), then print a summary table: module,
# property set, engine, depth or induction, result, time. Exit status 0
# only when every proof passes (with no Yosys warning), every cover is
# reached and every mutant fails its proof. Each run's files:
# $BUILD/formal/<sby>_<task>/.
# Run by `make formal` (every quick proof and the mutation check); with
# --slow, by `make formal-slow` (make regress): only the slow proofs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
[[ $build == /* ]] || build=$root/$build
out=$build/formal
mkdir -p "$out"
export BUILD=$build

slow=0
[[ ${1:-} == --slow ]] && slow=1

# module | property set | .sby file (in formal/) | task [| slow]
proofs=(
	"vio_axil_slave|AXI4-Lite slave rules, register side|vio_axil_slave.sby|prove"
	"vio_axil_slave|covers|vio_axil_slave.sby|cover"
	"vio_axil_dec|AXI4-Lite slave port, master rules per window, routing|vio_axil_dec.sby|prove"
	"vio_axil_dec|covers|vio_axil_dec.sby|cover"
	"vio_axi_arb|AXI4 slave rules per port, master rules, routing|vio_axi_arb.sby|prove"
	"vio_axi_arb|covers|vio_axi_arb.sby|cover"
	"vio_mmio_regs|register next values, Status, QueueReady, irq, device reset, reads|vio_mmio_regs.sby|prove"
	"vio_mmio_regs|covers|vio_mmio_regs.sby|cover"
	"vio_mmio_regs|the same, LEGACY=1 (QueuePFN layout, GuestPageSize, QueueAlign)|vio_mmio_regs.sby|prove_legacy"
	"vio_mmio_regs|covers, LEGACY=1|vio_mmio_regs.sby|cover_legacy"
	"vio_burst_split|bursts cover each command exactly; legal INCR within 4 KiB; NARROW 0 and 1|vio_burst_split.sby|prove"
	"vio_burst_split|covers|vio_burst_split.sby|cover"
	"vio_dma_wr|AXI4 master rules; WSTRB exact, WDATA in order, WLAST, padding, done|vio_dma_wr.sby|prove"
	"vio_dma_wr|covers|vio_dma_wr.sby|cover"
	"vio_dma_rd|AXI4 master rules; output bytes in place and in order, m_last, m_err|vio_dma_rd.sby|prove"
	"vio_dma_rd|covers|vio_dma_rd.sby|cover"
	"vio_top|DUT contract bus rules (vio_dut_props) from reset|vio_top_dut.sby|bmc|slow"
)

# the value of option KEY (depth, mode) or the engine line of TASK in SBY
sby_opt() { # sby task key
	awk -v t="$2" -v k="$3" '
		/^\[/ { sec = $0; next }
		{ line = $0; if (line ~ "^" t ": ") sub("^" t ": ", "", line);
		  else if (line ~ /^[a-z_]+: /) next }
		sec == "[options]" && k != "engine" && line ~ "^" k " " { sub("^" k " ", "", line); print line; exit }
		sec == "[engines]" && k == "engine" && line ~ /[a-z]/ { print line; exit }
	' "$1"
}

"$root/scripts/sby.sh" --install

rows=()
fail=0
for p in "${proofs[@]}"; do
	IFS='|' read -r mod set sby task speed <<<"$p"
	is_slow=0
	[[ ${speed:-} == slow ]] && is_slow=1
	((is_slow == slow)) || continue
	f=$root/formal/$sby
	mode=$(sby_opt "$f" "$task" mode)
	depth=$(sby_opt "$f" "$task" depth)
	engine=$(sby_opt "$f" "$task" engine)
	dir=$out/${sby%.sby}_$task
	start=$(date +%s.%N)
	(cd "$root/formal" && "$root/scripts/sby.sh" -f -d "$dir" "$sby" "$task") \
		>"$out/${sby%.sby}_$task.log" 2>&1 || true
	t=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')
	status=$(cat "$dir/status" 2>/dev/null | awk '{print $1}')
	status=${status:-ERROR}
	# a Yosys warning (a port resized, a wire undriven) can hide a property;
	# a memory kept as registers is only another form of the same logic
	warn=$(grep '^Warning' "$dir/model/design.log" 2>/dev/null |
		grep -v -e '^Warning: Replacing memory .* with list of registers' \
		-e '^Warnings: [0-9]* unique messages' || true)
	if [[ $status == PASS && -n $warn ]]; then
		status=WARNING
		sed 's/^/formal: /' <<<"$warn" >&2
	fi
	case $mode in
	prove) how="k-induction, k=$depth" ;;
	bmc) how="BMC, depth $depth" ;;
	cover)
		n=$(grep -c 'engine_[0-9]*: .*Reached cover statement' "$out/${sby%.sby}_$task.log" || true)
		u=$(grep -c 'engine_[0-9]*: .*Unreached cover statement' "$out/${sby%.sby}_$task.log" || true)
		how="cover, depth $depth: $n reached, $u unreached"
		;;
	*) how="$mode, depth $depth" ;;
	esac
	[[ $status == PASS ]] || {
		fail=1
		echo "formal: $mod $task: $status; see $out/${sby%.sby}_$task.log" >&2
	}
	rows+=("$mod|$set|$engine|$how|$status|$t")
done

mstart=$(date +%s.%N)
if ((slow)); then
	mres=SKIP
elif "$root/scripts/formal_mutate.sh" >"$out/mutate.log" 2>&1; then
	mres=PASS
else
	mres=FAIL
	fail=1
	echo "formal: mutation check failed; see $out/mutate.log" >&2
fi
mt=$(awk -v s="$mstart" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')
# a row per proof: its module, its mutants killed (the time is the check's)
((slow)) || while IFS= read -r line; do
	sby=${line#formal_mutate: }
	sby=${sby%%:*}
	k=${line#*: *: }
	n=${k#* of }
	n=${n%% *}
	r=PASS
	[[ ${k%% *} == "$n" ]] || r=FAIL
	rows+=("${sby%.sby}|mutants fail the proof|(as prove)|${k% the proof}|$r|$mt")
done < <(grep -E '^formal_mutate: [a-z_]+\.sby: ' "$out/mutate.log")
if ((!slow)); then
	[[ $mres == PASS ]] || rows+=("(all)|mutation check|-|see $out/mutate.log|FAIL|$mt")
	grep '^  ' "$out/mutate.log" || true
fi

echo
{
	echo "module|property set|engine|depth / induction|result|time"
	printf '%s\n' "${rows[@]}"
} | column -t -s '|'
((fail == 0)) && echo "formal: every proof passes" || echo "formal: FAILED" >&2
exit $fail
