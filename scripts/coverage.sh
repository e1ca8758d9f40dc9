#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make coverage's reports (docs/coverage.md): line and toggle coverage of
# each suite and of all of them together, as lcov files, HTML by genhtml and
# an index page.
#
#   scripts/coverage.sh COVERAGE_DIR "SUITE ..." ROOT
#
# COVERAGE_DIR/<suite>/dat/ holds the suite's Verilator coverage files (one
# per test environment); a COVERAGE_DIR/<suite>/FAILED file says the suite
# failed. ROOT is the checkout the RTL paths in those files are relative to.
# Writes, in COVERAGE_DIR: <suite>/ (merged.dat, the runs added up;
# counted.dat, less the points scripts/coverage-exclude.txt leaves out;
# line.info, toggle.info, untoggled.txt, excluded.txt), the same for all
# suites in all/, html/<suite>/ and html/all/ ({line,toggle}/index.html),
# index.html. Exits non-zero when a suite failed or had no data, or a report
# could not be made.
set -euo pipefail

if (($# != 3)); then
	echo "usage: $0 COVERAGE_DIR \"SUITE ...\" ROOT" >&2
	exit 2
fi
cov=$1
read -r -a suites <<<"$2"
root=$(cd "$3" && pwd)
exclude=$root/scripts/coverage-exclude.txt

for tool in verilator_coverage genhtml; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "coverage: $tool not found: run 'make deps' (genhtml is in Debian's lcov)" >&2
		exit 1
	fi
done
if ((${#suites[@]} == 0)); then
	echo "coverage: no suite named (COVERAGE_SUITES is empty)" >&2
	exit 1
fi

# A Verilator data file's lines: "C '<key>' <count>"; the key is fields
# name\002value, each after a \001. A point's key says its file (f), line
# (l), the lines its statements span (S), its kind (page: v_line, a block of
# statements, an elsif or a case item; v_branch, an if or else arm;
# v_toggle, one bit of one signal in one instance), what it is (o: the
# statement kind, or the signal and bit) and its instance (h).
parse_awk='
function parse(line,    key, n, i, j, k, v) {
	if (!match(line, /. [0-9]+$/))
		return 0
	key = substr(line, 4, RSTART - 4)
	cnt = substr(line, RSTART + 2) + 0
	f = l = o = s = h = pg = ""
	n = split(key, kv, "\001")
	for (i = 1; i <= n; i++) {
		j = index(kv[i], "\002")
		k = substr(kv[i], 1, j - 1)
		v = substr(kv[i], j + 1)
		if (k == "f") f = v
		else if (k == "l") l = v + 0
		else if (k == "o") o = v
		else if (k == "S") s = v
		else if (k == "h") h = v
		else if (k == "page") pg = v
	}
	sub(/\/.*/, "", pg)
	return 1
}
# Append x to the list in array a at index k (SUBSEP-separated).
function push(a, k, x) {
	if (k in a)
		a[k] = a[k] SUBSEP x
	else
		a[k] = x
}
'

# One suite's data -> the points it counts: a toggle point whose instance
# path and signal bit (h.o) match a line of the exclusion list that applies
# to this suite is left out and listed in $exout under that line, with its
# count. A constant changes at most once per run and instance (from the
# model'"'"'s initial 0 to its value; a name with [*] stands for identical
# instances, up to 16 here): a left-out bit that changed more often is no
# constant, and is reported on stderr.
filter_awk='
# A pattern: * matches any run of characters, {a,b} either of a and b.
function glob2re(g,    r, i, c, d) {
	r = "^"
	for (i = 1; i <= length(g); i++) {
		c = substr(g, i, 1)
		if (c == "*")
			r = r ".*"
		else if (c == "{" && ++d)
			r = r "("
		else if (c == "}" && d && d--)
			r = r ")"
		else if (c == "," && d)
			r = r "|"
		else if (index("\\^$.[]|()+?{}/", c))
			r = r "\\" c
		else
			r = r c
	}
	return r "$"
}
# Does a line'"'"'s only=/except= list (w: "only=a,b") let it apply to suite?
function applies(w,    n, i, x, only) {
	only = (w ~ /^only=/)
	sub(/^[a-z]+=/, "", w)
	n = split(w, x, ",")
	for (i = 1; i <= n; i++)
		if (x[i] == suite)
			return only
	return !only
}
BEGIN {
	while ((getline ln < excl) > 0) {
		exline++
		if (ln ~ /^[ \t]*(#|$)/)
			continue
		n = split(ln, w, /[ \t]+/)
		if (w[1] == "")
			for (i = 1; i < n; i++)
				w[i] = w[i + 1]
		why = ln
		sub(/^[ \t]*[^ \t]+[ \t]+/, "", why)
		if (w[2] ~ /^(only|except)=/) {
			if (!applies(w[2]))
				continue
			sub(/^[^ \t]+[ \t]+/, "", why)
		}
		nex++
		expat[nex] = w[1]
		exre[nex] = glob2re(w[1])
		exwhy[nex] = why
		exno[nex] = exline
	}
}
!/^C / { print; next }
{
	if (nex && parse($0) && pg == "v_toggle") {
		name = h "." o
		for (i = 1; i <= nex; i++)
			if (name ~ exre[i]) {
				exn[i]++
				push(exlist, i, name "  " cnt)
				if (cnt > runs * (index(name, "[*]") ? 16 : 1) && !bad[i]++)
					printf "coverage: %s: %s:%d (%s) leaves out %s, which " \
						"changed %d times in %d runs: no constant\n", suite,
						excl_name, exno[i], expat[i], name, cnt,
						runs > "/dev/stderr"
				next
			}
	}
	print
}
END {
	for (i = 1; i <= nex; i++) {
		if (!exn[i])
			continue
		printf "%s:%d  %s  (%d bits): %s\n", excl_name, exno[i], expat[i],
			exn[i], exwhy[i] > exout
		m = split(exlist[i], ns, SUBSEP)
		for (j = 1; j <= m; j++)
			print "    " ns[j] > exout
	}
}
'

# Counted points -> one lcov file of one kind.
#
# kind=line: a source line is hit when every statement point on it ran in
# at least one instance (counts are summed over instances, the line shows
# the smallest sum); if/else arms are lcov branches too.
# kind=toggle: a bit is toggled when it toggled in at least one instance of
# its module; each bit is an lcov branch on the line declaring its signal,
# and that line is hit when all its bits toggled; bits that never toggled
# are listed in $untog.
# Every branch's name (if / else, the signal bit) goes to $names.
info_awk='
/^C / {
	if (!parse($0) || f == "" || l == 0)
		next
	if (!(f in seenf)) {
		seenf[f] = 1
		files[++nf] = f
	}
	if (kind == "toggle") {
		if (pg != "v_toggle")
			next
		add(f, l, o, cnt)
		if (cnt == 0)
			push(zinst, f SUBSEP l SUBSEP o, h)
		isbr[f, l, o] = 1
		next
	}
	if (pg != "v_line" && pg != "v_branch")
		next
	# the point covers its own line and the lines of its statements
	pid = l "|" o "|" s
	delete cov
	cov[l] = 1
	m = split(s, rg, ",")
	for (i = 1; i <= m; i++) {
		a = rg[i]; b = rg[i]
		if ((j = index(rg[i], "-"))) {
			a = substr(rg[i], 1, j - 1)
			b = substr(rg[i], j + 1)
		}
		for (x = a + 0; x <= b + 0; x++)
			cov[x] = 1
	}
	for (x in cov)
		add(f, x + 0, pid, cnt)
	if (pg == "v_branch")
		isbr[f, l, pid] = 1
}
# Count cnt for point pid on line ln of file fl.
function add(fl, ln, pid, cnt) {
	if (!((fl, ln) in seenl)) {
		seenl[fl, ln] = 1
		push(lines, fl, ln)
	}
	if (!((fl, ln, pid) in sum))
		push(pids, fl SUBSEP ln, pid)
	sum[fl, ln, pid] += cnt
}
END {
	print "TN:" tn
	for (fi = 1; fi <= nf; fi++) {
		f = files[fi]
		if (!(f in lines))
			continue
		print "SF:" root "/" f
		lf = lh = brf = brh = 0
		nl = split(lines[f], ls, SUBSEP)
		for (li = 1; li <= nl; li++) {
			l = ls[li]
			np = split(pids[f, l], ps, SUBSEP)
			min = -1
			nb = 0
			for (pi = 1; pi <= np; pi++) {
				c = sum[f, l, ps[pi]]
				if (min < 0 || c < min)
					min = c
				if ((f, l, ps[pi]) in isbr) {
					what = ps[pi]
					if (kind == "line") {
						split(what, w, "|")
						what = w[2]
					}
					printf "%s\t%d\t%d\t%s\n", f, l, nb, what > names
					printf "BRDA:%d,0,%d,%.0f\n", l, nb++, c
					brf++
					if (c > 0)
						brh++
					if (c == 0 && kind == "toggle")
						printf "%s:%d  %s  %s\n", f, l, ps[pi],
							zinst[f, l, ps[pi]] > untog
				}
			}
			printf "DA:%d,%.0f\n", l, min
			lf++
			if (min > 0)
				lh++
		}
		print "LF:" lf
		print "LH:" lh
		if (brf) {
			print "BRF:" brf
			print "BRH:" brh
		}
		print "end_of_record"
	}
}
'

# leave_out SUITE DIR RUNS: DIR/merged.dat (from RUNS runs) ->
# DIR/counted.dat (the points the suite counts), DIR/excluded.txt (those it
# leaves out, and why).
leave_out() {
	local suite=$1 dir=$2
	LC_ALL=C awk -v suite="$suite" -v runs="$3" -v excl="$exclude" \
		-v excl_name=scripts/coverage-exclude.txt -v exout="$dir/excluded.tmp" \
		"$parse_awk$filter_awk" "$dir/merged.dat" >"$dir/counted.dat" || return 1
	{
		echo "# Toggle points $suite leaves out: they match a line of"
		echo "# scripts/coverage-exclude.txt that applies to $suite (docs/coverage.md)."
		echo "# Each such line, the bits it left out and its reason, then those bits"
		echo "# with their toggle counts ($3 runs: a constant changes at most once a run"
		echo "# and instance)."
		[[ ! -e $dir/excluded.tmp ]] || cat "$dir/excluded.tmp"
	} >"$dir/excluded.txt"
	rm -f "$dir/excluded.tmp"
}

# report NAME DIR: DIR/counted.dat -> DIR/{line,toggle}.info,
# DIR/untoggled.txt; html/NAME/{line,toggle}/.
report() {
	local name=$1 dir=$2 kind
	: >"$dir/untoggled.tmp"
	: >"$dir/line.names"
	: >"$dir/toggle.names"
	LC_ALL=C awk -v kind=line -v root="$root" -v tn="${name}_line" \
		-v names="$dir/line.names" "$parse_awk$info_awk" \
		<(LC_ALL=C sort -V "$dir/counted.dat") >"$dir/line.info" || return 1
	LC_ALL=C awk -v kind=toggle -v root="$root" -v tn="${name}_toggle" \
		-v names="$dir/toggle.names" -v untog="$dir/untoggled.tmp" \
		"$parse_awk$info_awk" \
		<(LC_ALL=C sort -V "$dir/counted.dat") >"$dir/toggle.info" || return 1
	{
		echo "# Signal bits that never toggled in $name (make coverage, docs/coverage.md):"
		echo "# file:line  signal[bit]  the instances it is in"
		sort -V "$dir/untoggled.tmp" | tr '\034' ' '
	} >"$dir/untoggled.txt" || return 1
	rm -f "$dir/untoggled.tmp"
	for kind in line toggle; do
		local what="line coverage: a line is hit when every block and if/else/case arm on it ran; branches are the if/else arms"
		[[ $kind == toggle ]] &&
			what="toggle coverage: a bit counts when it changed value in some instance of its module, a declaration when all its bits did"
		rm -rf "$cov/html/$name/$kind"
		genhtml -q --branch-coverage --no-function-coverage --legend \
			--prefix "$root" --title "$name ($kind)" \
			--header-title "vio $kind coverage: $name" \
			--footer "make coverage, docs/coverage.md: $what" \
			-o "$cov/html/$name/$kind" "$dir/$kind.info" \
			>"$dir/genhtml-$kind.log" 2>&1 || {
			cat "$dir/genhtml-$kind.log" >&2
			echo "coverage: genhtml failed on $dir/$kind.info" >&2
			return 1
		}
		name_branches $kind "$dir/$kind.names" "$cov/html/$name/$kind" || return 1
		rm -f "$dir/$kind.names"
	done
}

# name_branches KIND NAMES HTMLDIR: genhtml calls each lcov branch "Branch
# N"; give every one in the pages of HTMLDIR the name NAMES has for it (the
# signal bit, or if / else), and in a toggle report call branches bits and
# lines declarations.
name_branches() {
	local pages page
	mapfile -t pages < <(find "$3" -name '*.html')
	((${#pages[@]})) || return 0
	LC_ALL=C awk -v kind="$1" -v dir="$3/" -F '\t' '
	FILENAME == ARGV[1] { name[$1 SUBSEP $2 SUBSEP $3] = $4; next }
	FNR == 1 {
		if (out != "")
			close(out)
		out = FILENAME ".new"
		src = substr(FILENAME, length(dir) + 1)
		sub(/\.gcov\.html$/, "", src)
	}
	match($0, /^<a name="[0-9]+">/) { line = substr($0, 10, RLENGTH - 11) }
	{
		rest = $0
		s = ""
		while (match(rest, /title="Branch [0-9]+ was [^"]*"/)) {
			t = substr(rest, RSTART + 14, RLENGTH - 15)
			n = t
			sub(/ .*/, "", n)
			k = src SUBSEP line SUBSEP n
			what = (k in name) ? name[k] : "branch " n
			c = t
			if (kind == "toggle") {
				sub(/.* was taken /, "toggled ", c)
				sub(/.* was not taken/, "never toggled", c)
			} else {
				what = what " arm"
				sub(/.* was /, "", c)
			}
			s = s substr(rest, 1, RSTART - 1) "title=\"" what ": " c "\""
			rest = substr(rest, RSTART + RLENGTH)
		}
		$0 = s rest
		if (kind == "toggle") {
			gsub(/>Branches:</, ">Bits:<")
			gsub(/>Branches </, ">Bits <")
			gsub(/>Lines:</, ">Declarations:<")
			gsub(/Line Coverage/, "Declarations fully toggled")
			gsub(/Branch data/, "   Bit data")
			sub(/ Lines:$/, " Declarations:")
			sub(/^            \| Branches:$/, "            | Bits:")
			sub(/<\/span> taken$/, "</span> toggled")
			sub(/<\/span> not taken$/, "</span> never toggled")
			if ($0 ~ /<\/span> not executed$/)
				next
		}
		print > out
	}' "$2" "${pages[@]}" || return 1
	for page in "${pages[@]}"; do mv "$page.new" "$page"; done
}

# figures FILE [PREFIX]: "hit found" of lines, then of branches, over the
# records of FILE whose source is under PREFIX.
figures() {
	awk -v p="${2:-}" '
	/^SF:/ { on = index(substr($0, 4), p) == 1 }
	on && /^LF:/ { lf += substr($0, 4) }
	on && /^LH:/ { lh += substr($0, 4) }
	on && /^BRF:/ { bf += substr($0, 5) }
	on && /^BRH:/ { bh += substr($0, 5) }
	END { print lh + 0, lf + 0, bh + 0, bf + 0 }' "$1"
}

pct() { awk -v h="$1" -v f="$2" 'BEGIN { if (f) printf "%.1f", 100 * h / f; else printf "-" }'; }

mkdir -p "$cov"
rm -rf "$cov/html" "$cov/all"
rc=0
ok=()            # suites with a report
declare -A state # suite -> "" or why its figures are partial or missing
state[all]=""
for s in "${suites[@]}"; do
	d=$cov/$s
	state[$s]=""
	[[ -e $d/FAILED ]] && state[$s]="suite failed" && rc=1
	shopt -s nullglob
	dats=("$d"/dat/*.dat)
	shopt -u nullglob
	if ((${#dats[@]} == 0)); then
		echo "coverage: $s: no coverage data in $d/dat" >&2
		state[$s]="no data"
		rc=1
		continue
	fi
	if verilator_coverage --write "$d/merged.dat" "${dats[@]}" &&
		leave_out "$s" "$d" ${#dats[@]} && report "$s" "$d"; then
		ok+=("$s")
	else
		state[$s]="no report"
		rc=1
	fi
done

# all suites: what each counts, merged (a point one suite leaves out and
# another counts is counted)
rows=("${ok[@]}")
if ((${#ok[@]})); then
	mkdir -p "$cov/all"
	counted=()
	for s in "${ok[@]}"; do counted+=("$cov/$s/counted.dat"); done
	echo "# Toggle points each suite leaves out (its own excluded.txt, docs/coverage.md)." \
		>"$cov/all/excluded.txt"
	for s in "${ok[@]}"; do
		echo "## $s"
		grep -v '^#' "$cov/$s/excluded.txt" || true
	done >>"$cov/all/excluded.txt"
	if verilator_coverage --write "$cov/all/counted.dat" "${counted[@]}" &&
		report all "$cov/all"; then
		rows+=(all)
	else
		rc=1
	fi
fi

# ----------------------------------------------------------- index page

conformance=$(realpath --relative-to="$cov" "$root/docs/conformance.md")
index=$cov/index.html
cell() { # hit found -> a coloured cell as lcov colours them
	local p
	p=$(pct "$1" "$2")
	local c=Lo
	[[ $p != - ]] && awk -v p="$p" 'BEGIN { exit !(p >= 75) }' && c=Med
	[[ $p != - ]] && awk -v p="$p" 'BEGIN { exit !(p >= 90) }' && c=Hi
	echo "<td class=\"$c\">$p %</td><td class=\"n\">$1 / $2</td>"
}
{
	cat <<EOF
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vio coverage</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; }
th, td { padding: 0.3em 0.8em; border: 1px solid #ccc; text-align: left; }
td.n { text-align: right; color: #555; }
td.Hi { background: #a7fc9d; } td.Med { background: #ffea20; } td.Lo { background: #ff8f7f; }
tr.all td { font-weight: bold; }
</style></head><body>
<h1>vio coverage</h1>
<p>Verilator coverage of the RTL under each suite of <code>make coverage</code>
and under all of them together (<code>docs/coverage.md</code> says how
it is counted). <b>Line</b>: source lines whose every block and if/else/case
arm ran. <b>Toggle</b>: signal bits that changed value at least once, in
some instance of their module; constant and unused bits named in
<code>scripts/coverage-exclude.txt</code> are left out (each report's
<i>excluded</i> list). Which spec rules the tests check:
<a href="$conformance">the conformance matrix</a>.</p>
<table>
<tr><th>suite</th><th colspan="2">line</th><th colspan="2">toggle (bits)</th><th>reports</th><th>lists</th><th>note</th></tr>
EOF
	for s in "${suites[@]}" all; do
		if [[ " ${rows[*]} " != *" $s "* ]]; then
			[[ $s == all ]] && continue
			echo "<tr><td>$s</td><td colspan=\"6\">no report: ${state[$s]}</td><td></td></tr>"
			continue
		fi
		d=$cov/$s
		read -r lh lf _ _ < <(figures "$d/line.info")
		read -r _ _ th tf < <(figures "$d/toggle.info")
		label=$s
		[[ $s == all ]] && label="all suites"
		echo "<tr$([[ $s == all ]] && echo ' class="all"')><td>$label</td>$(cell "$lh" "$lf")$(cell "$th" "$tf")"
		echo "<td><a href=\"html/$s/line/index.html\">line</a> · <a href=\"html/$s/toggle/index.html\">toggle</a></td>"
		echo "<td><a href=\"$s/untoggled.txt\">untoggled</a> · <a href=\"$s/excluded.txt\">excluded</a></td><td>${state[$s]:-}</td></tr>"
		if [[ $s == all ]]; then
			read -r lh lf _ _ < <(figures "$d/line.info" "$root/rtl/")
			read -r _ _ th tf < <(figures "$d/toggle.info" "$root/rtl/")
			echo "<tr><td>all suites, the device alone (<code>rtl/</code>)</td>$(cell "$lh" "$lf")$(cell "$th" "$tf")<td colspan=\"3\">the same reports, folder <code>rtl</code></td></tr>"
		fi
	done
	echo "</table>"
	echo "<p>Suites: ${suites[*]}.</p>"
	echo "</body></html>"
} >"$index"

# --------------------------------------------------------------- summary

printf 'coverage: %-16s %-24s %s\n' suite line "toggle (bits)"
for s in "${suites[@]}" all; do
	if [[ " ${rows[*]} " != *" $s "* ]]; then
		[[ $s == all ]] || printf 'coverage: %-16s %s\n' "$s" "no report: ${state[$s]}"
		continue
	fi
	read -r lh lf _ _ < <(figures "$cov/$s/line.info")
	read -r _ _ th tf < <(figures "$cov/$s/toggle.info")
	label=$s
	[[ $s == all ]] && label="all suites"
	printf 'coverage: %-16s %-24s %s%s\n' "$label" "$(pct "$lh" "$lf") % ($lh/$lf)" \
		"$(pct "$th" "$tf") % ($th/$tf)" "${state[$s]:+  (${state[$s]})}"
done
echo "coverage: $index"
exit $rc
