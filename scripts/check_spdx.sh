#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every tracked file carries `SPDX-License-Identifier: MIT` on its first
# line, in the file's own comment syntax, or on its second line when the
# first must stay first (a `#!` interpreter line, FuseSoC's `CAPI=2:`).
# Exempt: LICENSE itself and binary kinds (below). Run by `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Exempt by name (LICENSE is the text the headers point to) and by
# extension (binary files, which have no comment syntax).
exempt_names=(LICENSE)
exempt_exts=(png jpg jpeg gif ico pdf fst vcd gz xz zip)

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "check_spdx: not a git checkout: the files to check are the tracked ones" >&2
	exit 1
fi

missing=()
checked=0
while IFS= read -r -d '' f; do
	# a tracked file deleted in the work tree is not ours to judge
	[[ -f $f ]] || continue
	skip=0
	for n in "${exempt_names[@]}"; do
		[[ $f == "$n" ]] && skip=1
	done
	for e in "${exempt_exts[@]}"; do
		[[ $f == *."$e" ]] && skip=1
	done
	((skip)) && continue
	checked=$((checked + 1))
	first=$(head -n 1 -- "$f")
	line=$first
	case $first in
	'#!'* | 'CAPI=2:'*) line=$(sed -n 2p -- "$f") ;;
	esac
	[[ $line == *'SPDX-License-Identifier: MIT'* ]] || missing+=("$f")
done < <(git ls-files -z)

if ((${#missing[@]})); then
	echo "check_spdx: no 'SPDX-License-Identifier: MIT' on the first line" \
		"(the second after '#!' or 'CAPI=2:') of:" >&2
	printf '  %s\n' "${missing[@]}" >&2
	echo "check_spdx: add it in the file's comment syntax, e.g." \
		"'// SPDX-License-Identifier: MIT' (Verilog, .f)," \
		"'# SPDX-License-Identifier: MIT' (make, shell)," \
		"'<!-- SPDX-License-Identifier: MIT -->' (Markdown)" >&2
	exit 1
fi
echo "check_spdx: $checked files, each with its SPDX-License-Identifier"
