#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The RTL of a revision of this repository, extracted once into
# build/bench/base-<commit>/ (git archive), for builds that compare this
# tree with it (scripts/bench_speed.sh, scripts/equiv.sh). Prints two lines:
# the source files (DUT_SRCS) and the include option (DUT_INCS).
#
# usage: scripts/ref_rtl.sh REVISION
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: scripts/ref_rtl.sh REVISION}
if ! sha=$(git rev-parse --verify -q "$rev^{commit}" 2>/dev/null); then
	echo "ref_rtl: '$rev' is not a revision of this repository;" \
		"name one that is (EQUIV_REF= or BENCH_BASE= with make; a clone with its history)" >&2
	exit 2
fi
base=build/bench/base-${sha:0:12}
if [ ! -f "$base/vio.f" ]; then
	rm -rf "$base" && mkdir -p "$base"
	git archive "$sha" rtl | tar -x -C "$base"
	mv "$base/rtl/vio.f" "$base/vio.f"
fi
grep -v -e '^+' -e '^[[:space:]]*//' -e '^[[:space:]]*$' "$base/vio.f" |
	sed "s|^|$base/|" | tr '\n' ' '
echo
echo "-I$base/rtl"
