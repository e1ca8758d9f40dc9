/* SPDX-License-Identifier: MIT */
/*
 * vio_guest.c - the helper the Linux scenario (init.sh) runs inside
 * User-Mode Linux. The guest sees the host's files through a read-only
 * hostfs root, so this host binary runs there as is; it does what a
 * minimal system has no tool for: load and unload modules, power off,
 * make device nodes from sysfs, talk to the host over the control line,
 * and the data checks (O_DIRECT pattern on a disk, echo through a tty,
 * raw frames through a network interface), each printing what it measured.
 *
 *   vio-guest insmod PATH             finit_module
 *   vio-guest rmmod NAME              delete_module
 *   vio-guest poweroff                sync, power off
 *   vio-guest mknod SYSFS_DEV PATH b|c  node from "major:minor"
 *   vio-guest host TTY LINE...        send a line to the host, print and
 *                                     check the answer ("ok ...")
 *   vio-guest blk DEV OFFSET BYTES CHUNK SEED
 *                                     O_DIRECT pattern write, read back
 *   vio-guest tty DEV BYTES           a line, then BYTES, echoed back
 *   vio-guest net IFNAME FRAMES       raw frames out and back in
 *
 * Exit status 0 on success, 1 on a failed check (with the reason on
 * stderr), 2 on bad usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ETH_P_VIO 0x88b5 /* IEEE local experimental EtherType */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vio-guest: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "vio-guest: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

/* xorshift64*: the pattern of byte i of a run seeded s */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void fill(uint8_t *b, size_t n, uint64_t seed)
{
	uint64_t s = seed | 1;

	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = rnd(&s);

		memcpy(b + i, &v, n - i < 8 ? n - i : 8);
	}
}

static int raw_tty(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t))
		return -1;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSANOW, &t);
}

/* Read exactly n bytes within timeout seconds: bytes read. */
static size_t read_full(int fd, uint8_t *b, size_t n, double timeout)
{
	size_t got = 0;
	double end = now() + timeout;

	while (got < n && now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = read(fd, b + got, n - got);
		if (r > 0)
			got += (size_t)r;
	}
	return got;
}

/* ------------------------------------------------------------ commands */

static int cmd_insmod(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fail("insmod %s: %s", path, strerror(errno));
	if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
		return fail("insmod %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

static int cmd_rmmod(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK))
		return fail("rmmod %s: %s", name, strerror(errno));
	return 0;
}

static int cmd_mknod(const char *sysfs, const char *path, const char *type)
{
	FILE *f = fopen(sysfs, "r");
	unsigned ma, mi;

	if (!f || fscanf(f, "%u:%u", &ma, &mi) != 2)
		return fail("mknod: cannot read major:minor from %s", sysfs);
	fclose(f);
	unlink(path);
	if (mknod(path, (type[0] == 'b' ? S_IFBLK : S_IFCHR) | 0600,
		  makedev(ma, mi)))
		return fail("mknod %s: %s", path, strerror(errno));
	return 0;
}

static int cmd_host(const char *tty, int argc, char **argv)
{
	char line[512] = "", reply[512];
	size_t got = 0;
	int fd = open(tty, O_RDWR | O_NOCTTY);
	double end = now() + 60;

	if (fd < 0)
		return fail("host: %s: %s", tty, strerror(errno));
	raw_tty(fd);
	for (int i = 0; i < argc; i++) {
		strncat(line, argv[i], sizeof(line) - strlen(line) - 2);
		if (i + 1 < argc)
			strcat(line, " ");
	}
	strcat(line, "\n");
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line))
		return fail("host: write to %s: %s", tty, strerror(errno));
	while (got < sizeof(reply) - 1 && now() < end) {
		ssize_t r = read(fd, reply + got, 1);

		if (r == 1) {
			if (reply[got] == '\n')
				break;
			got++;
		} else {
			usleep(1000);
		}
	}
	reply[got] = '\0';
	close(fd);
	if (strncmp(reply, "ok", 2))
		return fail("host answered '%s' to '%.*s'", reply,
			    (int)strlen(line) - 1, line);
	return 0;
}

