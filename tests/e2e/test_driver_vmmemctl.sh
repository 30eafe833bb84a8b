# SPDX-License-Identifier: GPL-2.0-only
# Our driver's /sys/kernel/debug/vmmemctl reads like the stock driver's:
# after the same run, every line of the stock file has a line in ours with
# the same name and layout, numbers aside, in the same order.
set -eu
. tests/e2e/lib.sh

# Numbers become N; the right-aligned padding before a value goes, the
# rest of the layout stays (a "(   N failed)" is not a "(N failed)").
shape() {
	sed -E 's/0x[0-9a-f]+/N/g; s/[0-9]+/N/g; s/: +N/: N/' "$1"
}

bb_run_ok "vmmemctl-upstream" --driver upstream --set REPS=1 inflate-deflate
stock=$out/guest/vmmemctl.txt
[ -s "$stock" ] || fail "no vmmemctl.txt from the stock driver"
for v in bb_single_poll bb_auto; do
	bb_run_ok "vmmemctl-$v" --driver "$v" --set REPS=1 inflate-deflate
	[ -s "$out/guest/vmmemctl.txt" ] || fail "$v: no vmmemctl.txt"
	# Lines of the stock file missing from ours, or in another layout.
	shape "$stock" > "$out/stock.shape"
	shape "$out/guest/vmmemctl.txt" > "$out/ours.shape"
	missing=$(grep -vxF -f "$out/ours.shape" "$out/stock.shape" || :)
	[ -z "$missing" ] || fail "$v: stock lines not in ours: $missing"
	# ... and in the stock order.
	grep -xF -f "$out/stock.shape" "$out/ours.shape" > "$out/common.shape" || :
	cmp -s "$out/common.shape" "$out/stock.shape" ||
		fail "$v: the stock lines come in another order"
	printf 'ok: %s: every stock line, in order (%s lines)\n' "$v" "$(wc -l < "$out/stock.shape")"
done
expect_no_qemu
