// SPDX-License-Identifier: MIT
// The part of vio_top every device function shares: the AXI4-Lite adapter,
// the register block and the ring engine, with the wires between them and
// to the device function (df_*, cfg_*). Included once in each device entry
// of vio_top's generate block (rtl/vio_top.v), after the entry's
// localparams NUM_QUEUES and DEV_FEATURES; the entry then instantiates its
// device function on `VIO_DF_CONN and `VIO_CFG_CONN. Not compiled on its
// own.

      // -----------------------------------------------------------------------
      // AXI4-Lite slave and register block
      // -----------------------------------------------------------------------
      wire        reg_wr_en, reg_rd_en, reg_stall;
      wire [11:0] reg_wr_addr, reg_rd_addr;
      wire [31:0] reg_wr_data, reg_rd_data;
      wire [3:0]  reg_wr_strb;
      wire [1:0]  reg_wr_resp, reg_rd_resp;

      vio_axil_slave #(
        .ADDR_WIDTH(12)
      ) u_axil (
        .clk(clk), .rst_n(rst_n),
        `VIO_AXIL_CONN(s_axil_, s_axil_),
        .reg_wr_en(reg_wr_en), .reg_wr_addr(reg_wr_addr),
        .reg_wr_data(reg_wr_data), .reg_wr_strb(reg_wr_strb),
        .reg_wr_resp(reg_wr_resp), .reg_rd_en(reg_rd_en),
        .reg_rd_addr(reg_rd_addr), .reg_rd_data(reg_rd_data),
        .reg_rd_resp(reg_rd_resp), .reg_stall(reg_stall)
      );

      `VIO_VQ_WIRES(NUM_QUEUES);
      `VIO_CFG_WIRES;

      vio_mmio_regs #(
        .LEGACY(LEGACY), .DEVICE_ID(DEVICE_ID), .NUM_QUEUES(NUM_QUEUES),
        .QUEUE_SIZE_MAX(QUEUE_SIZE_MAX), .DEVICE_FEATURES(DEV_FEATURES),
        .OFFER_INDIRECT(OFFER_INDIRECT), .OFFER_EVENT_IDX(OFFER_EVENT_IDX),
        .OFFER_RING_RESET(OFFER_RING_RESET), .CFG_SIZE(64)
      ) u_regs (
        .clk(clk), .rst_n(rst_n),
        .reg_wr_en(reg_wr_en), .reg_wr_addr(reg_wr_addr),
        .reg_wr_data(reg_wr_data), .reg_wr_strb(reg_wr_strb),
        .reg_wr_resp(reg_wr_resp), .reg_rd_en(reg_rd_en),
        .reg_rd_addr(reg_rd_addr), .reg_rd_data(reg_rd_data),
        .reg_rd_resp(reg_rd_resp), .reg_stall(reg_stall),
        `VIO_VQ_CONN, `VIO_CFG_CONN, .irq(irq)
      );

      // -----------------------------------------------------------------------
      // Ring engine
      // -----------------------------------------------------------------------
      `VIO_DF_WIRES(NUM_QUEUES, DATA_WIDTH);

      vio_vq_engine #(
        .NUM_QUEUES(NUM_QUEUES), .DATA_WIDTH(DATA_WIDTH), .ID_WIDTH(ID_WIDTH),
        .SEGS(SEGS), .MAX_BURST(MAX_BURST)
      ) u_engine (
        `VIO_DF_CONN, `VIO_VQ_CONN, `VIO_AXI_CONN(m_axi_, m_axi_)
      );
