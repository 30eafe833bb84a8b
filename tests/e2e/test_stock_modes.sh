# SPDX-License-Identifier: GPL-2.0-only
# The host's capability mask picks the stock driver's mode: single pages
# (BASIC), batches of 4 KiB pages (BATCHED), and the host's counts of
# commands prove which path ran.
set -eu
. tests/e2e/lib.sh

bb_run_ok stock-basic --device caps=0x22 inflate-deflate
expect "basic: reached 512 MiB" "$(counter inflate reached_mib)" -eq 512
expect "basic: one LOCK per frame" "$(counter inflate calls_lock)" -eq 131072
expect "basic: no batches" "$(counter inflate calls_batchLock)" -eq 0
expect "basic: granted 0x22" "$(counter run guest_used_capabilities)" -eq 34
expect "basic: deflated with UNLOCK" "$(counter deflate calls_unlock)" -eq 131072

bb_run_ok stock-batched4k --device caps=0x26 inflate-deflate
expect "4k: reached 512 MiB" "$(counter inflate reached_mib)" -eq 512
expect "4k: 256 batches of 512" "$(counter inflate calls_batchLock)" -eq 256
expect "4k: no 2 MiB pages" "$(counter inflate calls_2m-lock)" -eq 0
expect "4k: no single pages" "$(counter inflate calls_lock)" -eq 0
expect "4k: deflated to 0" "$(counter deflate reached_mib)" -eq 0
expect_no_qemu
