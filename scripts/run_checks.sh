#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run named checks (commands) as one unit of make test: a log per check,
# junit.xml and summary.txt in DIR, one line when all pass, the failing
# check's log tail when one fails.
#
# usage: run_checks.sh DIR PROGRESS name command [name command ...]
set -uo pipefail

dir=$1 progress=$2
unit=$(basename "$dir")
shift 2
rm -rf "$dir"
mkdir -p "$dir"

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' \
	-e 's/[\x01-\x08\x0b\x0c\x0e-\x1f]/?/g'; }

now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }

n=0 failed=0 names=()
cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
t_all=$(now)
while (($# >= 2)); do
	name=$1 cmd=$2
	shift 2
	n=$((n + 1))
	names+=("$name")
	log=$dir/$name.log
	t0=$(now)
	bash -c "$cmd" >"$log" 2>&1
	rc=$?
	secs=$(since "$t0")
	if ((rc == 0)); then
		printf '  <testcase classname="%s" name="%s" time="%.3f"/>\n' "$unit" "$name" "$secs" >>"$cases"
		continue
	fi
	failed=$((failed + 1))
	echo "FAIL  $unit: $name (exit $rc, $(printf '%.1f' "$secs") s)"
	echo "      log:    $log (its last lines:)"
	tail -n 15 "$log" | sed 's/^/      | /'
	echo "      replay: make $name"
	{
		printf '  <testcase classname="%s" name="%s" time="%.3f">\n' "$unit" "$name" "$secs"
		printf '    <failure message="%s failed (exit %d)" type="check">' "$name" "$rc"
		tail -n 40 "$log" | xml
		printf 'replay: make %s</failure>\n  </testcase>\n' "$name"
	} >>"$cases"
done
total=$(since "$t_all")
{
	printf '<testsuite name="%s" tests="%d" failures="%d" errors="0" skipped="0" time="%.3f" timestamp="%s" hostname="%s">\n' \
		"$unit" "$n" "$failed" "$total" "$(date -u +%Y-%m-%dT%H:%M:%S)" "$(hostname | xml)"
	cat "$cases"
	echo "</testsuite>"
} >"$dir/junit.xml"
line=$(printf '%s  %-16s %3d checks (%s) %6.1f s' \
	"$( ((failed)) && echo FAIL || echo PASS)" "$unit" "$n" "${names[*]}" "$total")
((failed)) && line="$line  $failed failed"
echo "$line" >"$dir/summary.txt"
echo "$progress$line"
((failed == 0))
