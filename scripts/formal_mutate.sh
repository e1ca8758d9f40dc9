#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Mutation check of the formal proofs (docs/formal.md): each mutant is a
# copy of an RTL file with one deliberate bug, run through the proof of
# that module (its .sby file's prove task, or the task named); each one
# must FAIL. A mutant that passes means the properties miss that bug; a
# mutation that no longer applies (the RTL text changed) is an error too. Run by
# `make formal` (scripts/formal.sh); files under $BUILD/formal/mutants/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
[[ $build == /* ]] || build=$root/$build
out=$build/formal/mutants
rm -rf "$out"
mkdir -p "$out"

# name | RTL file | .sby file | text to find (fixed string) | replacement
# [| task of the .sby file, default prove]
mutants=(
	"b-dropped|vio_axil_slave.v|vio_axil_slave.sby|bvalid_q <= 1'b1;|bvalid_q <= ~reg_wr_addr[2];"
	"b-twice|vio_axil_slave.v|vio_axil_slave.sby|bvalid_q <= 1'b0;\n      end|bvalid_q <= ~bresp_q[0];\n      end"
	"b-falls-without-bready|vio_axil_slave.v|vio_axil_slave.sby|end else if (b_show && s_axil_bready) begin|end else if (b_show) begin"
	"r-queue-overrun|vio_axil_slave.v|vio_axil_slave.sby|(r_used <= 2'd1) & ~reg_stall;|(r_used <= 2'd2) & ~reg_stall;"
	"rdata-not-held|vio_axil_slave.v|vio_axil_slave.sby|assign s_axil_rdata   = rdata;|assign s_axil_rdata   = reg_rd_data;"
	"read-while-stalled|vio_axil_slave.v|vio_axil_slave.sby|(r_used <= 2'd1) & ~reg_stall;|(r_used <= 2'd1);"
	"stale-write-address|vio_axil_slave.v|vio_axil_slave.sby|reg_wr_addr = aw_held_q ? aw_addr_q : s_axil_awaddr;|reg_wr_addr = s_axil_awaddr;"
	"r-out-of-order|vio_fifo.v|vio_axil_slave.sby|assign m_data  = mem_q[rd_ptr_q];|assign m_data  = mem_q[rd_ptr_q + {{PW-1{1'b0}}, cnt_q == FULL}];"
	"aw-taken-while-full|vio_axil_slave.v|vio_axil_slave.sby|assign s_axil_awready = ~aw_held_q;|assign s_axil_awready = 1'b1;"
	"dec-aw-to-every-window|vio_axil_dec.v|vio_axil_dec.sby|wire wsel = (wslot_q == i[SB-1:0]);|wire wsel = 1'b1;"
	"dec-window-off-by-one|vio_axil_dec.v|vio_axil_dec.sby|off = p64 - BASE[63:12];|off = p64 - BASE[63:12] - 52'd1;"
	"dec-b-not-waited-for|vio_axil_dec.v|vio_axil_dec.sby|W_RESP: if (slot_bv && s_axil_bready)|W_RESP: if (s_axil_bready)"
	"dec-awvalid-dropped|vio_axil_dec.v|vio_axil_dec.sby|if (slot_awr) aw_pend_q <= 1'b0;|aw_pend_q <= 1'b0;"
	"dec-decerr-read-data|vio_axil_dec.v|vio_axil_dec.sby|(rs_q == R_DERR) ? 32'd0|(rs_q == R_DERR) ? m_axil_rdata[31:0]"
	"arb-r-port-from-low-id-bits|vio_axi_arb.v|vio_axi_arb.sby|r_port   = m_axi_rid[OW-1:ID_WIDTH];|r_port   = m_axi_rid[PORT_BITS-1:0];"
	"arb-w-routed-by-aw-grant|vio_axi_arb.v|vio_axi_arb.sby|assign w_oh[gp]          = (w_port == IDX);|assign w_oh[gp]          = (aw_gnt == IDX);"
	"arb-w-data-of-aw-port|vio_axi_arb.v|vio_axi_arb.sby|if (w_oh[m]) begin|if (aw_oh[m]) begin"
	"arb-w-burst-ends-each-beat|vio_axi_arb.v|vio_axi_arb.sby|w_done   = w_valid & m_axi_wready & w_last;|w_done   = w_valid & m_axi_wready;"
	"arb-wlast-dropped|vio_axi_arb.v|vio_axi_arb.sby|assign m_axi_wlast   = w_last;|assign m_axi_wlast   = w_last & ~w_port[0];"
	"arb-bready-to-every-port|vio_axi_arb.v|vio_axi_arb.sby|(b_sel & s_axi_bready)|({PORTS{1'b1}} & s_axi_bready)"
	"arb-aw-port-tag-of-ar|vio_axi_arb.v|vio_axi_arb.sby|assign m_axi_awid    = {aw_gnt, aw_id_mux};|assign m_axi_awid    = {ar_gnt, aw_id_mux};"
	"arb-awready-to-every-port|vio_axi_arb.v|vio_axi_arb.sby|assign s_axi_awready[gp] = aw_oh[gp] & m_axi_awready & wf_room;|assign s_axi_awready[gp] = m_axi_awready & wf_room;"
	"arb-aw-granted-while-full|vio_axi_arb.v|vio_axi_arb.sby|.en     (wf_room),|.en     (1'b1),"
	"regs-feature-dep-reversed|vio_mmio_regs.v|vio_mmio_regs.sby|&& drv_feat_q[FEATURE_DEPS[16*e+DEP_A_LSB +: 6]]\n              && !drv_feat_q[FEATURE_DEPS[16*e+DEP_B_LSB +: 6]]|&& drv_feat_q[FEATURE_DEPS[16*e+DEP_B_LSB +: 6]]\n              && !drv_feat_q[FEATURE_DEPS[16*e+DEP_A_LSB +: 6]]"
	"regs-unoffered-high-word-accepted|vio_mmio_regs.v|vio_mmio_regs.sby|feat_valid = ((drv_feat_q & ~OFFERED) == 64'd0)|feat_valid = ((drv_feat_q[31:0] & ~OFFERED[31:0]) == 32'd0)"
	"regs-needs-reset-cleared-by-write|vio_mmio_regs.v|vio_mmio_regs.sby|status_new[STATUS_NEEDS_RESET] = status_q[STATUS_NEEDS_RESET];|status_new[STATUS_NEEDS_RESET] = wdata[STATUS_NEEDS_RESET];"
	"regs-queue-ready-any-size|vio_mmio_regs.v|vio_mmio_regs.sby|q_ready_q[i] <= wdata[0] && size_ok(sel_size);|q_ready_q[i] <= wdata[0];"
	"regs-queue-num-while-ready|vio_mmio_regs.v|vio_mmio_regs.sby|REG_QUEUE_NUM: begin\n            if (!sel_ready && !sel_reset) begin|REG_QUEUE_NUM: begin\n            if (!sel_reset) begin"
	"regs-irq-stuck-config-ack|vio_mmio_regs.v|vio_mmio_regs.sby|REG_INTERRUPT_ACK: int_q <= int_q & ~wdata[1:0];|REG_INTERRUPT_ACK: int_q <= int_q & ~{1'b0, wdata[0]};"
	"regs-write-lost-at-reset-end|vio_mmio_regs.v|vio_mmio_regs.sby|assign reg_stall   = dev_reset_q;|assign reg_stall   = dev_reset_q && !dev_idle;"
	"regs-driver-features-after-features-ok|vio_mmio_regs.v|vio_mmio_regs.sby|REG_DRIVER_FEATURES: begin\n            if (IS_LEGACY |REG_DRIVER_FEATURES: begin\n            if (1'b1 "
	"regs-legacy-used-not-aligned|vio_mmio_regs.v|vio_mmio_regs.sby|(leg_used_end + leg_align_m1)\n                                             & ~leg_align_m1;|leg_used_end;|prove_legacy"
	"regs-legacy-avail-8-per-entry|vio_mmio_regs.v|vio_mmio_regs.sby|leg_avail    = leg_desc + ({48'd0, sel_size} << 4);|leg_avail    = leg_desc + ({48'd0, sel_size} << 3);|prove_legacy"
	"regs-legacy-pfn-while-in-use|vio_mmio_regs.v|vio_mmio_regs.sby|leg_start    = (wdata != 32'd0) && !sel_ready && page_ok_q|leg_start    = (wdata != 32'd0) && page_ok_q|prove_legacy"
	"regs-legacy-page-size-unchecked|vio_mmio_regs.v|vio_mmio_regs.sby|leg_start    = (wdata != 32'd0) && !sel_ready && page_ok_q|leg_start    = (wdata != 32'd0) && !sel_ready|prove_legacy"
	"split-4k-off-by-one|vio_burst_split.v|vio_burst_split.sby|~cmd_addr_q[11:SL]};|~cmd_addr_q[11:SL]} + 11'd1;"
	"split-narrow-addr-not-advanced|vio_burst_split.v|vio_burst_split.sby|addr_next  = narrow ? cmd_addr_q + {{ADDR_WIDTH-SL-1{1'b0}}, nbytes_n}|addr_next  = narrow ? cmd_addr_q"
	"split-tail-lane-too-wide|vio_burst_split.v|vio_burst_split.sby|(span_final ? span_m1[SL-1:0] : LANE_MAX)|(span_final ? span_m1[SL-1:0] + 1'b1 : LANE_MAX)"
	"split-narrow-tail-too-wide|vio_burst_split.v|vio_burst_split.sby|if (rem_small[nb]) ms = nb[2:0];|if (rem_small[nb]) ms = nb[2:0] + 3'd1;"
	"split-ax-overwritten|vio_burst_split.v|vio_burst_split.sby|ax_free     = ~axvalid_q|ax_free     = 1'b1"
	"split-pad-makes-request|vio_burst_split.v|vio_burst_split.sby|if (!cmd_pad) begin|if (1'b1) begin"
	"wr-tail-strobe-too-wide|vio_dma_wr.v|vio_dma_wr.sby|~(({BPB{1'b1}} << hi_m1_b) << 1)|~(({BPB{1'b1}} << hi_m1_b) << 2)"
	"wr-realign-drops-older-beat|vio_dma_wr.v|vio_dma_wr.sby|fs_lo = shamt[SL] ? sb0_q : {DATA_WIDTH{1'b0}};|fs_lo = {DATA_WIDTH{1'b0}};"
	"wr-wlast-a-beat-early|vio_dma_wr.v|vio_dma_wr.sby|wlast_q  <= beat_last;|wlast_q  <= (beat_q + 8'd1 == whead_len_m1);"
	"wr-one-beat-too-many|vio_dma_wr.v|vio_dma_wr.sby|= (beat_q == whead_len_m1);|= (beat_q == whead_len_m1 + 8'd1);"
	"wr-strobes-during-flush|vio_dma_wr.v|vio_dma_wr.sby|wstrb_q  <= flush ? {BPB{1'b0}} : strb;|wstrb_q  <= strb;"
	"wr-padding-retires-early|vio_dma_wr.v|vio_dma_wr.sby|(bhead_pad ? (outst != wpend) : m_axi_bvalid)|(bhead_pad ? 1'b1 : m_axi_bvalid)"
	"rd-rotation-off-by-one|vio_dma_rd.v|vio_dma_rd.sby|rot_amt = lo - fill_q;|rot_amt = lo - fill_q + 1'b1;"
	"rd-bytes-past-the-end|vio_dma_rd.v|vio_dma_rd.sby|lane_a  = ({BPB{1'b1}} << fill_q) & lane_lt[BPB-1:0];|lane_a  = ({BPB{1'b1}} << fill_q);"
	"rd-mlast-lost-on-spill|vio_dma_rd.v|vio_dma_rd.sby|q1_last_q <= 1'b1;|q1_last_q <= 1'b0;"
	"rd-rresp-error-dropped|vio_dma_rd.v|vio_dma_rd.sby|(~head_pad & (m_axi_rresp != RESP_OKAY))|(~head_pad & 1'b0)"
	"rd-one-beat-too-many|vio_dma_rd.v|vio_dma_rd.sby|wire                 beat_last   = (beat_q == head_len_m1);|wire                 beat_last   = (beat_q == head_len_m1 + 8'd1);"
	"rd-padding-not-zero|vio_dma_rd.v|vio_dma_rd.sby|r_data  = head_pad ? {DATA_WIDTH{1'b0}} : m_axi_rdata;|r_data  = m_axi_rdata;"
)

"$root/scripts/sby.sh" --install

# one mutant: $1 is its entry; prints its result line, exit 1 if it survives
run_mutant() {
	local name file sby from to task dir st how what
	IFS='|' read -r name file sby from to task <<<"$1"
	dir=$out/$name
	mkdir -p "$dir"
	# the mutated RTL file
	FROM=$(printf '%b' "$from") TO=$(printf '%b' "$to") perl -0pe \
		'BEGIN { $n = 0 } $n += s/\Q$ENV{FROM}\E/$ENV{TO}/; END { exit($n == 1 ? 0 : 3) }' \
		"$root/rtl/$file" >"$dir/$file" || {
		echo "  $name: the text to mutate is not in rtl/$file once"
		return 1
	}
	# the proof, with its files taken from the checkout but this one mutated
	awk -v root="$root" -v file="$file" -v mut="$dir/$file" '
		/^\[/ { sec = $0; print; next }
		sec == "[files]" && NF {
			n = split($0, p, "/")
			if (p[n] == file) { print mut; next }
			print ($0 ~ /^\//) ? $0 : root "/formal/" $0; next }
		{ print }
	' "$root/formal/$sby" >"$dir/$sby"
	if (cd "$dir" && "$root/scripts/sby.sh" -f -d "$dir/run" "$sby" "${task:-prove}") \
		>"$dir/sby.log" 2>&1; then
		echo "  $name: PASSED the proof (the properties miss this bug)"
		return 1
	fi
	st=$(awk '{print $1}' "$dir/run/status" 2>/dev/null || true)
	if [[ $st == UNKNOWN ]]; then
		echo "  $name: induction fails but no failing run within the proof's depth" \
			"(raise its depth); see $dir/sby.log"
		return 1
	fi
	if [[ $st != FAIL ]]; then
		echo "  $name: the proof did not run (${st:-ERROR}); see $dir/sby.log"
		return 1
	fi
	how=$(grep -m1 -o 'returned FAIL for [a-z]*' "$dir/sby.log" || true)
	what=$(grep -m1 -o 'failed assertion .* at [^ ]*' "$dir/sby.log" |
		sed 's/.* at //' || true)
	echo "  $name: fails as it should (${how#returned }: $what)"
}

# every mutant at once, up to JOBS (default: the cores) at a time
jobs_max=${JOBS:-$(nproc 2>/dev/null || echo 1)}
pids=()
for i in "${!mutants[@]}"; do
	while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
	run_mutant "${mutants[$i]}" >"$out/$i.result" 2>&1 &
	pids+=($!)
done
# results in order, and per proof: "formal_mutate: <sby>: K of N mutants ..."
declare -A n_all n_killed
sbys=()
killed=0
for i in "${!mutants[@]}"; do
	IFS='|' read -r _ _ sby _ <<<"${mutants[$i]}"
	[[ -n ${n_all[$sby]:-} ]] || { sbys+=("$sby"); n_all[$sby]=0; n_killed[$sby]=0; }
	n_all[$sby]=$((n_all[$sby] + 1))
	if wait "${pids[$i]}"; then
		killed=$((killed + 1))
		n_killed[$sby]=$((n_killed[$sby] + 1))
	fi
	cat "$out/$i.result"
done

for sby in "${sbys[@]}"; do
	echo "formal_mutate: $sby: ${n_killed[$sby]} of ${n_all[$sby]} mutants fail the proof"
done
total=${#mutants[@]}
echo "formal_mutate: $killed of $total mutants fail their proof"
((killed == total))
