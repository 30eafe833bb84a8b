# SPDX-License-Identifier: GPL-2.0-only
# A guest that cannot be ballooned to death: with memhog holding 256 MiB,
# the host asks for 90%, 100% and 200% of the 1 GiB guest.  Our drivers'
# reserve stops the balloon before the guest runs out: the run finishes,
# memhog lives through every phase, no OOM kill, and at 200% the driver
# says what it declined.  (The stock driver, which takes what it can
# allocate, is measured by make bench SCENARIOS=overcommit, not tested.)
# time limit: 900 s
set -eu
. tests/e2e/lib.sh

for v in bb_auto bb_batch4k_poll; do
	# A phase settles after SETTLE_S without growth, a wall-clock wait:
	# 20 s leaves a starved guest time to reach its reserve.
	bb_run_ok "overcommit-$v" --driver "$v" --set SETTLE_S=20 overcommit
	for pct in 90 100 200; do
		expect "$v at $pct%: memhog alive" "$(counter "over$pct" memhog_alive)" -eq 1
		expect "$v at $pct%: no OOM kill" "$(counter "over$pct" oom_kills)" -eq 0
	done
	expect "$v at 200%: the reserve declined the rest" \
		"$(counter over200 declined_mib)" -gt 0
	expect "$v: its reserve held the balloon back" "$(counter run guest_bbd_reserve)" -gt 0
	expect "$v: back to 0 on the host" "$(counter back200 reached_mib)" -eq 0
done
expect_no_qemu
