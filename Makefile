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

# The DUT: any design with the contract's ports (docs/dut.md).
DUT_TOP    ?= tb_fixture
DUT_SRCS   ?= $(shell cat testbench/rtl/tb_fixture.f)
DUT_PARAMS ?=
DUT_WAIVERS ?= testbench/rtl/lint_waivers.vlt

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC       ?= gcc
CXX      ?= g++
VERILATOR ?= verilator
WERROR   ?= -Werror
CFLAGS   ?= -O2 -g
CSTD     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-missing-field-initializers $(WERROR)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
INC      := -Imodel -Ivirtio -Itestbench
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

# One directory per DUT configuration and variant: built once, reused.
DUT_CFG  := $(DUT_TOP)$(if $(DUT_PARAMS),-$(shell echo '$(DUT_PARAMS)' | md5sum | cut -c1-8))$(VARIANT)
VLDIR    := $(BUILD)/vl/$(DUT_CFG)
VLIB     := $(VLDIR)/Vdut__ALL.a
VLLIB    := $(VLDIR)/libverilated.a
VFLAGS   := --cc -O3 --x-assign fast --x-initial fast --prefix Vdut \
	--top-module $(DUT_TOP) --timescale 1ns/1ps -Wall -Wno-fatal \
	-MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2" \
	$(VFLAGS_VARIANT) $(DUT_PARAMS)

OBJ := $(BUILD)/obj
BIN := $(BUILD)/bin

KERNEL_SRCS := model/sim.c model/sim_ctx.c
MODEL_SRCS  := $(KERNEL_SRCS) model/mem.c model/axi_check.c \
	model/axil_master.c model/axi_mem.c model/irq_mon.c
UNIT_SRCS   := testbench/tb_main.c testbench/unit_main.c \
	testbench/test_sim.c testbench/test_mem.c \
	testbench/test_axi_check_unit.c testbench/test_axi_mem_unit.c
DUT_TB_SRCS := testbench/tb_main.c testbench/tb_env.c testbench/dut_main.c \
	testbench/test_axil.c testbench/test_axi_mem.c testbench/test_axi_check.c


objs = $(patsubst %.c,$(OBJ)/%.o,$(1))

UNIT_BIN  := $(BIN)/unit
DUT_BIN   := $(BIN)/dut$(VARIANT)
BENCH_BIN := $(BIN)/bench$(VARIANT)
DEMO_BIN  := $(BIN)/demo$(VARIANT)
VDUT_OBJ  := $(VLDIR)/vdut.o
DUT_LIBS  := $(VDUT_OBJ) $(VLIB) $(VLLIB) -lz -lpthread

.PHONY: all help deps run test test-unit test-dut regress waves lint format \
	bench coverage clean gen check-gen

all: $(UNIT_BIN) $(DUT_BIN) $(DEMO_BIN)

help:
	@echo "Targets:"
	@echo "  make deps        install Verilator, GTKWave, Check, ... (apt; idempotent)"
	@echo "  make run         build the fixture and run the demonstration (ARGS='--help')"
	@echo "  make test        unit tests, then DUT tests (several seeds each)"
	@echo "  make regress     longer sweep: SEEDS=20, then the DUT tests on a 128-bit bus"
	@echo "  make waves TEST=name   rerun one test with tracing: $(BUILD)/waves/<name>.fst"
	@echo "  make bench       thread switch and simulation-speed figures"
	@echo "  make coverage    DUT tests on a coverage build; summary + annotated sources"
	@echo "  make lint        verilator --lint-only -Wall, clang-format check"
	@echo "  make format      apply clang-format to the C sources"
	@echo "  make gen         regenerate the register-map files from rtl/vio_mmio_regs.tbl"
	@echo "  make clean       remove $(BUILD)/"
	@echo "Knobs:"
	@echo "  TEST=glob        run only matching tests (e.g. TEST='test_axi_check_*')"
	@echo "  SEED=n           base seed (decimal or 0x hex); printed by every run"
	@echo "  SEEDS=n          seeds per randomised test (default 3)"
	@echo "  WAVES=1          write $(BUILD)/waves/<test>.fst (tests) or demo.fst (run)"
	@echo "  WAVES_START=c WAVES_STOP=c   trace only rising edges c..c"
	@echo "  GTKWAVE=1        with 'make waves': open GTKWave with the prepared view"
	@echo "  COVERAGE=1       build the DUT with Verilator coverage"
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

$(VLIB) $(VLLIB): $(DUT_SRCS) $(wildcard $(DUT_WAIVERS)) Makefile
	@mkdir -p $(VLDIR)
	@echo "  VERILATE $(DUT_TOP) $(DUT_PARAMS) $(VARIANT)"
	$(Q)$(VERILATOR) $(VFLAGS) -Mdir $(VLDIR) $(wildcard $(DUT_WAIVERS)) \
		$(DUT_SRCS) > $(VLDIR)/verilate.log 2>&1 || \
		{ cat $(VLDIR)/verilate.log; exit 1; }
	$(Q)cd $(VLDIR) && { globals=$$($(MAKE) -s -f Vdut.mk \
		--eval 'vl-globals: ; @echo $$(VK_GLOBAL_OBJS)' vl-globals) && \
		$(MAKE) -s -f Vdut.mk Vdut__ALL.a $$globals && \
		rm -f libverilated.a && ar rcs libverilated.a $$globals; \
		} > build.log 2>&1 || { cat build.log; exit 1; }

