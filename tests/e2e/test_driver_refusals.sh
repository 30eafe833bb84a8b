# SPDX-License-Identifier: GPL-2.0-only
# The host refuses 10% of lock entries: every variant still reaches the
# target, and counts exactly the refusals the host made.  A 20 ms poll
# keeps the single-page variants quick: they stop a cycle after 16
# refusals, as the stock driver does.
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	bb_run_ok "refuse-$v" --driver "$v" --device refuse-ppm=100000 \
		--device seed=11 --set TARGET_MIB=128 --set DRIVER_ARGS=poll_ms=20 \
		inflate-deflate
	expect "$v: reached 128 MiB" "$(counter inflate reached_mib)" -ge 128
	host=$(($(counter run host_refused-4k) + $(counter run host_refused-2m)))
	expect "$v: the host refused pages" "$host" -gt 0
	expect "$v: refused 4 KiB pages agree" \
		"$(counter run guest_errAlloc_4k)" -eq "$(counter run host_refused-4k)"
	expect "$v: refused 2 MiB pages agree" \
		"$(counter run guest_errAlloc_2M)" -eq "$(counter run host_refused-2m)"
done
expect_no_qemu
