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
	# On the wall clock the boot is the sample (each boot has its own
	# offset; see bbcompare).  Eight a side let the rank test survive
	# Holm's adjustment over three drivers' 28 or so wall-clock tests
	# with up to 3 of the 64 pairs out of order (p = 2 x 7/12870 = 0.0011,
	# times 28 < 0.05), and over one driver's 9 with up to 6.
	wall) echo "${ROUNDS:-8} ${REPS:-2}" ;;
	*) return 1 ;;
	esac
}
