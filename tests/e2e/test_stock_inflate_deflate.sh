# SPDX-License-Identifier: GPL-2.0-only
# The stock vmw_balloon with every capability the host offers, the guest's
# memory filled (the scenario's state): it reaches 512 MiB, the host really
# frees that memory, and after the deflate the guest uses it again.
set -eu
. tests/e2e/lib.sh

bb_run_ok stock-full inflate-deflate

expect "reached 512 MiB" "$(counter inflate reached_mib)" -eq 512
expect "deflated to 0" "$(counter deflate reached_mib)" -eq 0
expect "2 MiB pages used" "$(counter inflate calls_2m-lock)" -gt 0
expect "guest was granted 0x2e" "$(counter run guest_used_capabilities)" -eq 46
# The filled state: what the fill wrote, the host backs.
expect "filled: the host backs the guest's memory" "$(counter run host_ram_filled_mib)" -ge 900
expect "filled: the benchmarks carry no state suffix" \
	"$(jq -r '.benchmarks[0].name' "$out/results.json")" = "inflate-deflate/upstream/inflate"
start=$(counter inflate host_ram_start_mib)
end=$(counter inflate host_ram_end_mib)
# 90% of 512 MiB
expect "host freed >= 90% of the balloon" $((start - end)) -ge 461
deflated=$(counter run host_ram_deflated_mib)
refilled=$(counter run host_ram_refilled_mib)
expect "the deflated memory is in use again" $((refilled - deflated)) -ge 384
expect "host and guest agree on the size" \
	"$(counter run guest_current)" -eq "$(counter run host_size)"
expect_no_qemu
