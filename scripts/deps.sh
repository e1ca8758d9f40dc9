#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what the project needs from the system's package manager (Debian
# 12 and derivatives). Idempotent: when everything is present it only checks.
set -euo pipefail

# package -> a command or file (a glob) that shows it is installed
pkgs=(
	"build-essential:gcc"
	"g++:g++"
	"make:make"
	"pkg-config:pkg-config"
	"verilator:verilator"
	"check:/usr/include/check.h"
	"gtkwave:gtkwave"
	"iverilog:iverilog"
	"yosys:yosys"
	"clang-format:clang-format"
	"zlib1g-dev:/usr/include/zlib.h"
	# make linux and the linux suite: the real kernel as a program, and
	# the ext2 tools its scenario runs
	"user-mode-linux:/usr/bin/linux.uml"
	"e2fsprogs:/sbin/mkfs.ext2"
	# make test: JUnit files checked against scripts/junit.xsd; builds
	# shared by parallel suites wait on a lock
	"libxml2-utils:xmllint"
	"util-linux:flock"
	# make check-fusesoc: FuseSoC from PyPI in a virtual environment;
	# python3 -m venv needs ensurepip, which python3-venv brings
	"python3-venv:/usr/lib/python3*/ensurepip/__init__.py"
	# make coverage: the HTML reports
	"lcov:genhtml"
	# make bench: the efficiency plot (docs/bench.png)
	"gnuplot-nox:gnuplot"
)

missing=()
for entry in "${pkgs[@]}"; do
	pkg=${entry%%:*}
	probe=${entry#*:}
	if [[ $probe == /* ]]; then
		compgen -G "$probe" >/dev/null && continue
	else
		command -v "$probe" >/dev/null 2>&1 && continue
	fi
	missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
	echo "deps: everything is installed ($(verilator --version | head -1))"
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing ${missing[*]}; this script knows apt-get only:" >&2
	echo "deps: install those packages with your package manager" >&2
	exit 1
fi

sudo=()
if ((EUID != 0)); then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "deps: need root (or sudo) to install: ${missing[*]}" >&2
		exit 1
	fi
fi

echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
	--no-install-recommends "${missing[@]}"

ver=$(verilator --version | awk '{print $2}')
if [[ $(printf '%s\n5.006\n' "$ver" | sort -V | head -1) != 5.006 ]]; then
	echo "deps: Verilator $ver is older than 5.006; the build may fail" >&2
fi
echo "deps: done"
