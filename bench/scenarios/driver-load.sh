# SPDX-License-Identifier: GPL-2.0-only
# driver-load: with the guest's memory in bb.state, load the driver and
# step the target to bb.target_mib: the driver's first step; then unload
# it (which gives the balloon back), bb.reps times.
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_state_prepare
	bb_load_driver
	bb_phase load "${BB_TARGET_MIB:?}"
	[ "$rep" -lt "${BB_REPS:-1}" ] || bb_all_stats
	bb_unload_driver
	rep=$((rep + 1))
done
bb_state_release
