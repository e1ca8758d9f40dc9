/* SPDX-License-Identifier: MIT */
/*
 * linux_run.c - User-Mode Linux on the platform through vhost-user bridges
 * (see linux_run.h and docs/linux.md).
 */
#include "linux_run.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tb_env.h"
#include "tb_platform.h"

/* Simulated cycles per look at the fds while the RTL is busy, and cycles
 * without bus activity after which the RTL counts as idle. */
#define LR_STEP 256
#define LR_IDLE 512
/* Longest sleep in poll() when idle (ms): bounds the timeout's lateness. */
#define LR_POLL_MS 100
/* Seconds Linux has to power off once the scenario said done. */
#define LR_POWEROFF_S 20

/* The devices the run can attach. */
static const struct lr_kind {
	const char *name;
	unsigned device_id;
	uint32_t input_queues; /* receive rings: they wait for input */
} lr_kinds[] = {
	{ "net", 1, 1u << 0 }, /* receiveq1 (5.1.2) */
	{ "blk", 2, 0 },
	{ "console", 3, 0x55555555 }, /* receiveqN, control receiveq (5.3.2) */
};

/* One attached device. */
struct lr_dev {
	const struct lr_kind *k;
	uint64_t base; /* register window */
	unsigned irq;  /* irq bit */
};

struct lr {
	const struct linux_run_cfg *cfg;
	struct linux_run_result *res;
	struct tb_env *e;
	unsigned ndev;
	struct lr_dev dev[LINUX_RUN_MAX_DEVS];
	struct irq_mon *irq[LINUX_RUN_MAX_DEVS];
	struct vhost_bridge *br[LINUX_RUN_MAX_DEVS];
	char sock[LINUX_RUN_MAX_DEVS][400];
	pid_t pid;
	int con_fd, ctl_fd; /* Linux's console (read), the control line */
	char ctl_buf[512];
	size_t ctl_len;
	FILE *log;
	double t0, blocked;
	bool exited;
};

