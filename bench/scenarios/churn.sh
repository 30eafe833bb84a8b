# SPDX-License-Identifier: GPL-2.0-only
# churn: the driver gives its pages back while compaction moves them:
# bb.cycles load/inflate/unload cycles, then bb.cycles resets (the
# conductor's "reset" phases inject ERROR_RESET; the driver pops its
# balloon and inflates again), with memory compacted all along.  Free
# memory and the kernel's balloon counters must balance afterwards.
lsmod | grep -q '^vmw_vmci ' || insmod "$BB_ROOT"/modules/vmw_vmci.ko

sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_before_kib "$(free_kib)"
while :; do
	echo 1 > /proc/sys/vm/compact_memory
done &
compactor=$!

i=1
while [ "$i" -le "${BB_CYCLES:?}" ]; do
	bb_load_driver
	bb_phase cycle "${BB_CYCLE_MIB:?}"
	bb_unload_driver
	i=$((i + 1))
done
bb_mark unloaded
bb_load_driver
i=1
while [ "$i" -le "$BB_CYCLES" ]; do
	# Alternate the target so that every phase is a change.
	bb_phase reset $((BB_CYCLE_MIB * (1 + i % 2)))
	i=$((i + 1))
done
bb_mark reset
bb_all_stats
bb_unload_driver
kill "$compactor"
wait "$compactor" 2>/dev/null || :
bb_phase idle 0
sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_after_kib "$(free_kib)"
grep balloon /proc/vmstat | awk '{ printf "@bb stat guest.vmstat_end.%s=%s\n", $1, $2 }' >&3
