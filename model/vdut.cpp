// SPDX-License-Identifier: MIT
//
// vdut.cpp - the Verilator binding: the project's only C++ file. It binds
// the verilated top (class Vdut, from --prefix Vdut) to struct vdut_ports by
// port name and exposes create / eval / trace / coverage / destroy to C.

#include "vdut.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>

#include "Vdut.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

#ifndef VDUT_TOP_NAME
#define VDUT_TOP_NAME "dut"
#endif

// Every port of the contract: X(port, field in struct vdut_ports, required)
#define VDUT_PORTS(X)                                                       \
	X(clk, clk, 1) X(rst_n, rst_n, 1) X(irq, irq, 1)                    \
	X(s_axil_awaddr, s_axil.awaddr, 1) X(s_axil_awprot, s_axil.awprot, 0) \
	X(s_axil_awvalid, s_axil.awvalid, 1)                                \
	X(s_axil_awready, s_axil.awready, 1)                                \
	X(s_axil_wdata, s_axil.wdata, 1) X(s_axil_wstrb, s_axil.wstrb, 1)   \
	X(s_axil_wvalid, s_axil.wvalid, 1) X(s_axil_wready, s_axil.wready, 1) \
	X(s_axil_bresp, s_axil.bresp, 1) X(s_axil_bvalid, s_axil.bvalid, 1) \
	X(s_axil_bready, s_axil.bready, 1)                                  \
	X(s_axil_araddr, s_axil.araddr, 1) X(s_axil_arprot, s_axil.arprot, 0) \
	X(s_axil_arvalid, s_axil.arvalid, 1)                                \
	X(s_axil_arready, s_axil.arready, 1)                                \
	X(s_axil_rdata, s_axil.rdata, 1) X(s_axil_rresp, s_axil.rresp, 1)   \
	X(s_axil_rvalid, s_axil.rvalid, 1) X(s_axil_rready, s_axil.rready, 1) \
	X(m_axi_awid, m_axi.awid, 0) X(m_axi_awaddr, m_axi.awaddr, 1)      \
	X(m_axi_awlen, m_axi.awlen, 1) X(m_axi_awsize, m_axi.awsize, 1)     \
	X(m_axi_awburst, m_axi.awburst, 1) X(m_axi_awlock, m_axi.awlock, 0) \
	X(m_axi_awcache, m_axi.awcache, 0) X(m_axi_awprot, m_axi.awprot, 0) \
	X(m_axi_awvalid, m_axi.awvalid, 1) X(m_axi_awready, m_axi.awready, 1) \
	X(m_axi_wdata, m_axi.wdata, 1) X(m_axi_wstrb, m_axi.wstrb, 1)       \
	X(m_axi_wlast, m_axi.wlast, 1) X(m_axi_wvalid, m_axi.wvalid, 1)     \
	X(m_axi_wready, m_axi.wready, 1) X(m_axi_bid, m_axi.bid, 0)         \
	X(m_axi_bresp, m_axi.bresp, 1) X(m_axi_bvalid, m_axi.bvalid, 1)     \
	X(m_axi_bready, m_axi.bready, 1) X(m_axi_arid, m_axi.arid, 0)       \
	X(m_axi_araddr, m_axi.araddr, 1) X(m_axi_arlen, m_axi.arlen, 1)     \
	X(m_axi_arsize, m_axi.arsize, 1) X(m_axi_arburst, m_axi.arburst, 1) \
	X(m_axi_arlock, m_axi.arlock, 0) X(m_axi_arcache, m_axi.arcache, 0) \
	X(m_axi_arprot, m_axi.arprot, 0) X(m_axi_arvalid, m_axi.arvalid, 1) \
	X(m_axi_arready, m_axi.arready, 1) X(m_axi_rid, m_axi.rid, 0)       \
	X(m_axi_rdata, m_axi.rdata, 1) X(m_axi_rresp, m_axi.rresp, 1)       \
	X(m_axi_rlast, m_axi.rlast, 1) X(m_axi_rvalid, m_axi.rvalid, 1)     \
	X(m_axi_rready, m_axi.rready, 1)                                    \
	X(blk_resize_valid, blk_resize_valid, 0)                            \
	X(blk_resize_sectors, blk_resize_sectors, 0)

