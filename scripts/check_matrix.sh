#!/usr/bin/env bash
# Check docs/conformance.md against the registered tests: every test the
# matrix names must exist, and every test whose name cites a conformance ID
# (test_s1_..., test_m10_..., test_l2_..., test_q7_..., test_e3_..., test_d1_...)
# must be listed on that ID's row.
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=docs/conformance.md

registered=$(cat testbench/*.c | tr '\n\t' '  ' |
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
	id=$(sed -n 's/^test_\([smlqed][0-9]\+\)_.*/\1/p' <<<"$t" | tr a-z A-Z)
	[ -n "$id" ] || continue
	if ! grep -q "^| $id |.*\`$t\`" "$matrix"; then
		echo "check_matrix: $t cites $id but is not on the $id row of $matrix"
		rc=1
	fi
done

[ $rc -eq 0 ] && echo "check_matrix: $(wc -w <<<"$named") tests in the matrix, all registered"
exit $rc
