# SPDX-License-Identifier: GPL-2.0-only
# waldspurger: wsload throughput over bb.wss_mib in a guest booted with N
# MiB ("configured", bb.wald_mode=configured, no balloon driver) against a
# guest of bb.full_mib ballooned down to N MiB ("ballooned"), for every N in
# bb.sizes_mib (comma-separated).  Waldspurger, OSDI 2002, Figure 2.
bb_wsload() {
	"$BB_ROOT"/workloads/wsload --wss "${BB_WSS_MIB:?}M" --duration "${BB_WSLOAD_S:?}s" \
		--warmup 1s >/tmp/ws.out 2>/tmp/ws.err || bb_fail "wsload failed: $(cat /tmp/ws.err)"
	bb_workload_stats wsload /tmp/ws.out phase
}

case "${BB_WALD_MODE:?}" in
configured)
	mib=$(( $(mem_kib MemTotal) / 1024 ))
	rep=1
	while [ "$rep" -le "${BB_REPS:-1}" ]; do
		# A phase with nothing to do carries the measurement.
		bb_phase "configured${BB_CONFIGURED_MIB:?}" 0
		bb_wsload
		rep=$((rep + 1))
	done
	bb_stat guest.memtotal_mib "$mib"
	;;
ballooned)
	bb_load_driver
	rep=1
	while [ "$rep" -le "${BB_REPS:-1}" ]; do
		for n in $(printf '%s' "${BB_SIZES_MIB:?}" | tr , ' '); do
			bb_phase "ballooned$n" $((BB_FULL_MIB - n))
			bb_wsload
		done
		bb_phase deflate 0
		rep=$((rep + 1))
	done
	;;
*)
	bb_fail "bb.wald_mode must be configured or ballooned, not '$BB_WALD_MODE'"
	;;
esac
bb_all_stats
