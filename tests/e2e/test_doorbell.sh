# SPDX-License-Identifier: GPL-2.0-only
# The VMCI doorbell end to end, timed on the virtual clock (guest
# instructions), so no verdict here depends on how busy the machine is.
# With a vmw-vmci device the host rings at every target change, and the
# stock driver and each of our doorbell variants react without waiting for
# their 1 s poll; without the device they poll, and ours say why.
# time limit: 900 s
set -eu
. tests/e2e/lib.sh

steps=4	# reaction.conf's STEPS_MIB, once (REPS=1)
poll_ms=1000

for v in upstream bb_single_doorbell bb_batch4k_doorbell bb_batch2m_doorbell bb_auto; do
	bb_run_ok "doorbell-$v" --driver "$v" --set REPS=1 --set CLOCK=virtual reaction
	grep -q 'vmw_vmci .*Using capabilities 0x1c' "$out/console.log" ||
		fail "$v: vmw_vmci did not take the device"
	expect "$v: every step reached its target" "$(steps_reached)" -eq $steps
	expect "$v: the host rang at each target change" "$(counter run host_doorbells)" -eq $steps
	expect "$v: no ring failed" "$(counter run host_doorbell-errors)" -eq 0
	expect "$v: the device rang as often" "$(counter run host_vmci-doorbells-rung)" -eq $steps
	expect "$v: each step counted its ring" "$(steps_sum doorbell_rings)" -eq $steps
	expect "$v: no datagram was refused" "$(counter run host_vmci-datagram-errors)" -eq 0
	expect "$v: one doorbell linked" "$(counter run host_vmci-doorbells-linked)" -eq 1
	expect "$v: reacted within a tenth of a poll (virtual ms)" \
		"$(max_reaction_ms)" -lt $((poll_ms / 10))
	if [ "$v" = upstream ]; then
		expect "$v: the stock driver counted each ring" \
			"$(counter run guest_doorbell)" -eq $steps
	else
		expect "$v: the driver counted each ring" \
			"$(counter run guest_bbd_doorbell)" -eq $steps
		grep -q '^doorbell_state vmci$' "$out/guest/bbd-stats.txt" ||
			fail "$v: doorbell_state is not vmci"
	fi
done

# No device: nothing to ring, the host does not offer the doorbell, and
# every driver waits for its poll.
for v in upstream bb_auto; do
	bb_run_ok "no-vmci-$v" --driver "$v" --set REPS=1 --set CLOCK=virtual --set VMCI=0 reaction
	expect "$v: every step reached its target" "$(steps_reached)" -eq $steps
	expect "$v: no ring" "$(counter run host_doorbells)" -eq 0
	expect "$v: no doorbell set" "$(counter run host_calls_doorbellSet)" -le 1
	if [ "$v" = upstream ]; then
		expect "$v: no ring reached the guest" "$(counter run guest_doorbell)" -eq 0
	else
		expect "$v: no ring reached the guest" "$(counter run guest_bbd_doorbell)" -eq 0
		grep -q '^doorbell_state polling (host did not grant the doorbell)$' \
			"$out/guest/bbd-stats.txt" || fail "$v: the stats do not say why it polls"
	fi
done

# A poll variant beside the device keeps polling; the host has nothing to
# ring since it set no doorbell.
bb_run_ok "vmci-poll" --driver bb_batch4k_poll --set REPS=1 --set CLOCK=virtual reaction
expect "bb_batch4k_poll: no ring" "$(counter run host_doorbells)" -eq 0
expect "bb_batch4k_poll: no step counted a ring" "$(steps_sum doorbell_rings)" -eq 0
expect "bb_batch4k_poll: no doorbell linked" "$(counter run host_vmci-doorbells-linked)" -eq 0
grep -q '^doorbell_state polling (variant without doorbell)$' "$out/guest/bbd-stats.txt" ||
	fail "bb_batch4k_poll: the stats do not say why it polls"
expect_no_qemu
