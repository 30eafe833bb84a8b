# SPDX-License-Identifier: GPL-2.0-only
# shrinker: the balloon holds most of the guest's memory, then the guest
# needs bb.pressure_mib more than it has free, and keeps half of it for
# bb.hold_s seconds.  The host keeps its target meanwhile (a held phase),
# so every frame the balloon gives back is the shrinker's, and every frame
# it takes back during the hold is ping-pong with the guest's workload.
bb_load_driver

# bb_pressure MIB SECONDS: a spike of MIB in a tmpfs, of which the guest
# keeps half for SECONDS: the other half is free again, and a driver that
# does not wait after a shrink takes it straight back.
bb_pressure() {
	mkdir -p /tmp/pressure
	mount -t tmpfs -o "size=${1}m" pressure /tmp/pressure
	oom_before=$(bb_vmstat oom_kill)
	dd if=/dev/zero of=/tmp/pressure/kept bs=1M count=$(($1 / 2)) 2>/dev/null &&
		dd if=/dev/zero of=/tmp/pressure/spike bs=1M count=$(($1 - $1 / 2)) 2>/dev/null &&
		bb_send phase-stat "pressure_mib=$1"
	rm -f /tmp/pressure/spike
	sleep "$2"
	bb_send phase-stat "oom_kills=$(($(bb_vmstat oom_kill) - oom_before))"
}

rep=1
while [ "$rep" -le "${BB_REPS:-1}" ]; do
	bb_phase inflate "${BB_TARGET_MIB:?}"
	shrinks=$(bb_vmmemctl shrink)
	bb_hold pressure "$BB_TARGET_MIB" bb_pressure "${BB_PRESSURE_MIB:?}" "${BB_HOLD_S:?}"
	bb_send phase-stat "shrinks=$(($(bb_vmmemctl shrink) - shrinks))"
	bb_phase deflate 0
	umount /tmp/pressure
	rep=$((rep + 1))
done
bb_all_stats
