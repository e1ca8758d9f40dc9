#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The wave views (waves/*.gtkw): every translate filter a view names exists,
# and it has names for the values the signal under it shows. GTKWave
# matches a value's text, so a 12-bit address shows "004" and a filter
# keyed "0004" names nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

bad=0
for view in waves/*.gtkw; do
	filter=
	while IFS= read -r line; do
		case $line in
		'^1 '*)
			filter=${line#^1 }
			if [[ ! -f $filter ]]; then
				echo "check-waves: $view names filter $filter, which does not exist"
				bad=1
				filter=
			fi
			;;
		'^'* | '@'* | '['* | '*'* | '-'*) ;;
		*)
			if [[ -n $filter ]]; then
				# the signal the filter applies to: name[msb:lsb]
				if [[ $line =~ \[([0-9]+):([0-9]+)\]$ ]]; then
					width=$((BASH_REMATCH[1] - BASH_REMATCH[2] + 1))
					digits=$(((width + 3) / 4))
					if ! awk -v d="$digits" 'length($1) == d { found = 1 } END { exit !found }' "$filter"; then
						echo "check-waves: $view: $line is $width bits ($digits hex digits) but $filter has no $digits-digit value: its names would not show"
						bad=1
					fi
				fi
				filter=
			fi
			;;
		esac
	done <"$view"
done
((bad == 0)) || exit 1
echo "check-waves: $(ls waves/*.gtkw | wc -l) views, every filter matches its signal's width"
