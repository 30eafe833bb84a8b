# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/gate and bench/gate-validate, so that the gate and its
# validation run the same plan.
#
# gate_plan CLOCK: prints "ROUNDS REPS", guest boots a side per cell and
# repetitions per boot, for CLOCK unless the environment sets them.
gate_plan() {
	case "$1" in
	# Near-deterministic: one boot and a few repetitions settle it.
	virtual) echo "${ROUNDS:-1} ${REPS:-3}" ;;
	# On the wall clock the boot is the sample (boots differ by more
	# than repetitions do; see bbcompare), and seven a side is the
	# fewest that lets the rank test survive Holm's adjustment over
	# three drivers' metrics: 2/C(14,7) x 40 < 0.05.
	wall) echo "${ROUNDS:-7} ${REPS:-2}" ;;
	*) return 1 ;;
	esac
}
