#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Print "UNIT test" for every test the given sources register
# (tb_add(r, test, ...) or tb_add_seeded(r, test, ...), tb.h), without
# building anything.
#
# usage: list_tests.sh UNIT file.c...
set -euo pipefail
unit=$1
shift
cat "$@" | tr '\n\t' '  ' |
	grep -oE 'tb_add(_seeded)? *\( *r *, *[A-Za-z_][A-Za-z0-9_]*' |
	sed -E 's/.*, *//' | awk -v u="$unit" '{ print u, $0 }' || true
