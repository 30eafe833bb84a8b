# SPDX-License-Identifier: GPL-2.0-only
# Every variant of our driver inflates to 512 MiB and deflates to 0; host
# and guest agree on the size; the host's per-command counts prove the mode.
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	bb_run_ok "modes-$v" --driver "$v" inflate-deflate
	expect "$v: reached 512 MiB" "$(counter inflate reached_mib)" -ge 512
	expect "$v: deflated to 0" "$(counter deflate reached_mib)" -eq 0
	expect "$v: host and guest agree at the target" \
		"$(counter run guest_inflated_current)" -eq "$(counter run host_size_inflated_frames)"
	expect "$v: the host freed the memory" \
		$(($(counter inflate host_ram_start_mib) - $(counter inflate host_ram_end_mib))) -ge 461
	single=$(counter inflate calls_lock)
	batch=$(counter inflate calls_batchLock)
	huge=$(counter inflate calls_2m-lock)
	case $v in
	bb_single_*)
		expect "$v: one LOCK per frame" "$single" -eq 131072
		expect "$v: no batches" $((batch + huge)) -eq 0
		expect "$v: one UNLOCK per frame" "$(counter deflate calls_unlock)" -eq 131072
		;;
	bb_batch4k_*)
		expect "$v: 256 batches" "$batch" -eq 256
		expect "$v: no single or 2 MiB calls" $((single + huge)) -eq 0
		;;
	bb_batch2m_* | bb_auto)
		expect "$v: 2 MiB batches" "$huge" -ge 1
		expect "$v: no single calls" "$single" -eq 0
		expect "$v: at most a few 4 KiB batches" "$batch" -le 2
		;;
	esac
	case $v in
	*_doorbell | bb_auto)
		# No VMCI device: the host does not grant the doorbell.
		expect "$v: fell back to polling" "$(counter run guest_bbd_doorbell_active)" -eq 0
		;;
	esac
done
expect_no_qemu
