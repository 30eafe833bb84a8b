# SPDX-License-Identifier: GPL-2.0-only
# ERROR_RESET injected in the middle of a 4 KiB-batch inflate: the stock
# driver pops its balloon, starts over, and still reaches the target.
set -eu
. tests/e2e/lib.sh

bb_run_ok stock-reset --device caps=0x26 --phase-set inflate:reset-after=100 \
	inflate-deflate
expect "the host injected one reset" "$(counter run host_resets-injected)" -eq 1
# The guest's counters start at the first debugfs read, after its boot reset.
expect "the guest saw the reset" "$(counter run guest_reset)" -ge 1
expect "the guest sent START again" "$(counter run host_calls_start)" -ge 2
expect "reached 512 MiB anyway" "$(counter inflate reached_mib)" -eq 512
expect "some batches before the reset were lost" "$(counter inflate calls_batchLock)" -gt 256
expect_no_qemu