namespace {

template <typename T> vport make_port(T &storage)
{
	// CData/SData/IData/QData or VlWide<N>: the storage bytes are the
	// signal's little-endian value on a little-endian host.
	static_assert(sizeof(T) <= 0xffff, "port too wide");
	return vport{ static_cast<void *>(&storage),
		      static_cast<uint16_t>(sizeof(T)) };
}

// Detection idiom: bind_<port>(top, out, 0) binds the port when Vdut has a
// member of that name and leaves it absent otherwise.
#define VDUT_BIND_FN(port, field, req)                                      \
	template <typename T>                                               \
	auto bind_##port(T *t, vport *out, int)->decltype((void)t->port,    \
							  void())           \
	{                                                                   \
		*out = make_port(t->port);                                  \
	}                                                                   \
	template <typename T> void bind_##port(T *, vport *out, long)       \
	{                                                                   \
		*out = vport{ nullptr, 0 };                                 \
	}
VDUT_PORTS(VDUT_BIND_FN)
#undef VDUT_BIND_FN

} // namespace

struct vdut {
	std::unique_ptr<VerilatedContext> ctx; // per-model context
	std::unique_ptr<Vdut> top;             // the model
	struct vdut_ports ports;               // bound ports
#if VM_TRACE
	std::unique_ptr<VerilatedFstC> fst;    // open trace, if any
#endif
};

extern "C" {

struct vdut *vdut_create(void)
{
	std::unique_ptr<vdut> d(new vdut());
	std::string missing;

	d->ctx.reset(new VerilatedContext);
#if VM_TRACE
	d->ctx->traceEverOn(true);
#endif
	d->top.reset(new Vdut(d->ctx.get(), "dut"));
	Vdut *t = d->top.get();
#define VDUT_BIND_CALL(port, field, req)                                    \
	bind_##port(t, &d->ports.field, 0);                                 \
	if ((req) && !d->ports.field.p)                                     \
		missing += " " #port;
	VDUT_PORTS(VDUT_BIND_CALL)
#undef VDUT_BIND_CALL
	if (!missing.empty()) {
		std::fprintf(stderr,
			     "vdut: top module '%s' lacks required port(s):%s "
			     "(see docs/dut.md for the DUT contract)\n",
			     VDUT_TOP_NAME, missing.c_str());
		return nullptr;
	}
	return d.release();
}

void vdut_destroy(struct vdut *d)
{
	if (!d)
		return;
	vdut_trace_close(d);
	d->top->final();
	delete d;
}

void vdut_eval(struct vdut *d)
{
	d->top->eval();
}

const struct vdut_ports *vdut_ports(const struct vdut *d)
{
	return &d->ports;
}

const char *vdut_top_name(void)
{
	return VDUT_TOP_NAME;
}

bool vdut_trace_supported(void)
{
	return VM_TRACE != 0;
}

int vdut_trace_open(struct vdut *d, const char *path)
{
#if VM_TRACE
	vdut_trace_close(d);
	d->fst.reset(new VerilatedFstC);
	d->top->trace(d->fst.get(), 99);
	d->fst->open(path);
	if (!d->fst->isOpen()) {
		d->fst.reset();
		return -EIO;
	}
	return 0;
#else
	(void)d;
	(void)path;
	return -ENOTSUP;
#endif
}

void vdut_trace_dump(struct vdut *d, uint64_t time_ps)
{
#if VM_TRACE
	if (d->fst)
		d->fst->dump(time_ps);
#else
	(void)d;
	(void)time_ps;
#endif
}

void vdut_trace_close(struct vdut *d)
{
#if VM_TRACE
	if (d->fst) {
		d->fst->close();
		d->fst.reset();
	}
#else
	(void)d;
#endif
}

bool vdut_coverage_supported(void)
{
	return VM_COVERAGE != 0;
}

int vdut_coverage_write(struct vdut *d, const char *path)
{
#if VM_COVERAGE
	d->ctx->coveragep()->write(path);
	return 0;
#else
	(void)d;
	(void)path;
	return -ENOTSUP;
#endif
}

static void vdut_ops_eval(void *ctx)
{
	static_cast<vdut *>(ctx)->top->eval();
}

static void vdut_ops_dump(void *ctx, uint64_t time_ps)
{
	vdut_trace_dump(static_cast<vdut *>(ctx), time_ps);
}

const struct sim_model_ops vdut_model_ops = { vdut_ops_eval, vdut_ops_dump };

} // extern "C"
