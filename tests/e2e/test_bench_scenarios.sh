# SPDX-License-Identifier: GPL-2.0-only
# Every benchmark scenario built on a workload runs end to end with bb_auto
# and yields its figures: latency percentiles, the pressure outcome, 2 MiB
# allocation failures, Waldspurger throughput, the refusal sweep.
set -eu
. tests/e2e/lib.sh

bb_run_ok scenario-latency --driver bb_auto --set QUIET_S=2 --set PROBE_S=6 latency
expect "latency: timer samples while quiet" "$(counter inflate latprobe_timer_quiet_count)" -gt 1000
expect "latency: timer samples while inflating" "$(counter inflate latprobe_timer_inflating_count)" -gt 1000
expect "latency: touch percentiles" "$(counter inflate latprobe_touch_inflating_p99_ns)" -gt 0
# The target must fit beside the probe's working set and the driver's
# reserve: else the inflate stops short, waits for the probe to exit and
# free its pages, and its calls and times count the polls until then.
expect "latency: inflate reached in its first cycle" "$(counter inflate calls_target)" -eq 1

# Taking the guest's last free pages may get a workload OOM-killed.
# With the scenario's 640 MiB hog the guest can run out of memory, and when
# the balloon takes what the OOM-killed hog freed, the next OOM kill may be
# the guest's runner itself (seen once in four runs): the run then has no
# result.  Here the hog leaves room, so the run always finishes.
# The phase settles once the balloon stopped growing for SETTLE_S of wall
# time: long enough that a slow allocation under pressure is not taken for
# the end.
BB_ALLOW_OOM=1 bb_run_ok scenario-pressure --driver bb_auto --set SETTLE_S=20 \
	--set HOG_MIB=300 pressure
expect "pressure: the balloon took some memory" "$(counter inflate reached_mib)" -gt 0
jq -e '.benchmarks[0] | has("memhog_alive")' "$out/results.json" >/dev/null ||
	fail "pressure: no memhog_alive figure"
jq -e '.benchmarks[-1] | has("guest_vmstat_oom_kill")' "$out/results.json" >/dev/null ||
	fail "pressure: no OOM kill count"

# Reaching the target ends the phase; SETTLE_S only bounds a stall.
bb_run_ok scenario-fragmented --driver bb_auto --set SETTLE_S=30 fragmented
expect "fragmented: 2 MiB allocations failed" "$(counter inflate alloc_fail_2m)" -gt 0
expect "fragmented: the 4 KiB fallback reached the target" "$(counter inflate reached_mib)" -ge 256

bb_run_ok scenario-waldspurger --driver bb_auto --set SIZES_MIB=1024,768 --set WSLOAD_S=2 waldspurger
expect "waldspurger: ballooned throughput" "$(counter ballooned768 wsload_ops_per_s)" -gt 0
bb_run_ok scenario-waldspurger-configured --driver none --set WALD_MODE=configured \
	--set GUEST_MEM_MIB=768 --set CONFIGURED_MIB=768 --set WSLOAD_S=2 waldspurger
expect "waldspurger: configured throughput" "$(counter configured768 wsload_ops_per_s)" -gt 0

bb_run_ok scenario-refusal --driver bb_auto --set MAX_CYCLES=8 refusal
expect "refusal: none refused at 0%" "$(counter inflate0 refused)" -eq 0
expect "refusal: pages refused at 50%" "$(counter inflate50 refused)" -gt 0
expect_no_qemu
