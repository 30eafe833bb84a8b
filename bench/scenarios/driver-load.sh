# SPDX-License-Identifier: GPL-2.0-only
# driver-load: with the guest's memory in bb.state, the target steps to
# bb.target_mib and the driver is loaded while the step waits, so that the
# step is all of a fresh driver's start; then it is unloaded (which gives
# the balloon back), bb.reps times.
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_state_prepare
	(sleep 0.2 && bb_load_driver) &
	bb_phase load "${BB_TARGET_MIB:?}"
	wait $! || bb_fail "loading $BB_DRIVER failed"
	[ "$rep" -lt "${BB_REPS:-1}" ] || bb_all_stats
	bb_unload_driver
	rep=$((rep + 1))
done
bb_state_release
