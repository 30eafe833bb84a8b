# SPDX-License-Identifier: GPL-2.0-only
#
# balloonbench: the one entry point.  `make help` lists the targets.
#
# Expensive builds (QEMU, downloaded packages) are cached in $(BB_CACHE),
# outside the checkout; everything else is generated under $(BUILD).

BB_CACHE ?= $(HOME)/.cache/balloonbench
# embedded (QEMU here) or vmware (this machine is a VMware guest).  Only a
# HOST given on the command line counts: shells often export HOST.
BB_HOST := $(if $(filter command line,$(origin HOST)),$(HOST),embedded)
BUILD ?= build
V ?= 0
# Seconds the fuzzer runs inside `make test`.
FUZZ_SECONDS ?= 30

CFLAGS += -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Ihost/core
FUZZ_CC ?= clang
FUZZ_CFLAGS ?= -std=c11 -D_GNU_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

HOST_CORE_SRCS := $(sort $(wildcard host/core/*.c))
HOST_CORE_HDRS := $(wildcard host/core/*.h include/*.h)
# bench/: one folder per program; bench/lib is what several of them share.
BENCH_LIB_SRCS := $(sort $(wildcard bench/lib/*.c))
BENCH_LIB_HDRS := $(wildcard bench/lib/*.h bench/lib/*.def)
CONDUCTOR_SRCS := $(sort $(wildcard bench/conductor/*.c))
COMPARE_SRCS := $(sort $(wildcard bench/compare/*.c))
STATS_HDRS := bench/compare/stats.h bench/lib/sample.h
QEMU := $(BUILD)/host/qemu-system-x86_64
BBRUN := $(BUILD)/bench/bbrun
BBREPORT := $(BUILD)/bench/bbreport
BBCOMPARE := $(BUILD)/bench/bbcompare
WORKLOAD_LIB_SRCS := $(sort $(wildcard workloads/lib/*.c))
WORKLOADS := $(patsubst workloads/%.c,$(BUILD)/workloads/%,$(wildcard workloads/*.c))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/%,$(wildcard tests/fuzz/*.c))

ifeq ($(V),1)
Q :=
else
Q := @
endif

.DEFAULT_GOAL := help

include mk/rules.mk
# Self-contained parts keep their rules next to their sources' folder name.
-include mk/micro.mk mk/history.mk
.PHONY: help deps host driver dkms dkms-remove vmware-rehearsal workloads guest guest-profile guest-debug conductor test fuzz smoke bench profile report history gate gate-validate compare-upstream docs check clean

help:
	@printf '%s\n' \
	  'balloonbench: performance and regression suite for the VMware balloon' \
	  '' \
	  '  make bench      the scenario matrix: each scenario'"'"'s drivers, 3 reps;' \
	  '                  results, summary and plots in results/latest/' \
	  '                  (QUICK=1 a short subset; SCENARIOS=, VARIANTS=, REPS=,' \
	  '                  STATE="filled fragmented fresh cache thp": the guest' \
	  '                  memory states of the scenarios that take one;' \
	  '                  SHARD=i/N to run one slice; CLOCK=virtual for' \
	  '                  near-deterministic times; INSTRUMENT=both to run our' \
	  '                  drivers with and without their counters (observer' \
	  '                  cost); HOST=vmware inside a VMware guest, vs ESXi)' \
	  '  make gate BASE=<git-ref>  is the working tree slower than BASE? builds' \
	  '                  BASE in a worktree, runs both interleaved, judges every' \
	  '                  metric of the cells bench/gate/plan.sh names per clock' \
	  '                  (CLOCK=virtual|wall, SCENARIOS=, VARIANTS=,' \
	  '                  ROUNDS=, REPS=, CANDIDATE_DRIVER_ARGS=); table and plot' \
	  '                  in results/gate-*; bench/gate/run BASE exits 0/1/2' \
	  '  make gate-validate  the gate'"'"'s own benchmark: detection and false-alarm' \
	  '                  rates for known slowdowns (TRIALS=, LEVELS=, CLOCKS=);' \
	  '                  CORPUS=1: each realistic regression of bench/gate/corpus' \
	  '                  through the default gate (TRIALS=, CLOCKS=, PATCHES=)' \
	  '  make profile    perf profiles of inflate-deflate, init_on_alloc on and' \
	  '                  off (stock, bb_batch4k_poll, bb_batch2m_poll): categories,' \
	  '                  top symbols, flame graphs in results/profile-*/index.html' \
	  '  make micro      Google Benchmark micro-benchmarks of the host core' \
	  '  make report RUNS="dir1 dir2"  merge bench shards into one result set' \
	  '  make history    one metric across every result set in results/' \
	  '                  (SCENARIO=inflate-deflate PHASE=inflate METRIC=mib_per_s)' \
	  '  make smoke      boot the stock vmw_balloon on the embedded host, inflate' \
	  '                  512 MiB and back, print one summary line' \
	  '  make test       unit tests, fuzzer, end-to-end tests (N passed, N failed)' \
	  '  make fuzz FUZZ_EXECS=10000000  a fuzzing campaign per target (or' \
	  '                  FUZZ_SECONDS=; FUZZ_TARGETS="host_core vmci_core",' \
	  '                  JOBS=), corpus in the cache, host/core coverage' \
	  '  make deps       install Debian packages, fetch the guest kernel' \
	  '  make host       build QEMU with the vmw-balloon-host device (cached)' \
	  '  make driver     build the 7 driver variants for the guest kernel' \
	  '                  (KDIR=/lib/modules/$$(uname -r)/build: for this machine)' \
	  '  make dkms       on a VMware VM: the variants under DKMS, for this' \
	  '                  kernel and the next (make dkms-remove: out again)' \
	  '  make vmware-rehearsal  make bench HOST=vmware in the emulated VMware' \
	  '                  guest (Debian 12, a model of ESXi behind a govc stand-in):' \
	  '                  the govc and esxi result sets (BENCH_ARGS="QUICK=1")' \
	  '  make guest      pack the guest kernel, stock and our modules, initramfs' \
	  '  make guest-debug  the same on a debug build of the guest kernel'"'"'s' \
	  '                  source (lockdep, KCSAN, DEBUG_VM; built once, cached)' \
	  '  make compare-upstream  ours vs the stock driver: the parity table per' \
	  '                  page mode, init_on_alloc on and off, instrumentation' \
	  '                  on and off; the reclaim table per guest memory state' \
	  '                  (PARITY_STATES=) (CLOCK=virtual|wall, REPS=, JOBS=); on the' \
	  '                  wall clock also every variant and reaction' \
	  '  make conductor  build bbrun, bbreport and bbcompare (bench/conductor,' \
	  '                  bench/report, bench/compare) into $(BUILD)/bench/' \
	  '  make check      every shell script: dash -n and shellcheck -S warning' \
	  '  make docs       write the metric registry'"'"'s table into docs/results.md' \
	  '  make clean      remove $(BUILD)/ (the cache in $(BB_CACHE) stays)' \
	  '' \
	  'Variables: BB_CACHE=$(BB_CACHE) BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) V=1'

deps:
	$(Q)sh mk/deps.sh $(BUILD) $(BB_CACHE) $(BB_HOST)

host: deps
	$(Q)sh host/qemu/build.sh $(CURDIR) $(BB_CACHE) $(QEMU)

driver: deps
	$(Q)sh driver/build.sh $(CURDIR) $(BUILD) $(KDIR) >/dev/null

# On a VMware VM: our modules under DKMS, for the running kernel and the
# next ones (driver/dkms.sh).
dkms:
	$(Q)sh driver/dkms.sh install $(CURDIR)

dkms-remove:
	$(Q)sh driver/dkms.sh remove $(CURDIR)

# make bench HOST=vmware, rehearsed in the emulated VMware guest.
vmware-rehearsal: host guest $(BBRUN)
	$(Q)BBRUN=$(BBRUN) BUILD=$(BUILD) BENCH_ARGS='$(BENCH_ARGS)' sh bench/vmware/emulated/rehearsal.sh

workloads: $(WORKLOADS)

# Workloads run inside the guest's busybox initramfs: static binaries.
$(foreach w,$(wildcard workloads/*.c),$(eval $(call c_prog,$(BUILD)/workloads/$(basename $(notdir $(w))),\
	$(w) $(WORKLOAD_LIB_SRCS),$(wildcard workloads/lib/*.h),-Iworkloads/lib -static,-lpthread -lm)))

guest: driver $(WORKLOADS)
	$(Q)sh guest/build.sh $(CURDIR) $(BUILD)

# The same guest with perf, for PROFILE=1 only.
guest-profile: driver $(WORKLOADS)
	$(Q)sh guest/build.sh $(CURDIR) $(BUILD) profile

# The same guest on the debug kernel (lockdep, KCSAN, DEBUG_VM), for the
# tests: the kernel is built once per configuration into the cache.
guest-debug: deps $(WORKLOADS)
	$(Q)sh guest/debug-kernel/build.sh $(CURDIR) $(BUILD) $(BB_CACHE)
	$(Q)sh guest/build.sh $(CURDIR) $(BUILD) debug

conductor: $(BBRUN) $(BBREPORT) $(BBCOMPARE)

$(eval $(call c_prog,$(BBRUN),$(CONDUCTOR_SRCS) $(BENCH_LIB_SRCS) $(HOST_CORE_SRCS),\
	$(wildcard bench/conductor/*.h) $(BENCH_LIB_HDRS) $(HOST_CORE_HDRS),-Ibench/lib,-ljansson -lm))
$(eval $(call c_prog,$(BBCOMPARE),$(COMPARE_SRCS) $(BENCH_LIB_SRCS),\
	$(wildcard bench/compare/*.h) $(BENCH_LIB_HDRS),-Ibench/lib,-ljansson -lm))
REPORT_SRCS := $(sort $(wildcard bench/report/*.c bench/report/sections/*.c))
$(eval $(call c_prog,$(BBREPORT),$(REPORT_SRCS) bench/lib/util.c bench/lib/metrics.c bench/lib/sample.c,\
	bench/report/report.h bench/report/sections/sections.h bench/lib/util.h bench/lib/metrics.h bench/lib/sample.h \
	bench/lib/metrics.def,-Ibench/lib -Ibench/report,-ljansson -lm))

# Unit tests: each links the code it tests.
$(eval $(call c_prog,$(BUILD)/tests/test_host_core,tests/unit/test_host_core.c $(HOST_CORE_SRCS),\
	tests/unit/tap.h $(HOST_CORE_HDRS)))
$(eval $(call c_prog,$(BUILD)/tests/test_vmci_core,tests/unit/test_vmci_core.c host/core/vmci_core.c,\
	tests/unit/tap.h tests/lib/le_bytes.h host/core/vmci_core.h))
$(eval $(call c_prog,$(BUILD)/tests/test_stats,tests/unit/test_stats.c bench/compare/stats.c bench/lib/metrics.c bench/lib/sample.c,\
	tests/unit/tap.h $(STATS_HDRS) bench/lib/metrics.h bench/lib/metrics.def,-Ibench/compare -Ibench/lib,-lm))
$(eval $(call c_prog,$(BUILD)/tests/test_trace_figures,\
	tests/unit/test_trace_figures.c bench/conductor/trace_figures.c $(BENCH_LIB_SRCS),\
	tests/unit/tap.h bench/conductor/trace_figures.h $(BENCH_LIB_HDRS),-Ibench/conductor -Ibench/lib,-ljansson -lm))
$(eval $(call c_prog,$(BUILD)/tests/test_bench_lib,tests/unit/test_bench_lib.c $(BENCH_LIB_SRCS),\
	tests/unit/tap.h $(BENCH_LIB_HDRS),-Ibench/lib,-ljansson -lm))
$(eval $(call c_prog,$(BUILD)/tests/test_workloads,tests/unit/test_workloads.c $(WORKLOAD_LIB_SRCS),\
	tests/unit/tap.h $(wildcard workloads/lib/*.h),-Iworkloads/lib,-lpthread -lm))
$(eval $(call c_prog,$(BUILD)/tests/test_workload_options,tests/unit/test_workload_options.c $(WORKLOAD_LIB_SRCS),\
	tests/unit/tap.h $(wildcard workloads/lib/*.h),-Iworkloads/lib,-lpthread -lm))
$(eval $(call c_prog,$(BUILD)/tests/test_workload_histogram,tests/unit/test_workload_histogram.c $(WORKLOAD_LIB_SRCS),\
	tests/unit/tap.h $(wildcard workloads/lib/*.h),-Iworkloads/lib,-lpthread -lm))

$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) tests/lib/le_bytes.h $(HOST_CORE_SRCS) $(HOST_CORE_HDRS) | deps
	@mkdir -p $(@D)
	@printf '  FUZZCC  %s\n' $@ >&2
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $< $(HOST_CORE_SRCS) -o $@

# `make fuzz`: a campaign per fuzzer (FUZZ_EXECS= or FUZZ_SECONDS=), the
# corpus kept in the cache, then host/core's coverage from a twin built
# with clang's coverage mapping.
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_CAMPAIGN := $(patsubst %,$(BUILD)/tests/fuzz_%,$(FUZZ_TARGETS))
FUZZ_COV := $(patsubst %,$(BUILD)/fuzz-cov/fuzz_%,$(FUZZ_TARGETS))

$(BUILD)/fuzz-cov/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) tests/lib/le_bytes.h $(HOST_CORE_SRCS) $(HOST_CORE_HDRS) | deps
	@mkdir -p $(@D)
	@printf '  COVCC   %s\n' $@ >&2
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer \
		-fprofile-instr-generate -fcoverage-mapping $< $(HOST_CORE_SRCS) -o $@

fuzz: $(FUZZ_CAMPAIGN) $(FUZZ_COV)
	$(Q)sh tests/fuzz/campaign.sh $(BUILD) $(BB_CACHE) $(FUZZ_CAMPAIGN)

# The attack guest: a boot sector that calls the host as no driver would
# (tests/e2e/test_host_attack.sh), its table from the protocol header.
ATTACK_DISK := $(BUILD)/attack/disk.img

$(BUILD)/attack/boot.bin: tests/attack/boot.S | deps
	@mkdir -p $(@D)
	@printf '  AS      %s\n' $@ >&2
	$(Q)as --32 -o $(@D)/boot.o $<
	$(Q)ld -m elf_i386 -Ttext=0x7c00 --oformat binary -o $@ $(@D)/boot.o

$(eval $(call c_prog,$(BUILD)/attack/attack_table,tests/attack/attack_table.c,\
	tests/lib/le_bytes.h include/vmw_balloon_proto.h))

$(ATTACK_DISK): $(BUILD)/attack/boot.bin $(BUILD)/attack/attack_table
	$(Q)$(BUILD)/attack/attack_table $< $@.tmp $(@D)/expect.txt && mv $@.tmp $@

test: host guest guest-profile guest-debug $(BBRUN) $(BBREPORT) $(BBCOMPARE) $(UNIT_TESTS) $(FUZZERS) $(ATTACK_DISK)
	$(Q)BUILD=$(BUILD) BBRUN=$(BBRUN) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/run.sh

smoke: host guest $(BBRUN)
	$(Q)$(BBRUN) --label smoke --out $(BUILD)/smoke inflate-deflate

ifeq ($(BB_HOST),vmware)
bench: deps
	$(Q)BUILD=$(BUILD) sh bench/vmware/run.sh
else ifeq ($(BB_HOST),embedded)
bench: host guest $(if $(filter 1,$(PROFILE) $(QUICK)),guest-profile) $(BBRUN) $(BBREPORT)
	$(Q)BBRUN=$(BBRUN) BBREPORT=$(BBREPORT) sh bench/matrix/run.sh
else
bench:
	@printf 'bench: error: HOST must be embedded or vmware, not %s\n' '$(BB_HOST)' >&2; exit 2
endif

# Merge the result folders of bench shards (SHARD=i/N) into one result set.
report: $(BBREPORT)
	$(Q)test -n "$(RUNS)" || { printf 'report: error: give RUNS="dir1 dir2 ..."\n' >&2; exit 2; }
	$(Q)BBREPORT=$(BBREPORT) sh bench/report/run.sh results/$$(date -u +%Y%m%dT%H%M%SZ)-merged $(RUNS)

# One metric across every result set in results/.
SCENARIO ?= inflate-deflate
PHASE ?= inflate
METRIC ?= mib_per_s
history:
	$(Q)sh plots/history.sh results/history-$(SCENARIO)-$(PHASE)-$(METRIC) $(SCENARIO) $(PHASE) $(METRIC)

# make maps any failure to its own exit status 2; bench/gate/run itself exits
# 0 pass, 1 regression, 2 could not decide.
gate: host guest conductor
	$(Q)test -n "$(BASE)" || { printf 'gate: error: give BASE=<git-ref>, e.g. BASE=origin/main\n' >&2; exit 2; }
	$(Q)BUILD=$(BUILD) BB_CACHE=$(BB_CACHE) V=$(V) sh bench/gate/run '$(BASE)'

gate-validate: host guest conductor
ifeq ($(CORPUS),1)
	$(Q)BUILD=$(BUILD) BB_CACHE=$(BB_CACHE) V=$(V) sh bench/gate/validate-corpus
else
	$(Q)BUILD=$(BUILD) sh bench/gate/validate
endif

# Where the time goes: perf profiles of inflate-deflate, init_on_alloc on
# (Debian's default) and off, for the stock driver and our 4 KiB and 2 MiB
# variants.
PROFILE_SCENARIOS ?= inflate-deflate inflate-deflate-noinit
PROFILE_VARIANTS ?= upstream bb_batch4k_poll bb_batch2m_poll
profile: host guest-profile $(BBRUN) $(BBREPORT)
	$(Q)PROFILE=1 SCENARIOS='$(PROFILE_SCENARIOS)' VARIANTS='$(PROFILE_VARIANTS)' STATE=filled \
		OUT=$${OUT:-results/profile-$$(date -u +%Y%m%dT%H%M%SZ)-$$(git rev-parse --short=12 HEAD)} \
		BBRUN=$(BBRUN) BBREPORT=$(BBREPORT) sh bench/matrix/run.sh

compare-upstream: host guest $(BBRUN) $(BBCOMPARE)
	$(Q)sh bench/matrix/compare-upstream.sh $(BBRUN) results/compare-$$(date -u +%Y%m%dT%H%M%SZ)

# Every shell script git knows: it parses, and shellcheck finds no warning.
# The generated part of the docs: the metric registry's table.
docs: $(BBCOMPARE)
	$(Q)sh mk/docs.sh $(BBCOMPARE)

check: deps
	$(Q)scripts=$$(sh mk/shell-scripts.sh) && \
	for f in $$scripts; do dash -n "$$f" || exit 1; done && \
	shellcheck -x -s sh -S warning $$scripts && \
	printf 'check: %s scripts parse, shellcheck clean\n' "$$(echo "$$scripts" | wc -l)"

clean:
	rm -rf $(BUILD)
