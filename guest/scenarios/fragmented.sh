# SPDX-License-Identifier: GPL-2.0-only
# fragmented: with free memory cut into pieces smaller than 2 MiB, 2 MiB
# allocations fail and a driver must fall back to 4 KiB pages.
bb_load_driver
/bb/workloads/fragment --hold forever --check --signal-file /tmp/frag.ready \
	>/tmp/frag.out 2>/tmp/frag.err &
frag=$!
bb_wait_file /tmp/frag.ready 120
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	ok_before=$(bb_vmmemctl 'alloc(2M)')
	fail_before=$(bb_vmmemctl 'allocFail(2M)')
	bb_phase inflate "${BB_TARGET_MIB:?}" "${BB_SETTLE_S:-5}"
	ok=$(($(bb_vmmemctl 'alloc(2M)') - ok_before))
	fail=$(($(bb_vmmemctl 'allocFail(2M)') - fail_before))
	bb_send phase-stat "alloc_2m=$ok"
	bb_send phase-stat "alloc_fail_2m=$fail"
	bb_send phase-stat "alloc_fail_2m_pct=$(( (ok + fail) ? fail * 100 / (ok + fail) : 0 ))"
	bb_phase deflate 0
	rep=$((rep + 1))
done
kill "$frag"
wait "$frag" || :
bb_workload_stats fragment /tmp/frag.out
bb_all_stats
