# SPDX-License-Identifier: GPL-2.0-only
# pressure: memhog holds bb.hog_mib of anonymous memory while the balloon
# inflates toward bb.target_mib; the balloon takes what the guest can give
# (the phase settles after bb.settle_s without progress) and gives it back.
# Whether memhog survived, and the guest's OOM kills, are part of the result.
# shellcheck disable=SC2154 # $hog: bb_start_memhog's (guest/runner.sh)
bb_load_driver
bb_start_memhog "${BB_HOG_MIB:?}"
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	fail_before=$(bb_vmmemctl 'allocFail(4k)')
	bb_phase inflate "${BB_TARGET_MIB:?}" "${BB_SETTLE_S:-5}"
	bb_send phase-stat "alloc_fail_4k=$(($(bb_vmmemctl 'allocFail(4k)') - fail_before))"
	# A balloon that takes the guest's last free pages gets workloads
	# OOM-killed: that is a result, not a failure of the run.
	if kill -0 "$hog" 2>/dev/null; then
		bb_send phase-stat memhog_alive=1
	else
		bb_send phase-stat memhog_alive=0
	fi
	bb_phase deflate 0
	rep=$((rep + 1))
done
kill "$hog" 2>/dev/null || :
wait "$hog" || :
bb_workload_stats memhog /tmp/hog.out
bb_all_stats
