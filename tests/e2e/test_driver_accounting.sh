# SPDX-License-Identifier: GPL-2.0-only
# The balloon's size, counted three ways, after every phase: the driver's
# own counter, the pages on its lists (ours), and the host's balloon.  The
# conductor fails a run whose phase ends with them apart; here the host
# answers 30% of lock and unlock calls ERROR_BUSY while the target ramps up
# to 768 MiB and back, so refused unlocks go back into the balloon again
# and again.  (Before the fix, each refused unlock left our driver 512
# frames bigger than its lists and the host.)
# time limit: 900 s
set -eu
. tests/e2e/lib.sh

# The doorbell twins share their poll twins' page code.
for v in upstream bb_single_poll bb_batch4k_poll bb_batch2m_poll bb_auto; do
	# One page per call: at 30% busy a single-page driver moves a few
	# pages per back-off, so its ramp is 4 MiB steps to 12.
	steps=
	[ "$v" = bb_single_poll ] && steps="--set TOP_MIB=12 --set STEP_MIB=4"
	# shellcheck disable=SC2086 # two options or none
	bb_run_ok "accounting-$v" --driver "$v" --device busy-ppm=300000 --device seed=3 \
		$steps ramp
	expect "$v: the host answered busy" "$(counter run host_busy)" -gt 0
	expect "$v: back to 0 on the host" "$(counter run host_size)" -eq 0
	if [ "$v" = upstream ]; then
		expect "$v: back to 0 in the driver" "$(counter run guest_current)" -eq 0
	else
		expect "$v: back to 0 in the driver" "$(counter run guest_bbd_size_frames)" -eq 0
		expect "$v: nothing left on its lists" "$(counter run guest_bbd_list_frames)" -eq 0
	fi
	# /proc/vmstat counts every frame ballooned, 2 MiB pages included,
	# and every one given back.
	expect "$v: vmstat counted every frame the host locked" \
		"$(counter run guest_vmstat_balloon_inflate)" -ge "$(counter run host_frames-locked)"
	expect "$v: vmstat deflates balance its inflates" \
		"$(counter run guest_vmstat_balloon_deflate)" -eq "$(counter run guest_vmstat_balloon_inflate)"
	# Every step of the ramp passed the conductor's size check.
	expect "$v: all six steps reached" \
		"$(jq '[.benchmarks[] | select(.name | test("/(up|down)[0-9]+$")) | .reached] | add' "$out/results.json")" -eq 6
done
expect_no_qemu
