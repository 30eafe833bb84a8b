# SPDX-License-Identifier: GPL-2.0-only
# refusal: for each refusal rate in bb.rates_pct (the conductor sets the
# host's refuse-ppm as each inflate<rate> phase starts), with the guest's
# memory in bb.state, inflate toward bb.target_mib for at most
# bb.max_cycles cycles of the driver, then deflate.  The state is prepared
# before every inflate: what the last deflate gave back the host had
# freed, and the next inflate would take those very pages first.
bb_load_driver
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	for rate in $(printf '%s' "${BB_RATES_PCT:?}" | tr , ' '); do
		bb_state_prepare
		bb_phase "inflate$rate" "${BB_TARGET_MIB:?}" "" "${BB_MAX_CYCLES:?}"
		bb_phase "deflate$rate" 0
	done
	rep=$((rep + 1))
done
bb_state_release
bb_all_stats
