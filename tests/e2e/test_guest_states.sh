# SPDX-License-Identifier: GPL-2.0-only
# Each guest memory state prepares what it says, by the guest's own
# buddyinfo and meminfo and by the host memory backing guest RAM (the mark
# the state takes once prepared): fresh leaves most free memory unbacked
# and in whole 2 MiB blocks, cache holds clean page cache, thp holds
# transparent huge pages, and an unknown state is one error line.  The
# filled and fragmented states are checked where their runs are
# (test_stock_inflate_deflate.sh, test_reclaim_fragmented.sh).  Each run
# inflates 256 MiB of the 1 GiB guest and back.
set -eu
. tests/e2e/lib.sh

state_counter() { counter run "guest_state_$1"; }

bb_run_ok state-fresh --set STATE=fresh --set TARGET_MIB=256 --set THP_PROBE_MIB=0 inflate-deflate
expect "fresh: the host backs little of the guest" "$(counter run host_ram_state_mib)" -lt 400
expect "fresh: most free memory is in 2 MiB blocks" "$(state_counter free_2m_mib)" -ge 700
expect "fresh: the benchmarks say the state" \
	"$(jq -r '.benchmarks[0].name' "$out/results.json")" = "inflate-deflate@fresh/upstream/inflate"
expect "fresh: the context says the state" \
	"$(jq -r '.context.bb_scenario_STATE' "$out/results.json")" = fresh

bb_run_ok state-cache --set STATE=cache --set CACHE_MIB=512 --set TARGET_MIB=256 \
	--set THP_PROBE_MIB=0 inflate-deflate
expect "cache: 512 MiB of clean page cache" "$(state_counter cache_mib)" -ge 500
expect "cache: the host backs it" "$(counter run host_ram_state_mib)" -ge 500
expect "cache: the balloon reached 256 MiB" "$(counter inflate reached_mib)" -eq 256

bb_run_ok state-thp --set STATE=thp --set THP_HOLD_MIB=256 --set TARGET_MIB=256 \
	--set THP_PROBE_MIB=64 inflate-deflate
expect "thp: 256 MiB in transparent huge pages" "$(state_counter anon_huge_mib)" -ge 250
expect "thp: the rest filled (to 128 MiB of what is available), so the host backs most of the guest" \
	"$(counter run host_ram_state_mib)" -ge 780
expect "thp: the probe after the inflate faulted huge pages" \
	"$(counter inflate thp_fault_alloc)" -gt 0

bb_run state-bogus --set STATE=bogus --set TARGET_MIB=256 inflate-deflate
expect "an unknown state fails the run" "$run_rc" -eq 1
grep -q "unknown state 'bogus' (one of: filled fresh fragmented cache thp)" "$out/bbrun.log" ||
	fail "no error line naming the state and the states there are"
printf 'ok: an unknown state is one error line naming it and the states there are\n'
expect_no_qemu
