# SPDX-License-Identifier: GPL-2.0-only
# ramp: with the guest's memory in bb.state, the target climbs in steps of
# bb.step_mib up to bb.top_mib, then comes down in the same steps to 0,
# bb.reps times.
bb_load_driver
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_state_prepare
	mib=0
	while [ "$mib" -lt "${BB_TOP_MIB:?}" ]; do
		mib=$((mib + ${BB_STEP_MIB:?}))
		bb_phase "up$mib" "$mib"
	done
	while [ "$mib" -gt 0 ]; do
		mib=$((mib - BB_STEP_MIB))
		bb_phase "down$mib" "$mib"
	done
	rep=$((rep + 1))
done
bb_state_release
bb_all_stats
