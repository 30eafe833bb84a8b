# SPDX-License-Identifier: GPL-2.0-only
# ERROR_BUSY: the driver backs off and still reaches the target.  The
# doorbell: granted by the host but with no VMCI guest device, the doorbell
# variants poll instead and say so.
set -eu
. tests/e2e/lib.sh

for v in bb_batch4k_poll bb_auto; do
	bb_run_ok "busy-$v" --driver "$v" --device busy-ppm=300000 --device seed=3 \
		inflate-deflate
	expect "$v: the host answered busy" "$(counter run host_busy)" -gt 0
	expect "$v: the driver backed off" "$(counter run guest_bbd_busy)" -gt 0
	expect "$v: reached 512 MiB anyway" "$(counter inflate reached_mib)" -ge 512
	expect "$v: deflated to 0 anyway" "$(counter deflate reached_mib)" -eq 0
done

for v in bb_batch4k_doorbell bb_auto; do
	bb_run_ok "busy-doorbell-$v" --driver "$v" --device caps=0x3e inflate-deflate
	granted=$(counter run guest_bbd_capabilities_granted)
	expect "$v: the host granted the doorbell" $((granted & 16)) -eq 16
	expect "$v: no VMCI device, so polling" "$(counter run guest_bbd_doorbell_active)" -eq 0
	grep -q '^doorbell_state polling (no VMCI guest device)$' "$out/guest/bbd-stats.txt" ||
		fail "$v: the stats do not say why there is no doorbell"
	expect "$v: reached 512 MiB" "$(counter inflate reached_mib)" -ge 512
done
expect_no_qemu
