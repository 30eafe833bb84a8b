# SPDX-License-Identifier: GPL-2.0-only
#
# Micro-benchmarks of the host core's hot path (bench/micro/): Google
# Benchmark drives the C functions of host/core through a C++ shim.
# Included by the top Makefile once its variables are set.
#
#   make micro    build, run, and keep results/micro-<UTC>/micro.json

MICRO_BIN := $(BUILD)/bench/micro_host_core
MICRO_OBJ := $(BUILD)/bench/micro
MICRO_C_OBJS := $(patsubst host/core/%.c,$(MICRO_OBJ)/%.o,$(HOST_CORE_SRCS))
MICRO_CXX ?= g++
MICRO_CXXFLAGS ?= -std=c++17 -O2 -g -Wall -Wextra -Werror

.PHONY: micro

# The C sources as C, with the flags every other build of them uses.
$(MICRO_OBJ)/%.o: host/core/%.c $(HOST_CORE_HDRS) | deps
	@mkdir -p $(@D)
	@printf '  CC      %s\n' $@ >&2
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(MICRO_OBJ)/host_core_bench.o: bench/micro/host_core_bench.cc $(HOST_CORE_HDRS) | deps
	@mkdir -p $(@D)
	@printf '  CXX     %s\n' $@ >&2
	$(Q)$(MICRO_CXX) $(CPPFLAGS) $(MICRO_CXXFLAGS) -c $< -o $@

$(MICRO_BIN): $(MICRO_OBJ)/host_core_bench.o $(MICRO_C_OBJS)
	@printf '  LD      %s\n' $@ >&2
	$(Q)$(MICRO_CXX) $^ -lbenchmark -lpthread -o $@

micro: $(MICRO_BIN)
	$(Q)sh bench/micro/run.sh $(MICRO_BIN) results/micro-$$(date -u +%Y%m%dT%H%M%SZ)

# tests/e2e/test_micro.sh runs the binary; make bench keeps its micro.json
# with the results (on the embedded host: in a VMware guest there is no
# host core to measure); bench/gate/run compares it.
test gate: $(MICRO_BIN)
ifeq ($(BB_HOST),embedded)
bench: $(MICRO_BIN)
bench: export MICRO_BIN := $(MICRO_BIN)
endif
