# SPDX-License-Identifier: GPL-2.0-only
# Popping the balloon while compaction moves its pages: 50 load/inflate/
# unload cycles and 50 host resets of an inflated balloon, with a loop
# compacting memory all along (bench/scenarios/churn).  No oops or warning
# (a page left pointing into an unloaded module would oops), the sizes
# agree after every phase, and no page is lost: free memory and the
# kernel's balloon counters balance.
# time limit: 1800 s
set -eu
. tests/e2e/lib.sh

for v in bb_batch4k_poll bb_auto; do
	bb_run_ok "churn-$v" --driver "$v" churn
	expect "$v: 50 resets" "$(counter run host_resets-injected)" -eq 50
	expect "$v: every unload emptied the host's balloon" \
		"$(counter run host_size_unloaded_frames)" -eq 0
	expect "$v: the host's balloon empty at the end" "$(counter run host_size)" -eq 0
	# bb_auto's 2 MiB pages do not migrate; the 4 KiB ones do.
	[ "$v" = bb_auto ] ||
		expect "$v: compaction migrated balloon pages" \
			"$(counter run guest_vmstat_end_balloon_migrate)" -gt 0
	expect "$v: every 4 KiB page inflated was deflated" \
		"$(counter run guest_vmstat_end_balloon_deflate)" -eq \
		"$(counter run guest_vmstat_end_balloon_inflate)"
	before=$(counter run guest_memfree_before_kib)
	after=$(counter run guest_memfree_after_kib)
	diff=$((before > after ? before - after : after - before))
	expect "$v: free memory back within 1%" $((diff * 100)) -le "$before"
done
expect_no_qemu
