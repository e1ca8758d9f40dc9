#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run FuseSoC: scripts/fusesoc.sh ARGS... is `fusesoc ARGS...`.
# FuseSoC comes from PyPI (Debian has no package); this installs it, at the
# pinned version, into a virtual environment under the build directory
# ($BUILD/venv, BUILD defaults to build/ in the checkout) the first time,
# then runs it from there. Needs python3 with venv and ensurepip (Debian:
# python3-venv, installed by `make deps`) and access to PyPI once.
set -euo pipefail

FUSESOC_VERSION=2.4.7
EDALIZE_VERSION=0.6.8

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
[[ $build == /* ]] || build=$root/$build
venv=$build/venv
stamp=$venv/.fusesoc-$FUSESOC_VERSION-edalize-$EDALIZE_VERSION

if [[ ! -e $stamp ]]; then
	echo "fusesoc.sh: installing FuseSoC $FUSESOC_VERSION (edalize" \
		"$EDALIZE_VERSION) into $venv" >&2
	if ! python3 -m venv "$venv"; then
		echo "fusesoc.sh: python3 -m venv failed: install python3-venv" \
			"(make deps)" >&2
		exit 1
	fi
	if ! "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check \
		"fusesoc==$FUSESOC_VERSION" "edalize==$EDALIZE_VERSION" >&2; then
		echo "fusesoc.sh: pip could not install fusesoc==$FUSESOC_VERSION" \
			"edalize==$EDALIZE_VERSION from PyPI" >&2
		exit 1
	fi
	rm -f "$venv"/.fusesoc-*
	touch "$stamp"
fi

# FuseSoC looks for cores in every folder under a cores root; with the
# checkout as the root, the build directory (this environment, the Verilator
# and FuseSoC outputs) is not one to search.
touch "$build/FUSESOC_IGNORE"

exec "$venv/bin/fusesoc" "$@"
