# SPDX-License-Identifier: GPL-2.0-only
# What the host and the guest kernel see of a driver's calls, for ours and
# for the stock driver alike:
#  - no backdoor call with interrupts masked (the host reads EFLAGS.IF);
#  - no page command on a target the driver failed to read: the host
#    answers 30% of GET_TARGETs busy, and between a busy GET_TARGET and
#    the next good one the trace has no lock or unlock.  Refused locks
#    (single-page mode ends its cycle there) and busy locks (a back-off)
#    leave the driver short of its target, where a stale one would move it;
#  - each 4 KiB page finalized once on its way out of the balloon (a
#    kprobe counts __ClearPageMovable: one per page taken off the list,
#    which /proc/vmstat counts as balloon_deflate, and one per page
#    compaction moved; twice is a VM_BUG_ON on a debug kernel).
set -eu
. tests/e2e/lib.sh

# stale_page_commands: lock or unlock calls in host-trace.csv after a
# busy GET_TARGET and before the next successful one.
stale_page_commands() {
	awk -F, 'NR > 1 && $3 == "target" { stale = ($7 != "success") }
		NR > 1 && stale && $3 ~ /[lL]ock$/ { n++ }
		END { print n + 0 }' "$out/host-trace.csv"
}

# variant caps driver-args: the stock driver without 2 MiB pages, so that
# every page it balloons is a movable 4 KiB one.
for spec in upstream:0x26: bb_single_poll::poll_ms=20 \
	bb_batch4k_doorbell:: bb_batch2m_poll::; do
	v=${spec%%:*}
	rest=${spec#*:}
	caps=${rest%%:*}
	args=${rest#*:}
	bb_run_ok "calls-$v" --driver "$v" ${caps:+--device caps=$caps} \
		--device target-busy-ppm=300000 --device refuse-ppm=20000 \
		--device busy-ppm=20000 --device seed=5 \
		${args:+--set DRIVER_ARGS=$args} --set TARGET_MIB=16 \
		--set KPROBES=__ClearPageMovable inflate-deflate
	expect "$v: reached 16 MiB" "$(counter inflate reached_mib)" -ge 16
	expect "$v: some GET_TARGETs were busy" "$(counter run host_targets-busy)" -gt 0
	expect "$v: no call with interrupts masked" \
		"$(counter run host_calls-irqs-off)" -eq 0
	# Compaction moves a page with an unlock and a lock of its own, at
	# any time: those two calls per migration may fall in the window.
	expect "$v: no page command on a target it failed to read" \
		"$(stale_page_commands)" -le $((2 * $(counter run guest_vmstat_balloon_migrate)))
	case $v in
	bb_batch2m_*) continue ;;
	esac
	out_pages=$(($(counter run guest_vmstat_balloon_deflate) + $(counter run guest_vmstat_balloon_migrate)))
	expect "$v: one finalize per page out" \
		"$(counter run guest_kprobe___ClearPageMovable)" -eq "$out_pages"
done
expect_no_qemu
