# SPDX-License-Identifier: GPL-2.0-only
# fragmented: with free memory cut into pieces smaller than 2 MiB, 2 MiB
# allocations fail and a driver must fall back to 4 KiB pages.
bb_load_driver
"$BB_ROOT"/workloads/fragment --hold forever --check --signal-file /tmp/frag.ready \
	>/tmp/frag.out 2>/tmp/frag.err &
frag=$!
bb_wait_file /tmp/frag.ready 120
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	# bb_phase records the 2 MiB allocations and failures of the phase.
	bb_phase inflate "${BB_TARGET_MIB:?}" "${BB_SETTLE_S:-5}"
	bb_phase deflate 0
	rep=$((rep + 1))
done
kill "$frag"
wait "$frag" || :
bb_workload_stats fragment /tmp/frag.out
bb_all_stats