$(VDUT_OBJ): model/vdut.cpp model/vdut.h model/vport.h $(VLIB)
	@echo "  CXX     $<"
	$(Q)$(CXX) -std=c++14 -O2 -g $(VDEFS) -DVDUT_TOP_NAME='"$(DUT_TOP)"' \
		-Imodel -I$(VLDIR) -I$(VROOT)/include \
		-I$(VROOT)/include/vltstd -c $< -o $@

# ------------------------------------------------------------- binaries

$(UNIT_BIN): $(call objs,$(KERNEL_SRCS) model/mem.c model/axi_check.c model/axi_mem.c $(UNIT_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $^ $(CHECK_LIBS) -o $@

$(DUT_BIN): $(call objs,$(MODEL_SRCS) $(DUT_TB_SRCS)) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CXX) $(call objs,$(MODEL_SRCS) $(DUT_TB_SRCS)) $(DUT_LIBS) $(CHECK_LIBS) -o $@

$(BENCH_BIN): $(call objs,$(MODEL_SRCS) testbench/tb_env.c testbench/bench.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CXX) $(call objs,$(MODEL_SRCS) testbench/tb_env.c testbench/bench.c) $(DUT_LIBS) $(CHECK_LIBS) -o $@

$(DEMO_BIN): $(call objs,$(MODEL_SRCS) testbench/tb_env.c testbench/demo.c) $(VDUT_OBJ) $(VLIB) $(VLLIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CXX) $(call objs,$(MODEL_SRCS) testbench/tb_env.c testbench/demo.c) $(DUT_LIBS) $(CHECK_LIBS) -o $@

# ---------------------------------------------- generated register map

# rtl/vio_mmio_regs.tbl is the single source of these three files.
REG_TABLE := rtl/vio_mmio_regs.tbl
GEN_BIN   := $(BIN)/gen_regs
GEN_DIR   := $(BUILD)/gen
GEN_FILES := rtl/vio_mmio_defs.vh virtio/virtio_mmio_regs.h docs/registers.md

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

run: $(DEMO_BIN)
	$(Q)$(DEMO_BIN) $(ARGS)
ifeq ($(GTKWAVE),1)
	$(Q)test -f $(WAVES_DIR)/demo.fst || { echo "make run: add WAVES=1 to write the trace GTKWAVE=1 opens"; exit 2; }
	$(Q)gtkwave -a waves/fixture.gtkw $(WAVES_DIR)/demo.fst &
endif

export TEST SEED SEEDS WAVES WAVES_START WAVES_STOP
export WAVES_DIR := $(BUILD)/waves

test: check-gen $(UNIT_BIN) $(DUT_BIN)
	$(Q)rc=0; $(UNIT_BIN) || rc=1; $(DUT_BIN) || rc=1; exit $$rc

test-unit: $(UNIT_BIN)
	$(Q)$(UNIT_BIN)

test-dut: $(DUT_BIN)
	$(Q)$(DUT_BIN)

# The long sweep: more seeds, and the DUT tests again on a 128-bit data bus.
REGRESS_WIDE := -GDATA_WIDTH=128

regress: $(UNIT_BIN) $(DUT_BIN)
	$(Q)rc=0; SEEDS=$${SEEDS:-20} $(UNIT_BIN) || rc=1; \
		SEEDS=$${SEEDS:-20} $(DUT_BIN) || rc=1; \
		$(MAKE) --no-print-directory DUT_PARAMS=$(REGRESS_WIDE) test-dut || rc=1; \
		exit $$rc

waves: $(DUT_BIN)
	@if [ -z "$(TEST)" ]; then \
		echo "make waves: name a test, e.g. make waves TEST=test_axil_strobed_writes_read_back"; \
		exit 2; fi
	$(Q)mkdir -p $(WAVES_DIR)
	$(Q)SEEDS=$${SEEDS:-1} WAVES=1 $(DUT_BIN)
	@ls -1 $(WAVES_DIR)/$(TEST)*.fst 2>/dev/null || \
		{ echo "make waves: no trace was written: does TEST=$(TEST) name a DUT test?"; exit 2; }
ifeq ($(GTKWAVE),1)
	$(Q)gtkwave -a waves/fixture.gtkw $$(ls -1 $(WAVES_DIR)/$(TEST)*.fst | head -1) &
endif

bench: $(BENCH_BIN)
	$(Q)$(BENCH_BIN)

coverage:
	$(Q)$(MAKE) --no-print-directory COVERAGE=1 $(BIN)/dut-cov
	$(Q)mkdir -p $(BUILD)/coverage && rm -f $(BUILD)/coverage/*.dat
	$(Q)COVERAGE_DIR=$(BUILD)/coverage $(BIN)/dut-cov
	$(Q)verilator_coverage --annotate $(BUILD)/coverage/annotated \
		$(BUILD)/coverage/*.dat | tail -3

# ----------------------------------------------------------------- lint

C_SOURCES = $(filter-out $(GEN_FILES),$(wildcard model/*.c model/*.h \
	virtio/*.c virtio/*.h testbench/*.c testbench/*.h scripts/*.c))

lint:
	$(Q)$(VERILATOR) --lint-only -Wall --top-module $(DUT_TOP) \
		$(wildcard $(DUT_WAIVERS)) $(DUT_SRCS)
	$(Q)clang-format --dry-run --Werror $(C_SOURCES)
	@echo "lint: clean"

format:
	$(Q)clang-format -i $(C_SOURCES)

clean:
	rm -rf $(BUILD)
