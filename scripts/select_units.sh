#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The units a test run is made of (Makefile: make test, make waves,
# make list-units), one per line, in the Makefile's order.
#
# Environment:
#   UNITS_ALL   every unit as name:group (units of one group share a build)
#   TESTS_FILE  "unit test" lines: every test and the unit that holds it
#   SUITE_SEL   SUITE= from the command line: only these units
#   TEST        globs (space or comma separated): only units holding a match
#   SHARD       k/N: groups are dealt out to N shards in turn; shard k's
#               units (the N shards together are exactly the whole run)
set -euo pipefail

read -r -a all <<<"${UNITS_ALL:?}"
names=()
groups=()
for u in "${all[@]}"; do
	names+=("${u%%:*}")
	groups+=("${u#*:}")
done

known() {
	local n
	for n in "${names[@]}"; do [[ $n == "$1" ]] && return 0; done
	return 1
}

# SUITE=
declare -A keep=()
if [[ -n ${SUITE_SEL:-} ]]; then
	for s in $SUITE_SEL; do
		if ! known "$s"; then
			echo "SUITE=$s is not a suite: use one or more of: ${names[*]:3}" >&2
			exit 2
		fi
		keep[$s]=1
	done
else
	for n in "${names[@]}"; do keep[$n]=1; done
fi

# TEST=: the units holding a test the globs match (a glob may name one
# run, test_x.2: its test is test_x); the static checks hold no test.
if [[ -n ${TEST:-} ]]; then
	declare -A hit=()
	matched=0
	while read -r unit test; do
		for g in ${TEST//,/ }; do
			# shellcheck disable=SC2053 # the glob is meant to match
			if [[ $test == $g || $test.1 == $g || ${g%.[0-9]*} != "$g" && $test == ${g%.[0-9]*} ]]; then
				hit[$unit]=1
				matched=1
			fi
		done
	done <"${TESTS_FILE:?}"
	if ((matched == 0)); then
		echo "TEST=$TEST matches no test: 'make list' prints every test with its suite" >&2
		exit 2
	fi
	for n in "${!keep[@]}"; do
		[[ -n ${hit[$n]:-} ]] || unset "keep[$n]"
	done
	if ((${#keep[@]} == 0)); then
		echo "TEST=$TEST matches no test of SUITE=$SUITE_SEL: 'make list' prints every test with its suite" >&2
		exit 2
	fi
fi

# SHARD=k/N
k=1 n=1
if [[ -n ${SHARD:-} ]]; then
	if [[ ! $SHARD =~ ^([0-9]+)/([0-9]+)$ ]] || ((BASH_REMATCH[2] < 1 ||
		BASH_REMATCH[1] < 1 || BASH_REMATCH[1] > BASH_REMATCH[2])); then
		echo "SHARD=$SHARD: use k/N with 1 <= k <= N, e.g. SHARD=2/4" >&2
		exit 2
	fi
	k=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
fi
declare -A gidx=()
ng=0
for i in "${!names[@]}"; do
	g=${groups[$i]}
	if [[ -z ${gidx[$g]:-} ]]; then
		gidx[$g]=$ng
		ng=$((ng + 1))
	fi
	[[ -n ${keep[${names[$i]}]:-} ]] || continue
	((gidx[$g] % n == k - 1)) || continue
	echo "${names[$i]}"
done
