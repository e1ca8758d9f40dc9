#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Check docs/conformance.md against the registered tests: every test the
# matrix names must exist, and every test whose name cites a conformance ID
# (test_s1_..., test_m10_..., test_l2_..., test_q7_..., test_e_... for the
# E rows) must be listed on that ID's row, and every device test
# (test_net_..., test_blk_..., test_console_..., test_rng_...,
# test_platform_...) on its device's D row.
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=docs/conformance.md

registered=$(cat testbench/*/*.c | tr '\n\t' '  ' |
	grep -o 'tb_add\(_seeded\)\?( *r, *test_[a-z0-9_]*' |
	sed 's/.*( *r, *//' | sort -u)
named=$(grep -o '`test_[a-z0-9_]*`' "$matrix" | tr -d '`' | sort -u)
rc=0

for t in $named; do
	if ! grep -qx "$t" <<<"$registered"; then
		echo "check_matrix: $matrix names $t, which no test file registers"
		rc=1
	fi
done

for t in $registered; do
	# test_s1_..., test_q7_...: the row of that ID; test_e_...: an E row
	id=$(sed -n 's/^test_\([smlqd][0-9]\+\|e\)_.*/\1/p' <<<"$t" | tr a-z A-Z)
	row="| $id |"
	# device tests (test_net_..., test_blk_..., ...): that device's D row
	if [ -z "$id" ]; then
		dev=$(sed -n 's/^test_\(net\|blk\|console\|rng\|platform\)_.*/\1/p' <<<"$t")
		[ -n "$dev" ] || continue
		id="D ($dev)"
		row="| D | $dev"
	fi
	if ! grep -qF -- "$row" "$matrix"; then
		echo "check_matrix: $t cites $id, which has no row in $matrix"
		rc=1
	elif ! grep -F -- "$row" "$matrix" | grep -qF "\`$t\`"; then
		echo "check_matrix: $t cites $id but is not on the $id row of $matrix"
		rc=1
	fi
done

[ $rc -eq 0 ] && echo "check_matrix: $(wc -w <<<"$named") tests in the matrix, all registered"
exit $rc
