# virtio-mmio RTL co-simulation: the single entry point. `make help` lists
# every target and knob.

BUILD   ?= build
V       ?= 0
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
SUITE  ?= fixture

# A file list (.f): source files one per line, +incdir+DIR for `include.
f_srcs = $(filter-out +%,$(shell cat $(1)))
f_incs = $(patsubst +incdir+%,-I%,$(filter +incdir+%,$(shell cat $(1))))

ifeq ($(filter $(SUITE),$(SUITES)),)
$(error SUITE=$(SUITE) is not a suite: use one of $(SUITES))
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
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
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

# One directory per DUT configuration and variant: built once, reused; the
# binaries linked against it live in it too.
DUT_CFG  := $(DUT_TOP)$(if $(DUT_PARAMS),-$(shell echo '$(DUT_PARAMS)' | md5sum | cut -c1-8))$(VARIANT)
VLDIR    := $(BUILD)/vl/$(DUT_CFG)
VLIB     := $(VLDIR)/Vdut__ALL.a
VLLIB    := $(VLDIR)/libverilated.a
VFLAGS   := --cc -O3 --x-assign fast --x-initial fast --prefix Vdut \
	--top-module $(DUT_TOP) --timescale 1ns/1ps -Wall -Wno-fatal $(DUT_INCS) \
	-MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2" \
	$(VFLAGS_VARIANT) $(DUT_PARAMS)

OBJ := $(BUILD)/obj
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

.PHONY: all help deps run test test-unit test-suite regress waves lint \
	format bench bench-vq-bin coverage clean gen check-gen check-matrix synth fuzz \
	print-view print-params print-bench-vq print-demo demo-bin suite-bin \
	linux linux-bin print-linux

all: $(UNIT_BIN)
	$(Q)for s in $(SUITES); do $(MAKE) --no-print-directory SUITE=$$s suite-bin || exit 1; done

help:
	@echo "Targets:"
	@echo "  make deps        install Verilator, GTKWave, Check, ... (apt; idempotent)"
	@echo "  make run         build the platform and run the demonstration (ARGS='--help')"
	@echo "  make linux       boot the real Linux kernel (User-Mode Linux) on the platform RTL (ARGS='--help')"
	@echo "  make test        unit tests, then every suite ($(SUITES)), several seeds each"
	@echo "  make test-suite SUITE=name   one suite"
	@echo "  make regress     longer sweep: SEEDS=20 (20,000 fuzz cases), then the DUT suites again on a 128-bit bus"
	@echo "  make fuzz        long fuzz campaign of the rings (FUZZ_CASES=100000; FUZZ_SEED=0x.. replays one case)"
	@echo "  make waves TEST=name   rerun one test with tracing: $(BUILD)/waves/<name>.fst"
	@echo "  make bench       thread switch, simulation-speed, ring-engine and Linux-run figures"
	@echo "  make coverage    suites on a coverage build; summary + annotated sources"
	@echo "  make synth       Yosys synthesis of the device RTL: cell counts"
	@echo "  make lint        verilator --lint-only -Wall, Icarus elaboration, clang-format, bad parameters refused by every tool"
	@echo "  make format      apply clang-format to the C sources"
	@echo "  make gen         regenerate the register-map files from rtl/vio_mmio_regs.tbl"
	@echo "  make clean       remove $(BUILD)/"
	@echo "Knobs:"
	@echo "  TEST=glob        run only matching tests (e.g. TEST='test_axi_check_*')"
	@echo "  SEED=n           base seed (decimal or 0x hex); printed by every run"
	@echo "  SEEDS=n          seeds per randomised test (default 3)"
	@echo "  WAVES=1          write $(BUILD)/waves/<test>.fst (tests) or demo.fst (run)"
	@echo "  WAVES_START=c WAVES_STOP=c   trace only rising edges c..c"
	@echo "  GTKWAVE=1        with 'make waves' or 'make run WAVES=1': open GTKWave with the prepared view"
	@echo "  COVERAGE=1       build the DUT with Verilator coverage"
	@echo "  SUITE=name       suite for test-suite, bench, run: $(SUITES)"
	@echo "  DUT_TOP=top DUT_SRCS='a.v b.v' DUT_PARAMS='-GX=1'   another DUT (docs/dut.md)"
	@echo "  V=1              show the commands"

deps:
	$(Q)scripts/deps.sh

# ------------------------------------------------------------- C objects

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(filter 1,$(V)),,echo "  CC      $<")
	$(Q)$(CC) $(CSTD) $(CFLAGS) $(INC) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# ------------------------------------------------------- Verilated model

