# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/gate/run and bench/gate/validate, so that the gate and its
# validation run the same plan.
#
# gate_plan CLOCK: prints "ROUNDS REPS", guest boots a side per cell and
# repetitions per boot, for CLOCK unless the environment sets them.
gate_plan() {
	case "$1" in
	# Near-deterministic: one boot and a few repetitions settle it.
	virtual) echo "${ROUNDS:-1} ${REPS:-3}" ;;
	# On the wall clock the boot is the sample (each boot has its own
	# offset; see bbcompare), and the base's and the candidate's boots of
	# a round run side by side, a pair that shares the host's drift.
	# Eight pairs let the paired t test find a 10% slowdown through
	# Holm's adjustment over one driver's 9 wall-clock tests (see README,
	# gate-validate) while three drivers stay within 10 minutes.
	wall) echo "${ROUNDS:-8} ${REPS:-2}" ;;
	*) return 1 ;;
	esac
}

# gate_cells CLOCK: the cells the gate runs by default on CLOCK, one
# "SCENARIO DRIVER REPS" line each (REPS "-": the clock's, from gate_plan;
# SCENARIO@STATE: the guest's memory in STATE, bench/gate/boot.sh).
# Each scenario is there for the metrics regressions move that the others
# do not show: inflate-deflate for throughput in the 4 KiB modes, and in
# the fragmented state for the host memory a 4 KiB inflate really frees
# (a driver that balloons memory the host never backed is as fast, and
# frees nothing), refusal
# for what a driver does with refused pages, latency for the guest's
# stalls while 2 MiB pages are zeroed (its inflate is also the 2 MiB
# throughput), ramp for calls when the target comes down in steps,
# reaction for how soon a doorbell driver sees a new target, shrinker for
# the guest under memory pressure (how long the driver waits after its
# shrinker gave memory back before taking memory again).  Every cell
# has the clock's repetitions: bbcompare decides nothing on fewer than 3.
# Refusal runs at both page sizes: a 4 KiB driver's window holds the same
# cycles on every boot (MAX_CYCLES, which the device ends between two
# cycles), and its figures are what refusal handling moves.
gate_cells() {
	case "$1" in
	virtual)
		cat <<-EOF
			inflate-deflate bb_single_poll -
			inflate-deflate bb_batch4k_poll -
			inflate-deflate@fragmented bb_batch4k_poll -
			refusal bb_batch4k_poll -
			refusal bb_batch2m_poll -
			latency bb_batch2m_poll -
			ramp bb_batch2m_poll -
			reaction bb_batch4k_doorbell -
			shrinker bb_batch4k_poll -
		EOF
		;;
	# Each cell costs ROUNDS (8) pairs of boots here, so the wall clock
	# keeps one cell per scenario: its regressions in counts (calls,
	# refusals) the virtual clock judges exactly, and what it adds is
	# host time, which one cell per scenario shows.  A boot is one sample
	# here, so the long scenarios (refusal, latency) need one repetition.
	wall)
		cat <<-EOF
			inflate-deflate bb_batch4k_poll -
			refusal bb_batch4k_poll 1
			latency bb_batch2m_poll 1
			reaction bb_batch4k_doorbell -
		EOF
		;;
	*) return 1 ;;
	esac
}
