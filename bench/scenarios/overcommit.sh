# SPDX-License-Identifier: GPL-2.0-only
# overcommit: with memhog holding bb.hog_mib, the target asks for each of
# bb.pcts percent of the guest's memory in turn (phase over<PCT>, settling
# when the balloon stops growing), then for nothing (back<PCT>).  Whether
# the guest and memhog survived, the OOM kills and how far the balloon got
# are the result; a guest that dies ends the run there.
# shellcheck disable=SC2154 # $hog: bb_start_memhog's (guest/runner.sh)
bb_load_driver
bb_start_memhog "${BB_HOG_MIB:?}"
mem_mib=${BB_GUEST_MEM_MIB:-$(( $(mem_kib MemTotal) / 1024 ))}
for pct in $(printf '%s' "${BB_PCTS:?}" | tr , ' '); do
	oom_before=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
	bb_phase "over$pct" $((mem_mib * pct / 100)) "${BB_SETTLE_S:-5}"
	bb_send phase-stat "oom_kills=$(($(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat) - oom_before))"
	if kill -0 "$hog" 2>/dev/null; then
		bb_send phase-stat memhog_alive=1
	else
		bb_send phase-stat memhog_alive=0
	fi
	bb_send phase-stat "declined_mib=$(( $(awk '$1 == "declined_frames" { print $2 }' /sys/kernel/debug/balloonbench/stats 2>/dev/null || echo 0) / 256 ))"
	bb_phase "back$pct" 0
done
kill "$hog" 2>/dev/null || :
wait "$hog" || :
bb_workload_stats memhog /tmp/hog.out
bb_all_stats
