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
