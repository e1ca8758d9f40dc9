#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every module refuses parameters outside its documented range at
# elaboration, in every tool: a generate block instantiates a module named
# after the rule (<module>_error_<rule>), which does not exist. This checks
# that a bad value fails Verilator, Icarus and Yosys with that name in the
# message, and that the same module with its defaults elaborates in all
# three (so the failure is the parameter's). Run by `make lint`.
set -uo pipefail
cd "$(dirname "$0")/.."
files=$(grep -v -e '^+' -e '^[[:space:]]*//' rtl/vio.f | tr '\n' ' ')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0

# module  parameter  bad value
cases=(
	"vio_top DEVICE_ID 5"
	"vio_top DATA_WIDTH 48"
	"vio_platform DATA_WIDTH 32"
	"vio_vq_engine ID_WIDTH 2"
	"vio_vq_walk SEGS 3"
	"vio_vq_sched NUM_QUEUES 65"
	"vio_vq_avail DATA_WIDTH 32"
	"vio_vq_desc SEGS 3"
	"vio_vq_seg NUM_QUEUES 0"
	"vio_vq_mover SEGS 3"
	"vio_vq_mover SLOTS 5"
	"vio_vq_mover SLOT_SEGS 3"
	"vio_vq_pub DATA_WIDTH 32"
	"vio_net_loop BUF_BYTES 100"
	"vio_net_loop NBUF 5"
	"vio_rng MAX_BYTES 0"
	"vio_blk DISK_BYTES 1000"
	"vio_console EMERG_DEPTH 3"
	"vio_mmio_regs NUM_QUEUES 0"
	"vio_axil_slave ADDR_WIDTH 1"
	"vio_axil_dec SLOTS 0"
	"vio_axi_arb PORTS 0"
	"vio_axi_arb W_QUEUE 0"
	"vio_dma_rd MAX_BURST 3"
	"vio_dma_wr MAX_OUTSTANDING 5"
	"vio_burst_split NARROW 2"
	"vio_fifo DEPTH 0"
	"vio_rr_arb N 0"
)

# tool top [param value]: 0 when the design elaborates
elab() {
	local tool=$1 top=$2 p=${3:-} v=${4:-}
	case $tool in
	verilator)
		verilator --lint-only -Wno-fatal -Irtl --top-module "$top" \
			${p:+-G$p=$v} $files
		;;
	icarus)
		iverilog -g2005 -Irtl -s "$top" ${p:+-P$top.$p=$v} \
			-o "$out/a.vvp" $files
		;;
	yosys)
		# the RAM disk at 4 KiB: Yosys elaborates a 1 MiB memory for
		# minutes (as `make synth` does)
		local small=
		case $top in
		vio_top | vio_platform) small="-chparam BLK_DISK_BYTES 4096" ;;
		vio_blk) [ "$p" = DISK_BYTES ] || small="-chparam DISK_BYTES 4096" ;;
		esac
		yosys -q -p "read_verilog -defer -Irtl $files; hierarchy -check -top $top $small ${p:+-chparam $p $v}"
		;;
	esac
}

n=0
for c in "${cases[@]}"; do
	read -r top p v <<<"$c"
	for tool in verilator icarus yosys; do
		if ! elab $tool "$top" >"$out/good.log" 2>&1; then
			echo "check_params: $top with its defaults fails $tool:"
			tail -5 "$out/good.log"
			rc=1
			continue
		fi
		if elab $tool "$top" "$p" "$v" >"$out/bad.log" 2>&1; then
			echo "check_params: $top with $p=$v elaborates in $tool; it must fail"
			rc=1
		elif ! grep -q "_error_" "$out/bad.log"; then
			echo "check_params: $top with $p=$v fails $tool without naming the rule:"
			tail -5 "$out/bad.log"
			rc=1
		fi
		n=$((n + 1))
	done
done
[ $rc -eq 0 ] && echo "check_params: ${#cases[@]} bad parameters refused by Verilator, Icarus and Yosys ($n runs)"
exit $rc
