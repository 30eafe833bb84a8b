# SPDX-License-Identifier: GPL-2.0-only
# latency: with the guest's memory in bb.state, latprobe measures timer
# wake-up and page-touch latency for bb.quiet_s seconds with the balloon
# still, then while it inflates to bb.target_mib, bb.reps times.  The percentiles join the inflate phase.
bb_load_driver
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_state_prepare
	rm -f /tmp/inflating
	"$BB_ROOT"/workloads/latprobe --duration "${BB_PROBE_S:?}s" \
		--window-file /tmp/inflating --wss "${BB_WSS_MIB:?}M" \
		--signal-file /tmp/probe.ready >/tmp/lat.out 2>/tmp/lat.err &
	probe=$!
	bb_wait_file /tmp/probe.ready 30
	sleep "${BB_QUIET_S:?}"
	touch /tmp/inflating
	bb_phase inflate "${BB_TARGET_MIB:?}"
	wait "$probe" || bb_fail "latprobe failed: $(cat /tmp/lat.err)"
	bb_workload_stats latprobe /tmp/lat.out phase
	bb_phase deflate 0
	rep=$((rep + 1))
done
bb_state_release
bb_all_stats
