# SPDX-License-Identifier: GPL-2.0-only
# With the shrinker on, a guest under memory pressure gets memory back from
# the balloon: the host sees UNLOCKs it did not ask for.
#
# The scenario never lowers the target, so every frame the host counts
# unlocked is one the shrinker gave back.  The host's size at a moment
# after the fill is no evidence: once the fill is done and the shrink
# delay (5 s) has passed, the driver takes the memory back, and on a busy
# machine that happens before the mark.
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	bb_run_ok "shrinker-$v" --driver "$v" shrinker
	expect "$v: inflated 640 MiB" "$(counter inflate reached_mib)" -ge 640
	expect "$v: the shrinker ran" "$(counter run guest_bbd_shrink)" -gt 0
	expect "$v: the host saw frames unlocked unasked" \
		"$(counter run host_frames-unlocked)" -gt 0
	expect "$v: the guest wrote its 512 MiB" "$(counter run guest_fill_mib)" -eq 512
done

expect_no_qemu
