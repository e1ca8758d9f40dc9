#!/bin/sh
# SPDX-License-Identifier: MIT
# The scenario User-Mode Linux runs as init on the platform RTL (make linux,
# the linux suite; docs/linux.md). Linux's own drivers (virtio_blk,
# virtio_net, virtio_console, loaded from the modules Debian ships) drive
# the RTL through the vhost-user bridges. Each check reports its verdict to
# the host over the control line (tty1): `check NAME COMMAND...` runs the
# command and reports its last line of output.
#
# The root is the host's filesystem, read-only. A tmpfs over /dev hides the
# host's /dev (the host's /dev/vda is not the guest's disk): the guest's
# device nodes are made there from sysfs, and scratch files go there too.
# (Not /tmp: the project itself may live under /tmp, and Linux runs the
# helper from it.)
#
# Environment (from the kernel command line): VIO_GUEST, the helper;
# VIO_SCENARIO, full or quick; VIO_DEVICES, the devices attached (net,
# blk, console: a section runs only for those); VIO_BLK_SECTORS, the
# disk's capacity.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
G=$VIO_GUEST
M=/usr/lib/uml/modules/$(uname -r)/kernel

if [ ! -x "$G" ]; then
	echo "init: the helper $G is not there: build it with make linux"
	exit 1
fi
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o size=64m,mode=0755 tmpfs /dev
mkdir -p /dev/mnt
$G mknod /sys/class/tty/tty1/dev /dev/ctl c
CTL=/dev/ctl

host() { "$G" host "$CTL" "$@"; }

# has DEVICE: the device is attached
has() {
	case ",$VIO_DEVICES," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}

# check NAME COMMAND...: run it, report pass or fail with its last line
check() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	last=$(printf '%s\n' "$out" | tail -n 1)
	[ -n "$last" ] || last="exit status $rc"
	if [ $rc -eq 0 ]; then
		host result "$name" pass "$last"
	else
		printf '%s: FAILED\n%s\n' "$name" "$out"
		host result "$name" fail "$last"
	fi
	return $rc
}

# wait_for PATH [TRIES]: until it exists (tenths of a second)
wait_for() {
	n=${2:-100}
	while [ ! -e "$1" ] && [ "$n" -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	[ -e "$1" ] || { echo "$1 did not appear"; return 1; }
}

# equals WHAT GOT WANT
equals() {
	[ "$2" = "$3" ] && { echo "$1 $2"; return 0; }
	echo "$1 is '$2', expected '$3'"
	return 1
}

# size_is N: /sys/block/vda/size becomes N within 10 s
size_is() {
	n=100
	while [ "$(cat /sys/block/vda/size)" != "$1" ] && [ $n -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	equals "capacity (sectors)" "$(cat /sys/block/vda/size)" "$1"
}

insmod_blk() { $G insmod $M/drivers/block/virtio_blk.ko && wait_for /sys/block/vda/dev && $G mknod /sys/block/vda/dev /dev/vda b; }
insmod_net() { $G insmod $M/drivers/net/virtio_net.ko && wait_for /sys/class/net/eth0; }
insmod_con() { $G insmod $M/drivers/char/virtio_console.ko && wait_for /sys/class/tty/hvc0/dev && $G mknod /sys/class/tty/hvc0/dev /dev/hvc0 c; }

counters() {
	tx=$(cat /sys/class/net/eth0/statistics/tx_packets)
	rx=$(cat /sys/class/net/eth0/statistics/rx_packets)
	if [ "$tx" -ge "$1" ] && [ "$rx" -ge "$1" ]; then
		echo "eth0 counters: tx_packets $tx, rx_packets $rx (>= $1 each)"
		return 0
	fi
	echo "eth0 counters: tx_packets $tx, rx_packets $rx: expected >= $1 each"
	return 1
}

ext2() {
	seq 1 40000 > /dev/data &&
	mkfs.ext2 -q -F /dev/vda &&
	mount -t ext2 /dev/vda /dev/mnt &&
	cp /dev/data /dev/mnt/data && umount /dev/mnt &&
	mount -t ext2 -o ro /dev/vda /dev/mnt &&
	cmp /dev/data /dev/mnt/data && umount /dev/mnt &&
	fsck.ext2 -fn /dev/vda >/dev/null &&
	echo "mkfs, mount, $(wc -c < /dev/data) B file written and read back after a remount, fsck clean"
}

host hello || $G poweroff

if [ "$VIO_SCENARIO" = quick ]; then
	BLK=262144 TTY=8192 FRAMES=16
else
	BLK=1048576 TTY=65536 FRAMES=64
fi

resize_to() { host resize "$1" && size_is "$1"; }

reprobe_blk() {
	$G rmmod virtio_blk && insmod_blk &&
	size_is $((VIO_BLK_SECTORS / 2)) >/dev/null &&
	$G blk /dev/vda 0 65536 4096 3
}
reprobe_con() { $G rmmod virtio_console && insmod_con && $G tty /dev/hvc0 4096; }
reprobe_net() { $G rmmod virtio_net && insmod_net && $G net eth0 8; }

# ---- virtio-blk
if has blk && check blk_probe insmod_blk; then
	check blk_capacity size_is "$VIO_BLK_SECTORS"
	check blk_odirect_4k $G blk /dev/vda 0 $BLK 4096 1
	check blk_odirect_64k $G blk /dev/vda 0 $BLK 65536 2
	check blk_ext2 ext2
	check blk_resize resize_to $((VIO_BLK_SECTORS / 2))
fi

# ---- virtio-console
if has console && check console_probe insmod_con; then
	check console_echo $G tty /dev/hvc0 $TTY
fi

# ---- virtio-net (virtio_net needs the failover modules)
if has net && $G insmod $M/net/core/failover.ko &&
	$G insmod $M/drivers/net/net_failover.ko &&
	check net_probe insmod_net; then
	check net_loopback $G net eth0 $FRAMES
	check net_counters counters $FRAMES
fi

# ---- remove and probe again: each device is reset and set up anew
has blk && check blk_reprobe reprobe_blk
has console && check console_reprobe reprobe_con
has net && check net_reprobe reprobe_net

host done
$G poweroff
