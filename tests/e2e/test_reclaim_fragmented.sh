# SPDX-License-Identifier: GPL-2.0-only
# Reclaim that counts, in the fragmented state (the used memory scattered
# and host-backed, the untouched rest in whole 2 MiB blocks), every driver
# held to 4 KiB batches (caps 0x26): the stock driver and ours with its
# default allocation policy give the host back at least 95% of what they
# balloon, and pass the reclaim check (MIN_HOST_FREED_PCT=95); ours with
# whole 2 MiB blocks (block_order=9, the policy before) balloons the
# untouched blocks, which the host never backed, and the check fails the
# run naming the host-freed figure.  The reclaim metrics are present and
# agree with each other.
set -eu
. tests/e2e/lib.sh

check_reclaim_metrics() {
	expect "$1: host_freed_mib is present" "$(jq '[.benchmarks[] | select(.name | endswith("/inflate"))][0] | has("host_freed_mib")' "$out/results.json")" = true
	expect "$1: the effective reclaim rate is host_freed_mib per second of work" \
		"$(jq '[.benchmarks[] | select(.name | endswith("/inflate"))][0] |
			(.reclaim_mib_per_s - .host_freed_mib * 1000 / .real_time) | fabs < 0.01' "$out/results.json")" = true
	expect "$1: the guest's free 2 MiB blocks before the inflate are reported" \
		"$(counter inflate free_2m_before_mib)" -gt 0
	expect "$1: the state left the fragments backed (FRAG_MIB 640)" \
		"$(counter run host_ram_state_mib)" -ge 640
}

bb_run_ok reclaim-stock --device caps=0x26 --set STATE=fragmented --set REPS=1 \
	--set MIN_HOST_FREED_PCT=95 inflate-deflate
check_reclaim_metrics stock
expect "stock: the host got back >= 95%" "$(counter inflate host_freed_pct)" -ge 95

bb_run_ok reclaim-ours --driver bb_batch4k_poll --device caps=0x26 --set STATE=fragmented \
	--set REPS=1 --set MIN_HOST_FREED_PCT=95 inflate-deflate
check_reclaim_metrics ours
expect "ours: the host got back >= 95%" "$(counter inflate host_freed_pct)" -ge 95
expect "ours: the inflate left the guest's free 2 MiB blocks (within 64 MiB)" \
	"$(counter inflate free_2m_after_mib)" -ge $(( $(jq '[.benchmarks[] | select(.name | endswith("/inflate"))][0].free_2m_before_mib' "$out/results.json" | cut -d. -f1) - 64 ))

bb_run reclaim-nothing --driver bb_batch4k_poll --device caps=0x26 --set STATE=fragmented \
	--set REPS=1 --set MIN_HOST_FREED_PCT=95 --set DRIVER_ARGS=block_order=9 inflate-deflate
expect "whole 2 MiB blocks: the reclaim check fails the run" "$run_rc" -eq 1
grep -q 'error: inflate-deflate: reclaim check: phase inflate ballooned 512 MiB and the host got back' "$out/bbrun.log" ||
	fail "no reclaim-check error line naming the phase and the host-freed figure"
printf 'ok: the reclaim check names the phase and what the host got back\n'
expect "whole 2 MiB blocks: the results are still written" "$(counter inflate reached_mib)" -eq 512
expect "whole 2 MiB blocks: the host had to back what the guest zeroed" \
	"$(counter inflate host_populated_mib)" -ge 64
expect_no_qemu
