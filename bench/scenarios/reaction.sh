# SPDX-License-Identifier: GPL-2.0-only
# reaction: with the guest idle and its memory in bb.state (prepared before
# every repetition), the host steps the target through bb.steps_mib, bb.reps
# times; each step is a repetition of phase "step"
# ("step-novmci" when the guest has no VMCI device), whose reaction_ms is
# the wait from the change to the driver's first GET_TARGET that saw it.
phase=step-novmci
for dev in /sys/bus/pci/devices/*; do
	if [ "$(cat "$dev/vendor" "$dev/device" 2>/dev/null | tr '\n' ' ')" = "0x15ad 0x0740 " ]; then
		phase=step
	fi
done
bb_load_driver
# The driver's start-up (START, doorbell, first GET_TARGET) is not a step.
sleep 2
k=0
rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	# Once a repetition, not before every step: the deflate steps right
	# after a fill varied by 3% of guest work on the virtual clock.
	bb_state_prepare
	for mib in $(printf '%s' "${BB_STEPS_MIB:?}" | tr , ' '); do
		# Hold the last step 1-2 s, by a fraction that spreads the
		# changes evenly over a 1 s poll period (multiples of the
		# golden ratio, mod 1): a poller's wait is then sampled at
		# every point of its period, not always right after a poll.
		k=$((k + 1))
		sleep "$(awk -v k="$k" 'BEGIN { f = k * 0.6180339887; printf "%.3f", 1 + f - int(f) }')"
		bb_phase "$phase" "$mib"
	done
	rep=$((rep + 1))
done
bb_state_release
bb_all_stats
