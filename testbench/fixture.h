/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - register map of the test fixture testbench/rtl/tb_fixture.v
 * (an AXI4-Lite register file, a DMA copier and a protocol-fault generator).
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#define FIX_SCRATCH(i) (0x000u + 4u * (i)) /* 16 read/write words */
#define FIX_NSCRATCH 16
#define FIX_ID 0x040u		 /* read-only */
#define FIX_ID_VALUE 0x46495854u /* "FIXT" */
#define FIX_PARAMS 0x044u	 /* [7:0] data bytes, [15:8] ID width */
#define FIX_DMA_SRC_LO 0x080u
#define FIX_DMA_SRC_HI 0x084u
#define FIX_DMA_DST_LO 0x088u
#define FIX_DMA_DST_HI 0x08cu
#define FIX_DMA_LEN 0x090u /* bytes, a multiple of the data width */
#define FIX_DMA_CTRL 0x094u
#define FIX_CTRL_START 0x1u
#define FIX_CTRL_BURST(n) ((((n)-1u) & 0xffu) << 8) /* beats per burst */
#define FIX_CTRL_OUTST(n) (((n)&0xfu) << 16)	    /* reads in flight */
#define FIX_DMA_STATUS 0x098u
#define FIX_STATUS_BUSY 0x1u
#define FIX_STATUS_DONE 0x2u  /* write 1 to clear */
#define FIX_STATUS_ERROR 0x4u /* write 1 to clear */
#define FIX_IRQ_EN 0x09cu
#define FIX_DMA_COUNT 0x0a0u
#define FIX_FAULT 0x0c0u /* survives reset */
#define FIX_FAULT_ARG_LO 0x0c4u
#define FIX_FAULT_ARG_HI 0x0c8u

/** Fault codes of the fault generator (FIX_FAULT). */
enum fix_fault {
	FIX_FAULT_NONE = 0,
	FIX_FAULT_AR_VALID_DROP = 1,
	FIX_FAULT_AR_ADDR_CHANGE = 2,
	FIX_FAULT_W_LAST_EARLY = 3,
	FIX_FAULT_AR_CROSS_4K = 4,
	FIX_FAULT_AR_WRAP_BAD_LEN = 5,
	FIX_FAULT_AR_BAD_SIZE = 6,
	FIX_FAULT_AR_BAD_BURST = 7,
	FIX_FAULT_VALID_IN_RESET = 8,
	FIX_FAULT_LITE_NO_RRESP = 9,
	FIX_FAULT_LITE_SPURIOUS_B = 10,
	FIX_FAULT_LITE_RVALID_DROP = 11,
	FIX_FAULT_LITE_RDATA_CHANGE = 12,
	FIX_FAULT_R_NOT_READY = 13,
};

#endif /* FIXTURE_H */
