#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tests of the build and the runner themselves, as a user with a design of
# their own meets them: a changed design is rebuilt whatever its files'
# timestamps; make -C works from anywhere; a failing test leaves a readable
# trace, a JUnit failure and a replay command that replays it on the same
# design; mistakes on the command line are named; shards add up to the
# whole run. The design is a copy of the fixture (testbench/fixture/rtl).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# what the make that runs this was given (make test SUITE=... SEEDS=...)
# is not for the makes below
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SUITE TEST SEED SEEDS SHARD \
	WAVES WAVES_START WAVES_STOP WAVES_DIR DUT_TOP DUT_SRCS DUT_INCS \
	DUT_PARAMS DUT_WAIVERS RESULTS COVERAGE
work=$root/build/check-build
rm -rf "$work"
mkdir -p "$work/dut"
out=$work/out.txt

n=0
ok() { n=$((n + 1)); echo "check-build: ok: $*"; }
fail() {
	echo "check-build: FAIL: $*"
	[[ -f $out ]] && sed 's/^/  | /' "$out" | tail -n 30
	exit 1
}
# run the command, output in $out; its exit status in $rc
run() {
	"$@" >"$out" 2>&1
	rc=$?
}

# the user's design: a copy of the fixture, sources listed by hand
srcs=
for f in tb_axil_regs tb_dma_burst tb_dma_copy_rd tb_dma_copy_wr tb_dma_copy tb_fault_gen tb_fixture; do
	cp -p "testbench/fixture/rtl/$f.v" "$work/dut/"
	srcs="$srcs $work/dut/$f.v"