static int cmd_blk(const char *dev, uint64_t off, uint64_t bytes,
		   uint64_t chunk, uint64_t seed)
{
	uint8_t *want, *buf;
	int fd = open(dev, O_RDWR | O_DIRECT);
	double t0, tw, tr;
	uint64_t reqs = 0;

	if (fd < 0)
		return fail("blk: %s: %s", dev, strerror(errno));
	if (!chunk || chunk % 512 || bytes % chunk)
		return fail("blk: chunk %" PRIu64 " must be a multiple of 512 "
			    "dividing %" PRIu64,
			    chunk, bytes);
	if (posix_memalign((void **)&want, 4096, bytes) ||
	    posix_memalign((void **)&buf, 4096, bytes))
		return fail("blk: out of memory");
	fill(want, bytes, seed);
	t0 = now();
	for (uint64_t o = 0; o < bytes; o += chunk, reqs++)
		if (pwrite(fd, want + o, chunk, (off_t)(off + o)) !=
		    (ssize_t)chunk)
			return fail("blk: write at %" PRIu64 ": %s", off + o,
				    strerror(errno));
	if (fsync(fd))
		return fail("blk: fsync: %s", strerror(errno));
	tw = now() - t0;
	memset(buf, 0, bytes);
	t0 = now();
	for (uint64_t o = 0; o < bytes; o += chunk)
		if (pread(fd, buf + o, chunk, (off_t)(off + o)) !=
		    (ssize_t)chunk)
			return fail("blk: read at %" PRIu64 ": %s", off + o,
				    strerror(errno));
	tr = now() - t0;
	close(fd);
	for (uint64_t i = 0; i < bytes; i++)
		if (buf[i] != want[i])
			return fail("blk: byte %" PRIu64 " read 0x%02x, "
				    "written 0x%02x",
				    off + i, buf[i], want[i]);
	printf("%" PRIu64 " KiB in %" PRIu64 " B requests: write %.2f MB/s "
	       "(%.0f req/s), read %.2f MB/s (%.0f req/s), every byte "
	       "matches\n",
	       bytes >> 10, chunk, bytes / 1e6 / tw, reqs / tw,
	       bytes / 1e6 / tr, reqs / tr);
	return 0;
}

static int cmd_tty(const char *dev, uint64_t bytes)
{
	static const char line[] = "hello from Linux through virtio-console\n";
	uint8_t *want = malloc(bytes + 1), *got = malloc(bytes + 1);
	int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK);
	size_t n;
	uint64_t sent = 0, recv = 0;
	double t0, end;

	if (fd < 0 || !want || !got)
		return fail("tty: %s: %s", dev, strerror(errno));
	if (raw_tty(fd))
		return fail("tty: %s: cannot set raw mode: %s", dev,
			    strerror(errno));
	tcflush(fd, TCIOFLUSH);
	if (write(fd, line, sizeof(line) - 1) != (ssize_t)sizeof(line) - 1)
		return fail("tty: write: %s", strerror(errno));
	n = read_full(fd, got, sizeof(line) - 1, 10);
	if (n != sizeof(line) - 1 || memcmp(got, line, n))
		return fail("tty: the line came back as %zu bytes '%.*s'", n,
			    (int)n, (char *)got);
	/* bulk: keep writing while reading back what came */
	fill(want, bytes, 0x5eed);
	t0 = now();
	end = t0 + 60;
	while (recv < bytes && now() < end) {
		struct pollfd p = { .fd = fd,
				    .events = POLLIN |
					      (sent < bytes ? POLLOUT : 0) };
		ssize_t r;

		poll(&p, 1, 100);
		if (sent < bytes && (p.revents & POLLOUT)) {
			size_t k = bytes - sent > 1024 ? 1024 : bytes - sent;

			r = write(fd, want + sent, k);
			if (r > 0)
				sent += (uint64_t)r;
		}
		r = read(fd, got + recv, bytes - recv);
		if (r > 0)
			recv += (uint64_t)r;
	}
	close(fd);
	if (recv != bytes)
		return fail("tty: %" PRIu64 " of %" PRIu64 " bulk bytes came "
			    "back (%" PRIu64 " sent)",
			    recv, bytes, sent);
	for (uint64_t i = 0; i < bytes; i++)
		if (got[i] != want[i])
			return fail("tty: bulk byte %" PRIu64 " came back as "
				    "0x%02x, sent 0x%02x",
				    i, got[i], want[i]);
	printf("a line and %" PRIu64 " bytes echoed, every byte matches "
	       "(%.1f KB/s)\n",
	       bytes, bytes / 1e3 / (now() - t0));
	return 0;
}

