# SPDX-License-Identifier: GPL-2.0-only
# The debug-kernel lane: the scenarios of the driver's lifecycle, churn,
# accounting, shrinker, doorbell and reset tests once more, on the debug
# build of the guest kernel's source (make guest-debug: lockdep, KCSAN,
# DEBUG_VM, DEBUG_LIST, DEBUG_ATOMIC_SLEEP) with two vCPUs, so that KCSAN
# has two CPUs to catch racing.  Every lockdep or KCSAN report, BUG or WARN
# in a guest's console fails its case (lib.sh's console_trouble), and so
# does any phase whose sizes disagree (the conductor checks the driver,
# its lists and the host after every phase).  The reset case reads the
# drivers' debugfs files in a loop all along.  Last, the lane shows it
# can fail: a module that breaks a lock rule on purpose makes each report
# appear, and the same module breaking nothing leaves the console clean.
# time limit: 1500 s
set -eu
. tests/e2e/lib.sh

BB_TEST_GUEST="$BUILD/guest-debug"
BB_TEST_CPUS=2
[ -f "$BB_TEST_GUEST/vmlinuz" ] || fail "no debug guest in $BB_TEST_GUEST; run 'make guest-debug'"
grep -q bbdebug "$BB_TEST_GUEST/kernel-release" ||
	fail "$BB_TEST_GUEST holds kernel $(cat "$BB_TEST_GUEST/kernel-release"), not the debug build"

n=0
# lane_case NAME: runs the case's function (NAME with "-" as "_") in a
# subshell and prints its TAP line.
lane_case() {
	n=$((n + 1))
	if (case_"$(printf '%s' "$1" | tr - _)"); then
		printf 'ok %d - debug kernel: %s\n' "$n" "$1"
	else
		printf 'not ok %d - debug kernel: %s\n' "$n" "$1"
	fi
}

# Load, inflate and unload with a VMCI device, five times: every frame
# comes back and no doorbell stays linked.
case_lifecycle() {
	bb_run_ok debug-lifecycle --driver bb_auto --set VMCI=1 --set CYCLES=5 driver-lifecycle
	expect "the host's balloon is empty after unload" \
		"$(counter run host_size_unloaded_frames)" -eq 0
	expect "no doorbell left linked" "$(counter run host_vmci-doorbells-linked)" -eq 0
	expect "every 4 KiB page came back" \
		"$(counter run guest_vmstat_end_balloon_deflate)" -eq \
		"$(counter run guest_vmstat_end_balloon_inflate)"
}

# Load, inflate, unload and host resets while a loop compacts memory.
case_churn() {
	bb_run_ok debug-churn --driver bb_batch4k_poll --set CYCLES=5 churn
	expect "the host's balloon is empty after unload" \
		"$(counter run host_size_unloaded_frames)" -eq 0
	expect "every 4 KiB page came back" \
		"$(counter run guest_vmstat_end_balloon_deflate)" -eq \
		"$(counter run guest_vmstat_end_balloon_inflate)"
}

# A ramp with 30% of lock and unlock calls answered busy: refused pages
# go back onto the lists again and again.
case_accounting() {
	bb_run_ok debug-accounting --driver bb_batch4k_poll --device busy-ppm=300000 \
		--device seed=3 ramp
	expect "the host answered busy" "$(counter run host_busy)" -gt 0
	expect "back to 0 in the driver" "$(counter run guest_bbd_size_frames)" -eq 0
	expect "nothing left on its lists" "$(counter run guest_bbd_list_frames)" -eq 0
}

# Memory pressure with the shrinker on.
case_shrinker() {
	bb_run_ok debug-shrinker --driver bb_batch4k_poll shrinker
	expect "the shrinker gave memory back" "$(counter pressure given_back_mib)" -gt 0
}

# The doorbell with an ERROR_RESET before every step.
case_doorbell() {
	bb_run_ok debug-doorbell --driver bb_batch4k_doorbell --set VMCI=1 --set REPS=1 \
		--phase-set step:reset-after=1 reaction
	expect "the host rang the doorbell" "$(counter run host_doorbells)" -gt 0
	expect "the driver reset" "$(counter run guest_bbd_reset)" -ge 2
}

# ERROR_RESET in the middle of a 2 MiB inflate, a loop reading debugfs
# all along.
case_reset() {
	bb_run_ok debug-reset --driver bb_batch2m_doorbell --set VMCI=1 \
		--set DEBUGFS_READER=1 --phase-set "inflate:reset-after=2" inflate-deflate
	expect "one injected reset" "$(counter run host_resets-injected)" -eq 1
	expect "the driver reset" "$(counter run guest_bbd_reset)" -ge 2
	expect "reached 512 MiB anyway" "$(counter inflate reached_mib)" -ge 512
	expect "debugfs was read all along" "$(counter run guest_debugfs_reader_reads)" -gt 100
}

# fault_run FAULT: boots the probe module with fault=FAULT; the run ends at
# the first phase's time-out (the probe is no balloon driver).
fault_run() {
	BB_EXPECT_TROUBLE=1
	bb_run "debug-fault-$1" --driver bb_lockdep_fault --set "DRIVER_ARGS=fault=$1" \
		--set PHASE_TIMEOUT_S=20 driver-load >/dev/null
	BB_EXPECT_TROUBLE=0
	grep -q "bb_lockdep_fault: fault=$1" "$out/console.log" ||
		fail "fault=$1: the probe did not load"
}

# fault_caught FAULT PATTERN: the console reports the fault as PATTERN,
# and console_trouble sees it.
fault_caught() {
	fault_run "$1"
	grep -q "$2" "$out/console.log" || fail "fault=$1: no '$2' in $out/console.log"
	console_trouble "$out/console.log" >/dev/null || fail "fault=$1: console_trouble missed it"
	printf 'ok: fault=%s reported: %s\n' "$1" "$(grep -m 1 "$2" "$out/console.log")"
}

case_fault_order() {
	fault_caught order 'WARNING: possible circular locking dependency detected'
}

case_fault_unheld() {
	fault_caught unheld 'WARNING: CPU: .* at .*bblf_init'
}

# The control: the probe loaded, nothing broken, nothing reported.
case_fault_none() {
	fault_run none
	expect_clean_console
	printf 'ok: fault=none: a clean console\n'
}

for c in lifecycle churn accounting shrinker doorbell reset fault-order fault-unheld fault-none; do
	lane_case "$c"
done
# Each case ran in a subshell: no QEMU of any of them may outlive it.
for out in "$(cd "$BUILD/tests/e2e" && pwd)"/debug-*; do
	expect_no_qemu
done
