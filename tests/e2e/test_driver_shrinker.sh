# SPDX-License-Identifier: GPL-2.0-only
# With the shrinker on, a guest under memory pressure gets memory back from
# the balloon: the host sees UNLOCKs it did not ask for.
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	bb_run_ok "shrinker-$v" --driver "$v" shrinker
	expect "$v: inflated 640 MiB" "$(counter inflate reached_mib)" -ge 640
	expect "$v: the shrinker ran" "$(counter run guest_bbd_shrink)" -gt 0
	expect "$v: the balloon gave memory back" \
		"$(counter run host_size_pressured_frames)" -lt 163840
	expect "$v: the guest wrote its 512 MiB" "$(counter run guest_fill_mib)" -eq 512
done
expect_no_qemu