done
srcs=${srcs# }
# a design no earlier run has built: a token of this run in one file; the
# builds it makes are removed at the end
echo "// check-build $$ $(date +%s%N)" >>"$work/dut/tb_fixture.v"
touch -r testbench/fixture/rtl/tb_fixture.v "$work/dut/tb_fixture.v"
vldirs=()
cleanup() { ((${#vldirs[@]})) && rm -rf "${vldirs[@]}"; }
trap cleanup EXIT
T=test_axil_strobed_writes_read_back
mk=(make -C "$root" SUITE=fixture "DUT_SRCS=$srcs" "RESULTS=$work/results" "WAVES_DIR=$work/waves")

# 1. the first build of a design with make -C, from another directory
cd /
run "${mk[@]}" test-suite TEST=$T SEEDS=1
cd "$root"
vldirs+=("$("${mk[@]}" -s print-cfg | awk 'NR == 1')")
((rc == 0)) || fail "make -C $root test-suite from / (first build of a design)"
grep -q VERILATE "$out" || fail "the first run of a new design did not build it"
ok "make -C from another directory builds and passes a design of its own"

# 2. unchanged: no rebuild
run "${mk[@]}" test-suite TEST=$T SEEDS=1
((rc == 0)) || fail "second run of the unchanged design"
grep -q VERILATE "$out" && fail "an unchanged design was built again"
ok "an unchanged design reuses its build"

# 3. changed behind the build's back: its old timestamp kept
f=$work/dut/tb_axil_regs.v
sed -i 's/assign s_axil_rdata   = rdata_q;/assign s_axil_rdata   = rdata_q ^ 32'"'"'h1;/' "$f"
grep -q "rdata_q ^ 32'h1" "$f" || fail "could not break the copy (has tb_axil_regs.v changed?)"
touch -r "testbench/fixture/rtl/tb_axil_regs.v" "$f"
vldirs+=("$("${mk[@]}" -s print-cfg | awk 'NR == 1')")
run "${mk[@]}" test-suite TEST=$T SEEDS=1 SEED=7 KEEP_BUILDS=1
((rc != 0)) || fail "a broken design with old timestamps passed: a stale model ran"
grep -q VERILATE "$out" || fail "the changed design was not rebuilt"
grep -q "^FAIL  fixture: $T " "$out" || fail "no FAIL line naming the test"
ok "a design changed behind the build's back (old timestamps) is rebuilt and fails"
[[ ! -d ${vldirs[0]} && -d ${vldirs[1]} ]] ||
	fail "KEEP_BUILDS=1: the first build of the design was not removed by the second"
ok "KEEP_BUILDS: older builds of one configuration are removed"

# 4. the replay command replays it on the same design
replay=$(sed -n 's/^ *replay: //p' "$out" | head -1)
[[ $replay == *"DUT_SRCS='$srcs'"* ]] || fail "the replay command leaves out DUT_SRCS: $replay"
[[ $replay == *"SEED=0x7"* ]] || fail "the replay command has not the seed: $replay"
run bash -c "$replay RESULTS=$work/replay"
((rc != 0)) && grep -q "^FAIL  fixture: $T " "$out" ||
	fail "the replay command did not fail the same way: $replay"
ok "the replay command names the design and fails the same way"

# 5. JUnit: the failure with its replay command, valid against the schema
j=$work/results/fixture/junit.xml
grep -q "<failure " "$j" || fail "$j has no <failure>"
grep -q "replay: make -C $root test-suite SUITE=fixture DUT_SRCS=" "$j" ||
	fail "$j has no replay command in the failure"
run "$root/build/bin/junit_merge" "$work/merged.xml" "$j"
((rc == 0)) || fail "junit_merge"
for x in "$j" "$work/merged.xml"; do
	run xmllint --noout --schema scripts/junit.xsd "$x"
	((rc == 0)) || fail "$x does not validate against scripts/junit.xsd"
done
ok "JUnit: the failure and its replay command, valid against scripts/junit.xsd (suite and merged)"

# 6. make waves on the failing test: non-zero, and a trace GTKWave can read
run "${mk[@]}" waves TEST=$T SEED=7
((rc != 0)) || fail "make waves on a failing test exited 0"
fst=$work/waves/$T.fst
[[ -f $fst ]] || fail "no trace $fst"
[[ ! -e $fst.hier ]] || fail "$fst.hier left behind: the trace was not closed"
fst2vcd "$fst" >"$work/t.vcd" 2>&1 || fail "fst2vcd cannot read $fst"
grep -q '^#[1-9]' "$work/t.vcd" || fail "$fst holds no time steps"
ok "make waves on a failing test fails, and its trace is complete ($(stat -c %s "$fst") bytes)"

# 6b. a run stopped at its time limit: fails saying so, trace complete
rm -f "$fst"
run env TB_DEADLINE=0.001 "${mk[@]}" waves TEST=$T SEED=7
((rc != 0)) && grep -q "tb.time_limit" "$out" || fail "a run past its deadline did not fail with tb.time_limit"
fst2vcd "$fst" >/dev/null 2>&1 && [[ ! -e $fst.hier ]] || fail "the trace of a run stopped at its time limit is not complete"
ok "a run stopped at its time limit fails naming it, and its trace is complete"

# 7. mistakes on the command line
run "${mk[@]}" test-suite TEST=no_such_test_x
((rc != 0)) && grep -q "no test matches" "$out" || fail "a mistyped TEST= (test-suite) exit $rc"
run make test TEST=no_such_test_x
((rc != 0)) && grep -q "matches no test" "$out" || fail "a mistyped TEST= (make test) exit $rc"
run make help SUITE=nope
((rc == 0)) || fail "make help SUITE=nope"
run make test-suite SUITE=nope
((rc != 0)) && grep -q "SUITE=nope is not a suite" "$out" || fail "make test-suite SUITE=nope"
run make test SUITE=nope
((rc != 0)) && grep -q "SUITE=nope is not a suite" "$out" || fail "make test SUITE=nope"
run "${mk[@]}" test-suite TEST=$T WAVES=1 WAVES_START=10 WAVES_STOP=5
((rc != 0)) && grep -q "WAVES_START=10 is after WAVES_STOP=5" "$out" || fail "WAVES_START > WAVES_STOP accepted"
run make test SHARD=3/2
((rc != 0)) && grep -q "SHARD=3/2: use k/N" "$out" || fail "SHARD=3/2 accepted"
ok "mistyped TEST=, a bad SUITE=, WAVES_START > WAVES_STOP, SHARD=3/2: named, non-zero (SEED=xyz: check_run.sh)"

# 8. selection: SUITE= and TEST= pick units; shards add up to the whole run
[[ $(make -s list-units SUITE=rng) == rng ]] || fail "make test SUITE=rng runs more than rng"
[[ $(make -s list-units TEST='test_rng_*') == rng ]] || fail "TEST='test_rng_*' picks more than rng"
[[ $(make -s list-units TEST='test_rng_* test_blk_ro_*' | tr '\n' ' ') == "rng blk_ro " ]] ||
	fail "two globs in TEST= do not pick both suites"
make -s list-units >"$work/all.txt"
for shards in 1 2 3 4 7; do
	: >"$work/union.txt"
	for ((k = 1; k <= shards; k++)); do
		make -s list-units SHARD=$k/$shards >>"$work/union.txt"
	done
	sort "$work/union.txt" | uniq -d | grep -q . && fail "SHARD=k/$shards: a unit in two shards"
	diff <(sort "$work/all.txt") <(sort "$work/union.txt") >/dev/null ||
		fail "SHARD=k/$shards: the shards are not the whole run"
done
ok "SUITE= and TEST= (several globs) pick units; shards 1..7 are disjoint and add up to the whole run"

# 9. make list (from the sources) is what the binary runs
bin=$("${mk[@]}" -s print-cfg | awk "NR == 1")/fixture
"$bin" --list | awk '{ print $2 }' >"$work/bin-list.txt"
make -s list | awk '$1 == "fixture" { print $2 }' >"$work/src-list.txt"
diff "$work/bin-list.txt" "$work/src-list.txt" >/dev/null ||
	fail "make list and fixture --list differ: $(diff "$work/bin-list.txt" "$work/src-list.txt" | head -5)"
ok "make list names exactly the tests the binary registers"

echo "check-build: $n checks passed"
