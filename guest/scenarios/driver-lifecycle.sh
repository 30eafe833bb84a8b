# SPDX-License-Identifier: GPL-2.0-only
# driver-lifecycle: compaction moves ballooned 4 KiB pages, unloading an
# inflated driver hands every page back to the guest and empties the host's
# balloon, and bb.cycles load/inflate/unload cycles leak no memory.
lsmod | grep -q '^vmw_vmci ' || insmod /bb/modules/vmw_vmci.ko
sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_before_kib "$(mem_kib MemFree)"

bb_load_driver
bb_phase inflate "${BB_TARGET_MIB:?}"
echo 1 > /proc/sys/vm/compact_memory
bb_mark compacted
bb_all_stats
bb_unload_driver
bb_mark unloaded
sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_unloaded_kib "$(mem_kib MemFree)"
bb_phase idle 0

i=1
while [ "$i" -le "${BB_CYCLES:?}" ]; do
	bb_load_driver
	bb_phase "cycle$i" "${BB_CYCLE_MIB:?}"
	bb_unload_driver
	i=$((i + 1))
done
bb_mark cycled
sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_after_kib "$(mem_kib MemFree)"
grep balloon /proc/vmstat | awk '{ printf "@bb stat guest.vmstat_end.%s=%s\n", $1, $2 }' >&3
