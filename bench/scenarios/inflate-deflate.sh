# SPDX-License-Identifier: GPL-2.0-only
# inflate-deflate: with the guest's memory in bb.state (filled: all of it
# backed on the host), step the balloon to bb.target_mib and back to 0,
# bb.reps times; after each inflate, bb.thp_probe_mib of THP faults show
# what the balloon left of the guest's huge pages; then use the memory
# once more.
bb_load_driver
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_state_prepare
	bb_mark "$BB_STATE"
	bb_phase inflate "${BB_TARGET_MIB:?}"
	bb_thp_probe "${BB_THP_PROBE_MIB:-0}"
	bb_mark inflated
	bb_stat guest.inflated_current "$(awk -F: '{ gsub(/[ \t]/, "") } $1 == "current" { print $2 }' /sys/kernel/debug/vmmemctl)"
	bb_meminfo_stats inflated.
	bb_phase deflate 0
	bb_mark deflated
	rep=$((rep + 1))
done
bb_state_release
bb_fill
bb_mark refilled
bb_all_stats
