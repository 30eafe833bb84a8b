# SPDX-License-Identifier: GPL-2.0-only
# The doorbell through a driver's life, with a vmw-vmci device: unload and
# reload leave no doorbell linked; an ERROR_RESET while the doorbell is set
# is followed by a re-registered doorbell that still rings at once (the
# stock driver once stayed stuck after a reset with the doorbell active);
# vmw_vmci without any balloon driver probes cleanly.  Reactions are timed
# on the virtual clock.
# time limit: 900 s
set -eu
. tests/e2e/lib.sh

steps=4	# reaction.conf's STEPS_MIB, once (REPS=1)

for v in upstream bb_auto; do
	bb_run_ok "vmci-lifecycle-$v" --driver "$v" --set VMCI=1 --set CYCLES=5 driver-lifecycle
	expect "$v: inflated 256 MiB" "$(counter inflate reached_mib)" -ge 256
	expect "$v: unload emptied the host's balloon" \
		"$(counter run host_size_unloaded_frames)" -eq 0
	expect "$v: no doorbell left linked after the last unload" \
		"$(counter run host_vmci-doorbells-linked)" -eq 0
	expect "$v: no datagram was refused" "$(counter run host_vmci-datagram-errors)" -eq 0
	# The first inflate's target change found a doorbell to ring.
	expect "$v: the host rang" "$(counter run host_doorbells)" -ge 1
	expect "$v: no ring failed" "$(counter run host_doorbell-errors)" -eq 0

	# Every step first takes an ERROR_RESET: the ring wakes the driver,
	# its GET_TARGET is answered with the reset, and it starts over and
	# sets its doorbell again, which the next step's ring must reach.
	# The conductor arms the reset and then sets the target, two QMP
	# calls: a poll between them takes the reset first, and a target
	# change that lands while the driver is between its unset and its new
	# set has no doorbell to ring.  The trace tells which changes found
	# one armed (a doorbellSet right after START arms it, any other one
	# unsets it), and each of those must have rung.
	bb_run_ok "vmci-reset-$v" --driver "$v" --set REPS=1 --set CLOCK=virtual \
		--phase-set step:reset-after=1 reaction
	expect "$v: a reset at every step" "$(counter run host_resets-injected)" -eq $steps
	expect "$v: the doorbell set again after each" \
		"$(counter run host_calls_doorbellSet)" -ge $((steps + 1))
	expect "$v: every step reached its target" "$(steps_reached)" -eq $steps
	armed_changes=$(awk -F, 'NR > 1 && $3 == "doorbellSet" { armed = (prev == "start") }
		NR > 1 && $3 == "host-target" && armed { n++ }
		NR > 1 && $3 !~ /^host-/ { prev = $3 }
		END { print n + 0 }' "$out/host-trace.csv")
	expect "$v: target changes found a doorbell armed" "$armed_changes" -ge 1
	expect "$v: the host rang at each of those" "$(counter run host_doorbells)" -eq "$armed_changes"
	expect "$v: no ring failed" "$(counter run host_doorbell-errors)" -eq 0
	expect "$v: one doorbell linked at the end" "$(counter run host_vmci-doorbells-linked)" -eq 1
	expect "$v: reacted within a tenth of a poll (virtual ms)" "$(max_reaction_ms)" -lt 100
done

# vmw_vmci alone: the probe's datagrams (notification bitmap, resource
# query) succeed and nothing is linked or rung.
bb_run_ok "vmci-alone" --driver none --set REPS=1 --set STEPS_MIB=0 reaction
grep -q 'vmw_vmci .*Using capabilities 0x1c' "$out/console.log" ||
	fail "vmw_vmci did not take the device"
if grep -iE 'vmw_vmci.*(fail|unable|error)' "$out/console.log"; then
	fail "vmw_vmci complained"
fi
expect "vmw_vmci alone: its two probe datagrams" "$(counter run host_vmci-datagrams)" -eq 2
expect "vmw_vmci alone: none refused" "$(counter run host_vmci-datagram-errors)" -eq 0
expect "vmw_vmci alone: nothing linked" "$(counter run host_vmci-doorbells-linked)" -eq 0
expect "vmw_vmci alone: nothing rung" "$(counter run host_doorbells)" -eq 0
expect_no_qemu
