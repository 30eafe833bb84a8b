# SPDX-License-Identifier: GPL-2.0-only
# ERROR_RESET in the middle of an inflate: every variant pops its balloon,
# starts over, and still reaches the target.
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	# The reset lands a fraction into each mode's inflate.
	case $v in
	bb_single_*) after=20000 ;;
	bb_batch4k_*) after=60 ;;
	*) after=2 ;;
	esac
	bb_run_ok "reset-$v" --driver "$v" --phase-set "inflate:reset-after=$after" \
		inflate-deflate
	expect "$v: one injected reset" "$(counter run host_resets-injected)" -eq 1
	expect "$v: the driver reset" "$(counter run guest_bbd_reset)" -ge 2
	expect "$v: START again" "$(counter run host_calls_start)" -ge 2
	expect "$v: reached 512 MiB anyway" "$(counter inflate reached_mib)" -ge 512
done
expect_no_qemu
