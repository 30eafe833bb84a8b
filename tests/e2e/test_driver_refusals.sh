# SPDX-License-Identifier: GPL-2.0-only
# The host refuses 10% of lock entries: every variant still reaches the
# target, and counts exactly the refusals the host made.  A 20 ms poll
# keeps the single-page variants quick, and so does letting them go on to
# 16 refusals a cycle (single_refusals=16; their default, the stock
# driver's, is to stop at the first, checked at the end).
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	args=poll_ms=20
	case $v in
	bb_single_*) args=$args,single_refusals=16 ;;
	esac
	bb_run_ok "refuse-$v" --driver "$v" --device refuse-ppm=100000 \
		--device seed=11 --set TARGET_MIB=128 --set DRIVER_ARGS=$args \
		inflate-deflate
	expect "$v: reached 128 MiB" "$(counter inflate reached_mib)" -ge 128
	host=$(($(counter run host_refused-4k) + $(counter run host_refused-2m)))
	expect "$v: the host refused pages" "$host" -gt 0
	expect "$v: refused 4 KiB pages agree" \
		"$(counter run guest_errAlloc_4k)" -eq "$(counter run host_refused-4k)"
	expect "$v: refused 2 MiB pages agree" \
		"$(counter run guest_errAlloc_2M)" -eq "$(counter run host_refused-2m)"
done

# As the stock driver, single-page mode ends a cycle at the first refused
# page: between two GET_TARGETs of the host's trace, at most one refusal.
bb_run_ok "refuse-single-stock-rule" --driver bb_single_poll --device refuse-ppm=100000 \
	--device seed=11 --set TARGET_MIB=8 --set DRIVER_ARGS=poll_ms=20 inflate-deflate
expect "bb_single_poll: reached 8 MiB" "$(counter inflate reached_mib)" -ge 8
most=$(awk -F, 'NR > 1 && $3 == "target" { if (n > max) max = n; n = 0 }
	NR > 1 && $3 == "lock" { n += $6 }
	END { if (n > max) max = n; print max + 0 }' "$out/host-trace.csv")
expect "bb_single_poll: at most one refusal per cycle" "$most" -eq 1
expect_no_qemu
