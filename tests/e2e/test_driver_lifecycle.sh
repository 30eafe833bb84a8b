# SPDX-License-Identifier: GPL-2.0-only
# Unloading an inflated driver gives every page back and empties the host's
# balloon; 20 load/inflate/unload cycles leak nothing; after a full
# compaction host and guest still agree on the size.  (Compaction here has
# not picked ballooned pages to migrate, for the stock driver either, so
# migration itself goes unobserved.)
set -eu
. tests/e2e/lib.sh

for v in $BB_VARIANTS; do
	bb_run_ok "lifecycle-$v" --driver "$v" driver-lifecycle
	expect "$v: inflated 256 MiB" "$(counter inflate reached_mib)" -ge 256
	expect "$v: host and guest agree after compaction" \
		"$(counter run guest_bbd_size_frames)" -eq "$(counter run host_size_compacted_frames)"
	expect "$v: unload emptied the host's balloon" \
		"$(counter run host_size_unloaded_frames)" -eq 0
	expect "$v: every 4 KiB page came back" \
		"$(counter run guest_vmstat_end_balloon_deflate)" -eq \
		"$(counter run guest_vmstat_end_balloon_inflate)"
	unloaded=$(counter run guest_memfree_unloaded_kib)
	after=$(counter run guest_memfree_after_kib)
	diff=$((unloaded > after ? unloaded - after : after - unloaded))
	expect "$v: free memory after 20 cycles within 1%" \
		$((diff * 100)) -le "$unloaded"
done
expect_no_qemu