static double lr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void lr_error(struct lr *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void lr_error(struct lr *l, const char *fmt, ...)
{
	va_list ap;

	if (l->res->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(l->res->error, sizeof(l->res->error), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ DMA taps */

static void lr_tap(void *ctx, const struct mem_access *a)
{
	struct lr *l = ctx;
	unsigned slot = a->id >> 4; /* IDs are {slot, device ID} */

	for (unsigned i = 0; i < l->ndev; i++) {
		struct linux_run_dev *d = &l->res->dev[i];

		if (l->dev[i].irq != slot)
			continue;
		if (a->write)
			d->wr_bytes += a->len;
		else
			d->rd_bytes += a->len;
		if (!d->first_cycle)
			d->first_cycle = sim_cycles(l->e->sim);
		d->last_cycle = sim_cycles(l->e->sim);
	}
}

/* -------------------------------------------------------- Linux itself */

static int lr_spawn(struct lr *l)
{
	const struct linux_run_cfg *c = l->cfg;
	char a_mem[32], a_init[600], a_dev[LINUX_RUN_MAX_DEVS][460];
	char a_guest[600], a_scen[96], a_udir[600], a_sect[64], a_devs[96];
	char a_umid[48];
	const char *argv[32];
	int con[2], ctl[2], n = 0;

	if (pipe2(con, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl)) {
		lr_error(l, "cannot make the console pipe: %s",
			 strerror(errno));
		return -1;
	}
	snprintf(a_mem, sizeof(a_mem), "mem=%uM",
		 c->mem_mib ? c->mem_mib : 256);
	snprintf(a_init, sizeof(a_init), "init=%s", c->init);
	snprintf(a_guest, sizeof(a_guest), "VIO_GUEST=%s", c->guest);
	snprintf(a_scen, sizeof(a_scen), "VIO_SCENARIO=%s",
		 c->scenario ? c->scenario : "full");
	snprintf(a_udir, sizeof(a_udir), "uml_dir=%s", c->workdir);
	/* UML's own directory (pid file, management socket) under the work
	 * directory, named so the run can remove it after a kill */
	snprintf(a_umid, sizeof(a_umid), "umid=vio-%d", (int)getpid());
	/* the RAM disk's size, for the capacity check (vio_platform's
	 * BLK_DISK_BYTES default) */
	snprintf(a_sect, sizeof(a_sect), "VIO_BLK_SECTORS=%u", 1048576 / 512);
	argv[n++] = c->uml ? c->uml : "/usr/bin/linux.uml";
	argv[n++] = a_mem;
	argv[n++] = "root=/dev/root";
	argv[n++] = "rootfstype=hostfs";
	argv[n++] = "rootflags=/";
	argv[n++] = "ro"; /* the host's files are not the guest's to change */
	argv[n++] = a_init;
	argv[n++] = "quiet";
	argv[n++] = "con=null";
	argv[n++] = "con0=null,fd:1";
	argv[n++] = "con1=fd:3";
	argv[n++] = "ssl=null";
	argv[n++] = "devtmpfs.mount=0";
	argv[n++] = a_udir;
	argv[n++] = a_umid;
	strcpy(a_devs, "VIO_DEVICES=");
	for (unsigned i = 0; i < l->ndev; i++) {
		snprintf(a_dev[i], sizeof(a_dev[i]), "virtio_uml.device=%s:%u",
			 l->sock[i], l->dev[i].k->device_id);
		argv[n++] = a_dev[i];
		if (i)
			strcat(a_devs, ",");
		strcat(a_devs, l->dev[i].k->name);
	}
	argv[n++] = a_devs;
	argv[n++] = a_guest;
	argv[n++] = a_scen;
	argv[n++] = a_sect;
	argv[n] = NULL;

	fflush(NULL);
	l->pid = fork();
	if (l->pid < 0) {
		lr_error(l, "fork: %s", strerror(errno));
		return -1;
	}
	if (l->pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		/* guest_addr the same on every run (randomisation off) */
		personality(ADDR_NO_RANDOMIZE);
		setpgid(0, 0);
		dup2(nul, 0);
		dup2(con[1], 1);
		dup2(con[1], 2);
		dup2(ctl[1], 3);
		for (int fd = 4; fd < 1024; fd++)
			close(fd);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "linux: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(con[1]);
	close(ctl[1]);
	l->con_fd = con[0];
	l->ctl_fd = ctl[0];
	fcntl(l->con_fd, F_SETFL, O_NONBLOCK);
	fcntl(l->ctl_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

static void lr_kill(struct lr *l)
{
	int st;

	if (l->pid <= 0 || l->exited)
		return;
	kill(-l->pid, SIGKILL);
	kill(l->pid, SIGKILL);
	if (waitpid(l->pid, &st, 0) == l->pid)
		l->res->exit_status = st;
	l->exited = true;
}

static void lr_reap(struct lr *l)
{
	int st;

	if (l->exited || waitpid(l->pid, &st, WNOHANG) != l->pid)
		return;
	l->exited = true;
	l->res->exit_status = st;
	/* UML's helper processes go with it */
	kill(-l->pid, SIGKILL);
}

/* Linux's console into the log (and stdout when echoing). */
static void lr_console(struct lr *l)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(l->con_fd, buf, sizeof(buf))) > 0) {
		if (l->log)
			fwrite(buf, 1, (size_t)n, l->log);
		if (l->cfg->echo) {
			fwrite(buf, 1, (size_t)n, stdout);
			fflush(stdout);
		}
	}
}

/* ------------------------------------------------------- control line */

static void lr_reply(struct lr *l, const char *s)
{
	size_t len = strlen(s);

	if (send(l->ctl_fd, s, len, MSG_NOSIGNAL) != (ssize_t)len)
		lr_error(l, "control line: cannot answer Linux");
}

static void lr_check(struct lr *l, char *args)
{
	struct linux_run_result *r = l->res;
	struct linux_run_check *c;
	char *name = strtok(args, " "), *verdict = strtok(NULL, " ");
	char *detail = strtok(NULL, "");

	if (!name || !verdict ||
	    (strcmp(verdict, "pass") && strcmp(verdict, "fail"))) {
		lr_reply(l, "error usage: result NAME pass|fail [DETAIL]\n");
		return;
	}
	if (r->nchecks == LINUX_RUN_MAX_RESULTS) {
		lr_reply(l, "error too many results\n");
		return;
	}
	c = &r->checks[r->nchecks++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->detail, sizeof(c->detail), "%s", detail ? detail : "");
	c->pass = !strcmp(verdict, "pass");
	r->failed += !c->pass;
	fprintf(l->cfg->out ? l->cfg->out : stdout, "linux: %s %-16s %s\n",
		c->pass ? "PASS" : "FAIL", c->name, c->detail);
	lr_reply(l, "ok\n");
}

static void lr_resize(struct lr *l, const char *arg)
{
	uint64_t sectors;

	if (!arg || sim_parse_seed(arg, &sectors)) {
		lr_reply(l, "error usage: resize SECTORS\n");
		return;
	}
	/* the RTL's medium event (rtl/vio_blk.v) */
	if (tb_env_blk_resize(l->e, sectors))
		lr_reply(l, "error the DUT has no blk resize port\n");
	else
		lr_reply(l, "ok\n");
}

static void lr_command(struct lr *l, char *line)
{
	char *cmd = strtok(line, " "), *rest = strtok(NULL, "");

	if (!cmd)
		return;
	if (!strcmp(cmd, "hello")) {
		l->res->booted = true;
		l->res->boot_s = lr_now() - l->t0;
		lr_reply(l, "ok\n");
	} else if (!strcmp(cmd, "result")) {
		lr_check(l, rest ? rest : (char *)"");
	} else if (!strcmp(cmd, "resize")) {
		lr_resize(l, rest);
	} else if (!strcmp(cmd, "done")) {
		l->res->finished = true;
		lr_reply(l, "ok\n");
	} else {
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "error unknown command '%.60s' (hello, result, "
			 "resize, done)\n",
			 cmd);
		lr_reply(l, msg);
	}
}

static int lr_control(struct lr *l)
{
	int done = 0;
	ssize_t n;

	while ((n = read(l->ctl_fd, l->ctl_buf + l->ctl_len,
			 sizeof(l->ctl_buf) - 1 - l->ctl_len)) > 0) {
		char *nl;

		l->ctl_len += (size_t)n;
		l->ctl_buf[l->ctl_len] = '\0';
		while ((nl = memchr(l->ctl_buf, '\n', l->ctl_len))) {
			size_t len = (size_t)(nl - l->ctl_buf) + 1;

			*nl = '\0';
			if (nl > l->ctl_buf && nl[-1] == '\r')
				nl[-1] = '\0';
			lr_command(l, l->ctl_buf);
			memmove(l->ctl_buf, l->ctl_buf + len, l->ctl_len - len);
			l->ctl_len -= len;
			done++;
		}
		if (l->ctl_len == sizeof(l->ctl_buf) - 1)
			l->ctl_len = 0; /* a line too long: dropped */
	}
	return done;
}

/* ---------------------------------------------------------- main loop */

static uint64_t lr_activity(struct lr *l)
{
	struct axi_mem_stats s;
	uint64_t a;

	axi_mem_stats(l->e->axim, &s);
	a = s.ar + s.aw + s.r + s.w + s.b;
	for (unsigned i = 0; i < l->ndev; i++)
		a += irq_mon_level(l->irq[i]);
	return a;
}

static bool lr_busy(struct lr *l)
{
	for (unsigned i = 0; i < l->ndev; i++)
		if (vhost_bridge_busy(l->br[i]))
			return true;
	return false;
}

static void lr_sleep(struct lr *l)
{
	struct pollfd
		pfd[2 + LINUX_RUN_MAX_DEVS * (1 + VHOST_BRIDGE_MAX_QUEUES)];
	int n = 0;
	double t = lr_now();

	pfd[n++] = (struct pollfd){ .fd = l->con_fd, .events = POLLIN };
	pfd[n++] = (struct pollfd){ .fd = l->ctl_fd, .events = POLLIN };
	for (unsigned i = 0; i < l->ndev; i++)
		n += vhost_bridge_pollfds(l->br[i], pfd + n,
					  (int)(sizeof(pfd) / sizeof(pfd[0])) -
						  n);
	poll(pfd, (nfds_t)n, LR_POLL_MS);
	l->blocked += lr_now() - t;
}

static void lr_main(void *arg)
{
	struct lr *l = arg;
	sim_t *sim = l->e->sim;
	unsigned timeout = l->cfg->timeout_s ? l->cfg->timeout_s : 300;
	uint64_t last_act = 0, idle_since = 0;
	double t_done = 0;

	l->t0 = lr_now();
	if (lr_spawn(l))
		return;
	for (;;) {
		int work = 0;
		uint64_t act;

		for (unsigned i = 0; i < l->ndev; i++)
			work += vhost_bridge_service(l->br[i]);
		work += lr_control(l);
		lr_console(l);
		lr_reap(l);
		if (l->exited) {
			lr_console(l);
			lr_control(l);
			break;
		}
		if (sim_report_count(sim, SIM_ERROR)) {
			lr_error(l, "the simulation reported: %s",
				 sim_first_error(sim));
			lr_kill(l);
			break;
		}
		if (l->res->finished && !t_done)
			t_done = lr_now();
		if (t_done && lr_now() - t_done > LR_POWEROFF_S) {
			lr_error(l,
				 "Linux did not power off within %u s after "
				 "the scenario finished: see %s",
				 LR_POWEROFF_S, l->res->console_log);
			lr_kill(l);
			break;
		}
		if (lr_now() - l->t0 > timeout) {
			l->res->timed_out = true;
			lr_error(l,
				 "no end after %u s (wall clock): Linux was "
				 "stopped; see %s",
				 timeout, l->res->console_log);
			lr_kill(l);
			break;
		}
		act = lr_activity(l);
		if (work || act != last_act || lr_busy(l)) {
			last_act = act;
			idle_since = sim_cycles(sim);
		}
		if (sim_cycles(sim) - idle_since < LR_IDLE) {
			sim_wait_cycles(sim, LR_STEP);
			continue;
		}
		lr_sleep(l);
	}
	lr_console(l);
}

/* UML's directory of this run, left behind when it was killed. */
static void lr_clean_umid(const char *workdir)
{
	char d[600], f[640];

	snprintf(d, sizeof(d), "%s/vio-%d", workdir, (int)getpid());
	snprintf(f, sizeof(f), "%s/pid", d);
	unlink(f);
	snprintf(f, sizeof(f), "%s/mconsole", d);
	unlink(f);
	rmdir(d);
}

/* NAME@BASE:IRQ,... into l->dev: 0, or -1 with the reason in res. */
static int lr_parse_devices(struct lr *l, const char *spec)
{
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *at = strchr(tok, '@'),
		     *colon = at ? strchr(at, ':') : NULL;
		struct lr_dev *d = &l->dev[l->ndev];
		uint64_t base, irq;
		unsigned k;

		if (at)
			*at = '\0';
		if (colon)
			*colon = '\0';
		for (k = 0; k < sizeof(lr_kinds) / sizeof(lr_kinds[0]); k++)
			if (!strcmp(tok, lr_kinds[k].name))
				break;
		if (!at || !colon ||
		    k == sizeof(lr_kinds) / sizeof(lr_kinds[0]) ||
		    sim_parse_seed(at + 1, &base) || base % 4096 ||
		    sim_parse_seed(colon + 1, &irq) || irq > 31 ||
		    l->ndev == LINUX_RUN_MAX_DEVS) {
			snprintf(
				l->res->error, sizeof(l->res->error),
				"devices: '%s' is not NAME@BASE:IRQ (NAME net, "
				"blk or console; BASE 4 KiB aligned; IRQ the "
				"irq bit 0..31; at most %u devices), e.g. %s",
				spec, LINUX_RUN_MAX_DEVS, LINUX_RUN_DEVICES);
			return -1;
		}
		d->k = &lr_kinds[k];
		d->base = base;
		d->irq = (unsigned)irq;
		l->ndev++;
	}
	if (!l->ndev) {
		snprintf(l->res->error, sizeof(l->res->error),
			 "devices: none given, e.g. %s", LINUX_RUN_DEVICES);
		return -1;
	}
	return 0;
}

/* The last lines of Linux's console: what it said before it failed. */
static void lr_console_tail(const char *path, FILE *out, unsigned lines)
{
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n;
	long sz;
	char *p;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, sz > (long)sizeof(buf) - 1 ? sz - (long)sizeof(buf) + 1 : 0,
	      SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf + n;
	for (unsigned k = 0; p > buf && k <= lines; p--)
		if (p[-1] == '\n' && ++k > lines)
			break;
	fprintf(out, "linux: the end of %s:\n%s", path, p);
}

int linux_run(const struct linux_run_cfg *cfg, struct linux_run_result *res)
{
	struct tb_env_cfg ec = { .name = "linux", .seed = cfg->seed };
	struct lr l = { .cfg = cfg, .res = res, .con_fd = -1, .ctl_fd = -1 };
	FILE *out = cfg->out ? cfg->out : stdout;
	double t0 = lr_now();
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (mkdir(cfg->workdir, 0777) && errno != EEXIST) {
		snprintf(res->error, sizeof(res->error), "cannot make %s: %s",
			 cfg->workdir, strerror(errno));
		return -1;
	}
	if (access(cfg->uml ? cfg->uml : "/usr/bin/linux.uml", X_OK)) {
		snprintf(res->error, sizeof(res->error),
			 "%s not found: install user-mode-linux (make deps)",
			 cfg->uml ? cfg->uml : "/usr/bin/linux.uml");
		return -1;
	}
	if (access(cfg->guest, X_OK) || access(cfg->init, X_OK)) {
		snprintf(res->error, sizeof(res->error),
			 "%s or %s is missing or not executable (make linux "
			 "builds them)",
			 cfg->guest, cfg->init);
		return -1;
	}
	if (lr_parse_devices(&l,
			     cfg->devices ? cfg->devices : LINUX_RUN_DEVICES))
		return -1;
	snprintf(res->console_log, sizeof(res->console_log), "%s/console.log",
		 cfg->workdir);
	l.log = fopen(res->console_log, "w");
	ec.quiet = true;
	ec.mem.rd_lat_max = ec.mem.wr_lat_max = cfg->lat_max;
	l.e = tb_env_create(&ec);
	if (!l.e) {
		snprintf(res->error, sizeof(res->error),
			 "cannot build the platform");
		goto out;
	}
	/* Q4: the devices touch Linux's memory only (the bridges open it) */
	mem_set_default_perm(l.e->mem, MEM_NONE);
	mem_tap_add(l.e->mem, lr_tap, &l);
	for (unsigned i = 0; i < l.ndev; i++) {
		unsigned s = l.dev[i].irq;
		struct vhost_bridge_cfg bc = {
			.name = l.dev[i].k->name,
			.sim = l.e->sim,
			.axil = l.e->axil,
			.base = l.dev[i].base,
			.mem = l.e->mem,
			.input_queues = l.dev[i].k->input_queues,
		};

		l.irq[i] = s < l.e->nirq ? l.e->irqs[s] : NULL;
		snprintf(l.sock[i], sizeof(l.sock[i]), "%s/%s.sock",
			 cfg->workdir, l.dev[i].k->name);
		bc.path = l.sock[i];
		bc.irq = l.irq[i];
		l.br[i] = vhost_bridge_create(&bc);
		if (!l.irq[i] || !l.br[i]) {
			snprintf(res->error, sizeof(res->error),
				 "cannot serve %s on %s", l.dev[i].k->name,
				 l.sock[i]);
			goto out;
		}
	}
	fprintf(out, "linux: booting %s with",
		cfg->uml ? cfg->uml : "/usr/bin/linux.uml");
	for (unsigned i = 0; i < l.ndev; i++)
		fprintf(out, " %s@0x%llx", l.dev[i].k->name,
			(unsigned long long)l.dev[i].base);
	fprintf(out, " (log: %s)\n", res->console_log);
	fflush(out);
	tb_env_run(l.e, lr_main, &l, UINT64_MAX / 2);
	lr_kill(&l);
	lr_clean_umid(cfg->workdir);
	res->cycles = sim_cycles(l.e->sim);
	if (res->timed_out || !res->finished)
		for (unsigned i = 0; i < l.ndev; i++)
			vhost_bridge_dump(l.br[i], out);
	res->wall_s = lr_now() - t0;
	res->sim_s = res->wall_s - l.blocked;
	res->ndev = l.ndev;
	for (unsigned i = 0; i < l.ndev; i++) {
		res->dev[i].name = l.dev[i].k->name;
		vhost_bridge_stats(l.br[i], &res->dev[i].st);
	}
	if (!res->error[0] && sim_report_count(l.e->sim, SIM_ERROR))
		lr_error(&l, "the simulation reported: %s",
			 sim_first_error(l.e->sim));
	if (!res->error[0] && !res->booted)
		lr_error(&l,
			 "Linux stopped before the scenario started (exit "
			 "status 0x%x): see %s",
			 res->exit_status, res->console_log);
	if (!res->error[0] && !res->finished)
		lr_error(&l,
			 "Linux stopped before the scenario finished (%u "
			 "checks reported): see %s",
			 res->nchecks, res->console_log);
	if (!res->error[0] && res->failed)
		lr_error(&l, "%u of %u checks failed", res->failed,
			 res->nchecks);
	ret = res->error[0] ? -1 : 0;
	if (ret && !cfg->echo)
		lr_console_tail(res->console_log, out, 30);
out:
	for (unsigned i = 0; i < l.ndev; i++) {
		vhost_bridge_destroy(l.br[i]);
	}
	if (l.e)
		tb_env_destroy(l.e);
	if (l.con_fd >= 0)
		close(l.con_fd);
	if (l.ctl_fd >= 0)
		close(l.ctl_fd);
	if (l.log)
		fclose(l.log);
	return ret;
}

void linux_run_summary(const struct linux_run_result *r, FILE *out)
{
	double sim_s = r->sim_s > 0 ? r->sim_s : 1e-9;

	/* requests: used elements; cycles: first to last DMA of the slot;
	 * MB/s: DMA bytes over those cycles at 100 MHz (the RTL's rate),
	 * and over the run's wall time (what Linux saw) */
	fprintf(out, "linux: %-8s %8s %6s %6s %10s %10s %10s %9s %9s\n",
		"device", "requests", "kicks", "irqs", "DMA rd B", "DMA wr B",
		"cycles", "MB/s sim", "MB/s wall");
	for (unsigned i = 0; i < r->ndev; i++) {
		const struct linux_run_dev *d = &r->dev[i];
		uint64_t cyc = d->last_cycle - d->first_cycle;
		double bytes = (double)(d->rd_bytes + d->wr_bytes);

		fprintf(out,
			"linux: %-8s %8" PRIu64 " %6" PRIu64 " %6" PRIu64
			" %10" PRIu64 " %10" PRIu64 " %10" PRIu64
			" %9.1f %9.3f\n",
			d->name ? d->name : "?", d->st.used, d->st.kicks,
			d->st.irqs, d->rd_bytes, d->wr_bytes, cyc,
			cyc ? bytes / 1e6 / (cyc / (1e12 / TB_CLK_PERIOD))
			    : 0.0,
			bytes / 1e6 / (r->wall_s > 0 ? r->wall_s : 1));
	}
	fprintf(out,
		"linux: boot to scenario %.2f s; wall %.2f s, simulating "
		"%.2f s (%.0f %%), waiting for Linux %.2f s; %" PRIu64
		" cycles, %.3f M cycles/s while simulating\n",
		r->boot_s, r->wall_s, r->sim_s,
		r->wall_s > 0 ? 100.0 * r->sim_s / r->wall_s : 0.0,
		r->wall_s - r->sim_s, r->cycles,
		(double)r->cycles / 1e6 / sim_s);
	fprintf(out, "linux: %u checks, %u failed%s%s\n", r->nchecks, r->failed,
		r->error[0] ? "; " : "", r->error);
}
