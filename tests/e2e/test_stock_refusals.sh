# SPDX-License-Identifier: GPL-2.0-only
# The host refuses 10% of lock entries: the stock driver still reaches the
# target, and it counts exactly the refusals the host made.
set -eu
. tests/e2e/lib.sh

bb_run_ok stock-refuse --device refuse-ppm=100000 --device seed=7 inflate-deflate
# 2 MiB pages may overshoot the target by up to 511 frames.
expect "reached 512 MiB" "$(counter inflate reached_mib)" -ge 512
host_4k=$(counter run host_refused-4k)
host_2m=$(counter run host_refused-2m)
guest_4k=$(counter run guest_errAlloc_4k)
guest_2m=$(counter run guest_errAlloc_2M)
expect "the host refused pages" $((host_4k + host_2m)) -gt 0
expect "guest and host agree on refused 4 KiB pages" "$guest_4k" -eq "$host_4k"
expect "guest and host agree on refused 2 MiB pages" "$guest_2m" -eq "$host_2m"
expect_no_qemu
