#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The FuseSoC core (vio.core) works as another project would use it:
# its file list is rtl/vio.f's, and `fusesoc run` of its lint,
# lint_platform, sim and synth targets succeeds, each in a fresh build
# directory under $BUILD (default build/). synth_platform is left out for
# time: Yosys takes minutes over the platform's four devices.
# FUSESOC_TARGETS='lint sim' runs only those (make test: all but synth).
# Run by `make check-fusesoc`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD:-build}
[[ $build == /* ]] || build=$root/$build
vlnv=vio:virtio:vio:1.0.0
read -r -a targets <<<"${FUSESOC_TARGETS:-lint lint_platform sim synth}"
rc=0

# The core's sources are rtl/vio.f's, in its order; its include files are
# every rtl/*.vh.
core_v=$(sed -n 's/^ *- \(rtl\/[a-z0-9_]*\.v\)$/\1/p' vio.core)
core_vh=$(sed -n 's/^ *- \(rtl\/[a-z0-9_]*\.vh\): {is_include_file: true}$/\1/p' \
	vio.core | sort)
f_v=$(grep -v -e '^+' -e '^[[:space:]]*//' rtl/vio.f)
rtl_vh=$(ls rtl/*.vh | sort)
if [[ $core_v != "$f_v" ]]; then
	echo "check_fusesoc: vio.core's rtl fileset does not list rtl/vio.f's" \
		"sources in its order:" >&2
	diff <(echo "$f_v") <(echo "$core_v") >&2 || true
	rc=1
fi
if [[ $core_vh != "$rtl_vh" ]]; then
	echo "check_fusesoc: vio.core's include files are not rtl/*.vh:" >&2
	diff <(echo "$rtl_vh") <(echo "$core_vh") >&2 || true
	rc=1
fi
((rc == 0)) || exit 1

# Install FuseSoC first, so that its time is not a target's.
scripts/fusesoc.sh --version >/dev/null

mkdir -p "$build"
tmp=$(mktemp -d "$build/fusesoc.XXXXXX")
for t in "${targets[@]}"; do
	start=$SECONDS
	if (cd "$tmp" && "$root/scripts/fusesoc.sh" --cores-root "$root" run \
		--build-root "$tmp/$t" --target="$t" "$vlnv") >"$tmp/$t.log" 2>&1; then
		echo "check_fusesoc: $t passed ($((SECONDS - start)) s)"
	else
		echo "check_fusesoc: $t failed; the last lines of $tmp/$t.log:" >&2
		tail -n 20 "$tmp/$t.log" >&2
		rc=1
	fi
done

if ((rc == 0)); then
	rm -rf "$tmp"
	echo "check_fusesoc: ${targets[*]} of $vlnv pass"
else
	echo "check_fusesoc: kept $tmp" >&2
fi
exit $rc
