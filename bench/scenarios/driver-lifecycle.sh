# SPDX-License-Identifier: GPL-2.0-only
# driver-lifecycle: compaction moves ballooned 4 KiB pages, unloading an
# inflated driver hands every page back to the guest and empties the host's
# balloon, and bb.cycles load/inflate/unload cycles leak no memory.
lsmod | grep -q '^vmw_vmci ' || insmod "$BB_ROOT"/modules/vmw_vmci.ko

sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_before_kib "$(free_kib)"

bb_load_driver
# Inflate into a nearly full guest, then free the rest: the balloon's pages
# end up spread over the zone, where compaction finds them.
hold_mib=$(( $(mem_kib MemAvailable) / 1024 - BB_TARGET_MIB - 64 ))
mkdir -p /tmp/hold
mount -t tmpfs -o "size=${hold_mib}m" hold /tmp/hold
dd if=/dev/zero of=/tmp/hold/zero bs=1M count="$hold_mib" 2>/dev/null
bb_phase inflate "${BB_TARGET_MIB:?}"
umount /tmp/hold
echo 1 > /proc/sys/vm/compact_memory
bb_mark compacted
bb_all_stats
bb_unload_driver
bb_mark unloaded
sync
echo 3 > /proc/sys/vm/drop_caches
bb_stat guest.memfree_unloaded_kib "$(free_kib)"
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
bb_stat guest.memfree_after_kib "$(free_kib)"
grep balloon /proc/vmstat | awk '{ printf "@bb stat guest.vmstat_end.%s=%s\n", $1, $2 }' >&3
