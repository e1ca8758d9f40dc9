/* SPDX-License-Identifier: MIT */
/*
 * linux_run.h - the real Linux kernel (User-Mode Linux, Debian's
 * /usr/bin/linux.uml) drives the platform (rtl/vio_platform.v) through one
 * vhost-user bridge per device (model/vhost_bridge.h), and runs a scenario
 * script inside Linux (testbench/linux/init.sh) that reports each check
 * back over a control line. Used by `make linux` (linux_main.c) and by the
 * linux suite (test_linux.c); see docs/linux.md.
 *
 * The run: the platform is built and reset, every bridge listens, then
 * Linux starts (address-space randomisation off, hostfs root read-only,
 * its console into console.log) with virtio_uml.device=<socket>:<id> per
 * device. One simulation thread serves the bridges and the control line;
 * simulated time advances while the DMA or the bus is busy, and the
 * thread sleeps in poll() when the RTL is idle and Linux has not spoken.
 * The run ends when Linux powers off, at the wall-clock timeout, or at the
 * first error the simulation reports (NEEDS_RESET, a protocol checker, a
 * DMA outside Linux's memory): Linux is then stopped and the error named.
 */
#ifndef LINUX_RUN_H
#define LINUX_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vhost_bridge.h"

#define LINUX_RUN_MAX_DEVS 4
/* The platform's devices Linux has drivers for (slots 0..2; this kernel
 * has no virtio-rng driver): name@register base:irq bit, comma apart. */
#define LINUX_RUN_DEVICES \
	"net@0x10001000:0,blk@0x10002000:1,console@0x10003000:2"
#define LINUX_RUN_MAX_RESULTS 64

/** Options; zero-initialise, then set at least the paths. */
struct linux_run_cfg {
	const char *uml;      /* the kernel (default /usr/bin/linux.uml) */
	const char *init;     /* scenario script run as init */
	const char *guest;    /* the guest helper binary (vio-guest) */
	const char *workdir;  /* sockets, console.log (created) */
	const char *scenario; /* VIO_SCENARIO for the script ("full") */
	const char *devices;  /* NAME@BASE:IRQ,... (LINUX_RUN_DEVICES);
			       * NAME: net, blk or console */
	unsigned mem_mib;     /* Linux's memory (default 256) */
	unsigned timeout_s;   /* wall-clock limit (default 300) */
	unsigned lat_max;     /* memory latency 0..lat_max (default 0) */
	uint64_t seed;	      /* run seed */
	bool echo;	      /* copy Linux's console to stdout */
	FILE *out;	      /* progress and summary (default stdout) */
};

/** One check the scenario reported. */
struct linux_run_check {
	char name[48];
	bool pass;
	char detail[160];
};

/** Per device. */
struct linux_run_dev {
	const char *name;		  /* "net", "blk", "console" */
	struct vhost_bridge_stats st;	  /* bridge counters */
	uint64_t rd_bytes, wr_bytes;	  /* DMA bytes: AXI IDs whose bits above
				      * the low 4 are its irq bit (the
				      * platform's {slot, ID}) */
	uint64_t first_cycle, last_cycle; /* first and last DMA */
};

/** What happened. */
struct linux_run_result {
	bool booted;	 /* the scenario said hello */
	bool finished;	 /* the scenario said done */
	bool timed_out;	 /* the wall-clock limit hit */
	int exit_status; /* Linux's wait status */
	char error[256]; /* the first error, "" if none */
	unsigned nchecks, failed;
	struct linux_run_check checks[LINUX_RUN_MAX_RESULTS];
	unsigned ndev; /* devices attached */
	struct linux_run_dev dev[LINUX_RUN_MAX_DEVS];
	double boot_s;	       /* exec to the scenario's hello */
	double wall_s;	       /* the whole run */
	double sim_s;	       /* wall time spent simulating */
	uint64_t cycles;       /* simulated cycles */
	char console_log[512]; /* path of Linux's console output */
};

/** Run Linux on the platform: 0 when the scenario finished with every
 *  check passed and the simulation reported no error, else -1 (the reason
 *  in res->error). The platform model must be linked in. */
int linux_run(const struct linux_run_cfg *cfg, struct linux_run_result *res);
/** Print the per-device summary and the checks. */
void linux_run_summary(const struct linux_run_result *res, FILE *out);

#endif /* LINUX_RUN_H */