$(VLIB) $(VLLIB) &: $(DUT_SRCS) $(DUT_WAIVERS) $(wildcard rtl/*.vh) Makefile
	@mkdir -p $(VLDIR)
	@echo "  VERILATE $(DUT_TOP) $(DUT_PARAMS) $(VARIANT)"
	$(Q)$(VERILATOR) $(VFLAGS) -Mdir $(VLDIR) $(DUT_WAIVERS) \
		$(DUT_SRCS) > $(VLDIR)/verilate.log 2>&1 || \
		{ cat $(VLDIR)/verilate.log; exit 1; }
	$(Q)cd $(VLDIR) && { globals=$$($(MAKE) -s -f Vdut.mk \
		--eval 'vl-globals: ; @echo $$(VK_GLOBAL_OBJS)' vl-globals) && \
		$(MAKE) -s -f Vdut.mk Vdut__ALL.a $$globals && \
		rm -f libverilated.a && ar rcs libverilated.a $$globals; \
		} > build.log 2>&1 || { cat build.log; exit 1; }
	$(Q)touch $(VLIB) $(VLLIB) # the sub-make leaves an up-to-date archive alone

$(VDUT_OBJ): model/vdut.cpp model/vdut.h model/vport.h $(VLIB)
	@echo "  CXX     $<"
	$(Q)$(CXX) -std=c++14 -O2 -g $(VDEFS) -DVDUT_TOP_NAME='"$(DUT_TOP)"' \
		-Imodel -I$(VLDIR) -I$(VROOT)/include \
		-I$(VROOT)/include/vltstd -c $< -o $@

# ------------------------------------------------------------- binaries

$(UNIT_BIN): $(call objs,$(KERNEL_SRCS) model/mem.c model/axi_check.c model/axi_mem.c model/vhost_user.c $(VIRTIO_SRCS) $(UNIT_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $^ $(CHECK_LIBS) -o $@

define link_dut
	@echo "  LD      $@"
	$(Q)$(CXX) $(filter-out $(VDUT_OBJ),$(filter %.o,$^)) $(DUT_LIBS) $(CHECK_LIBS) -o $@
endef

$(SUITE_BIN): $(call objs,$(ENV_SRCS) testbench/lib/tb_main.c $(SUITE_TESTS)) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	$(link_dut)

$(BENCH_BIN): $(call objs,$(ENV_SRCS) testbench/apps/bench.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	$(link_dut)

$(DEMO_BIN): $(call objs,$(ENV_SRCS) testbench/platform/tb_platform.c testbench/apps/demo.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	$(link_dut)

demo-bin: $(DEMO_BIN)

$(BENCH_VQ_BIN): $(call objs,$(ENV_SRCS) testbench/apps/bench_vq.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	$(link_dut)

bench-vq-bin: $(BENCH_VQ_BIN)

$(LINUX_BIN): $(call objs,$(ENV_SRCS) $(LINUX_SRCS) testbench/apps/linux_main.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
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
export WAVES_DIR := $(BUILD)/waves

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

test: check-gen check-matrix lint $(UNIT_BIN)
	$(Q)rc=0; $(UNIT_BIN) || rc=1; \
	for s in $(SUITES); do \
		$(MAKE) --no-print-directory SUITE=$$s test-suite || rc=1; \
	done; exit $$rc

test-unit: $(UNIT_BIN)
	$(Q)$(UNIT_BIN)

test-suite: $(SUITE_BIN)
	$(Q)DUT_PARAMS='$(DUT_PARAMS)' $(SUITE_BIN)

# The long sweep: more seeds; the fixture, the ring engine, blk, console
# and the platform again on a 128-bit data bus; the ring engine with a
# 4-entry segment queue, so that most chains take the second walk.
REGRESS_WIDE       := -GDATA_WIDTH=128
REGRESS_SMALL_SEGS := -GSEGS=4

regress: check-gen $(UNIT_BIN)
	$(Q)rc=0; export SEEDS=$${SEEDS:-20} FUZZ_CASES=$${FUZZ_CASES:-1000}; \
	$(UNIT_BIN) || rc=1; \
	for s in $(SUITES); do \
		$(MAKE) --no-print-directory SUITE=$$s test-suite || rc=1; \
	done; \
	$(MAKE) --no-print-directory SUITE=fixture DUT_PARAMS=$(REGRESS_WIDE) \
		test-suite || rc=1; \
	$(MAKE) --no-print-directory SUITE=vq DUT_PARAMS="$(suite_params_vq) \
		$(REGRESS_WIDE)" test-suite || rc=1; \
	$(MAKE) --no-print-directory SUITE=vq DUT_PARAMS="$(suite_params_vq) \
		$(REGRESS_SMALL_SEGS)" test-suite || rc=1; \
	for s in blk console platform; do \
		$(MAKE) --no-print-directory SUITE=$$s DUT_PARAMS="$$($(MAKE) -s \
			--no-print-directory SUITE=$$s print-params) $(REGRESS_WIDE)" \
			test-suite || rc=1; \
	done; exit $$rc

# The long fuzz campaign (R2): FUZZ_CASES independent cases (default
# 100,000) from one seed, a progress line every 1,000, a summary with cases
# per second; every failure prints its case seed and the command that
# replays it alone.
FUZZ_CASES ?= 100000
fuzz:
	$(Q)FUZZ_CASES=$(FUZZ_CASES) FUZZ_PROGRESS=1 SEEDS=1 \
		CK_TIMEOUT_MULTIPLIER=$$(( $(FUZZ_CASES) / 20000 + 1 )) \
		$(MAKE) --no-print-directory SUITE=fuzz test-suite

print-params:
	@echo $(suite_params_$(SUITE))

waves:
	@if [ -z "$(TEST)" ]; then \
		echo "make waves: name a test, e.g. make waves TEST=test_axil_strobed_writes_read_back"; \
		exit 2; fi
	$(Q)mkdir -p $(WAVES_DIR) && rm -f $(WAVES_DIR)/$(TEST)*.fst
	$(Q)for s in $(SUITES); do \
		$(MAKE) --no-print-directory SUITE=$$s suite-bin >/dev/null || exit 1; \
		SEEDS=$${SEEDS:-1} WAVES=1 $(MAKE) --no-print-directory SUITE=$$s test-suite \
			| grep -v "no test matches" || true; \
		if ls $(WAVES_DIR)/$(TEST)*.fst >/dev/null 2>&1; then \
			ls -1 $(WAVES_DIR)/$(TEST)*.fst; \
			if [ "$(GTKWAVE)" = 1 ]; then \
				view=$$($(MAKE) -s --no-print-directory SUITE=$$s print-view); \
				gtkwave -a $$view $$(ls -1 $(WAVES_DIR)/$(TEST)*.fst | head -1) & \
			fi; exit 0; fi; \
	done; echo "make waves: no trace was written: does TEST=$(TEST) name a DUT test?"; exit 2

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
# 4 KiB frames.
BENCH_VQ_PARAMS := -GNET_BUF_BYTES=8192

bench: $(BENCH_BIN)
	$(Q)$(BENCH_BIN)
	$(Q)$(MAKE) --no-print-directory SUITE=vq DUT_PARAMS="$(BENCH_VQ_PARAMS)" bench-vq-bin
	$(Q)echo; $(MAKE) -s --no-print-directory SUITE=vq DUT_PARAMS="$(BENCH_VQ_PARAMS)" print-bench-vq | sh
	$(Q)echo; echo "Linux on the platform (make linux): boot, blk as Linux sees it, simulation share"
	$(Q)$(MAKE) --no-print-directory linux ARGS=--quiet

coverage:
	$(Q)mkdir -p $(BUILD)/coverage && rm -f $(BUILD)/coverage/*.dat
	$(Q)for s in $(SUITES); do \
		COVERAGE_DIR=$(BUILD)/coverage $(MAKE) --no-print-directory \
			COVERAGE=1 SUITE=$$s test-suite || exit 1; done
	$(Q)verilator_coverage --annotate $(BUILD)/coverage/annotated \
		$(BUILD)/coverage/*.dat > $(BUILD)/coverage/summary.txt
	$(Q)tail -3 $(BUILD)/coverage/summary.txt

# ----------------------------------------------------------------- lint

RTL_F := rtl/vio.f
C_SOURCES = $(filter-out $(GEN_FILES),$(wildcard model/*.c model/*.h \
	virtio/*.c virtio/*.h testbench/*/*.c testbench/*/*.h \
	scripts/*.c))

lint:
	$(Q)$(foreach s,$(SUITES),$(VERILATOR) --lint-only -Wall \
		--top-module $(suite_top_$(s)) $(DUT_WAIVERS) $(call f_incs,$(suite_f_$(s))) \
		$(call f_srcs,$(suite_f_$(s))) $(suite_params_$(s)) && ) true
	$(Q)mkdir -p $(BUILD)/lint && $(foreach s,$(SUITES),iverilog -g2005 $(call f_incs,$(suite_f_$(s))) \
		-s $(suite_top_$(s)) $(subst -G,-P$(suite_top_$(s)).,$(suite_params_$(s))) \
		-o $(BUILD)/lint/$(s).vvp $(call f_srcs,$(suite_f_$(s))) && ) true
	$(Q)clang-format --dry-run --Werror $(C_SOURCES)
	$(Q)scripts/check_params.sh
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

clean:
	rm -rf $(BUILD)