static int cmd_net(const char *ifname, uint64_t frames)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_VIO));
	struct ifreq ifr = { 0 };
	struct sockaddr_ll sll = { 0 };
	uint8_t tx[1514], rx[2048], mac[6];
	uint64_t back = 0;
	double t0 = now();

	if (s < 0)
		return fail("net: packet socket: %s", strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return fail("net: %s: %s", ifname, strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return fail("net: %s up: %s", ifname, strerror(errno));
	if (ioctl(s, SIOCGIFHWADDR, &ifr))
		return fail("net: %s address: %s", ifname, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(s, SIOCGIFINDEX, &ifr))
		return fail("net: %s index: %s", ifname, strerror(errno));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_VIO);
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		return fail("net: bind: %s", strerror(errno));
	for (uint64_t f = 0; f < frames; f++) {
		size_t len = 60 + (size_t)(f * 397 % (sizeof(tx) - 60 + 1));
		double end = now() + 5;

		memset(tx, 0xff, 6); /* broadcast: no filter drops it */
		memcpy(tx + 6, mac, 6);
		tx[12] = ETH_P_VIO >> 8;
		tx[13] = ETH_P_VIO & 0xff;
		fill(tx + 14, len - 14, f + 1);
		memcpy(tx + 14, &f, sizeof(f));
		if (send(s, tx, len, 0) != (ssize_t)len)
			return fail("net: send frame %" PRIu64 ": %s", f,
				    strerror(errno));
		for (;;) {
			struct sockaddr_ll from;
			socklen_t fl = sizeof(from);
			struct pollfd p = { .fd = s, .events = POLLIN };
			ssize_t r;

			if (now() > end)
				return fail("net: frame %" PRIu64
					    " (%zu bytes) "
					    "did not come back within 5 s",
					    f, len);
			if (poll(&p, 1, 100) <= 0)
				continue;
			r = recvfrom(s, rx, sizeof(rx), 0,
				     (struct sockaddr *)&from, &fl);
			if (r < 0 || from.sll_pkttype == PACKET_OUTGOING)
				continue; /* our own copy of what was sent */
			if ((size_t)r != len || memcmp(rx, tx, len))
				return fail("net: frame %" PRIu64 " came back "
					    "as %zd bytes, differing from "
					    "the %zu sent",
					    f, r, len);
			back++;
			break;
		}
	}
	close(s);
	printf("%" PRIu64 " frames of 60..1514 bytes sent and received "
	       "back, every byte matches (%.0f frames/s)\n",
	       back, back / (now() - t0));
	return 0;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(c, "insmod") && argc == 3)
		return cmd_insmod(argv[2]);
	if (!strcmp(c, "rmmod") && argc == 3)
		return cmd_rmmod(argv[2]);
	if (!strcmp(c, "poweroff") && argc == 2) {
		sync();
		reboot(RB_POWER_OFF);
		return fail("poweroff: %s", strerror(errno));
	}
	if (!strcmp(c, "mknod") && argc == 5)
		return cmd_mknod(argv[2], argv[3], argv[4]);
	if (!strcmp(c, "host") && argc >= 4)
		return cmd_host(argv[2], argc - 3, argv + 3);
	if (!strcmp(c, "blk") && argc == 7)
		return cmd_blk(argv[2], num(argv[3]), num(argv[4]),
			       num(argv[5]), num(argv[6]));
	if (!strcmp(c, "tty") && argc == 4)
		return cmd_tty(argv[2], num(argv[3]));
	if (!strcmp(c, "net") && argc == 4)
		return cmd_net(argv[2], num(argv[3]));
	fprintf(stderr,
		"usage: vio-guest insmod PATH | rmmod NAME | poweroff |\n"
		"       mknod SYSFS_DEV PATH b|c | host TTY LINE... |\n"
		"       blk DEV OFFSET BYTES CHUNK SEED | tty DEV BYTES |\n"
		"       net IFNAME FRAMES\n");
	return 2;
}
