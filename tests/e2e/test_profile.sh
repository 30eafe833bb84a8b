# SPDX-License-Identifier: GPL-2.0-only
# make profile's machinery on a short run: our 4 KiB driver inflates 256 MiB
# once, with perf sampling the guest (the profile initramfs).  The inflate
# phase's profile names the page-zeroing function (Debian's init_on_alloc)
# and a function of our driver among its top symbols, its categories add up
# to 100%, and its flame-graph tree holds every sample.  A run without
# PROFILE=1 boots the benchmark's own initramfs, which has no perf, and
# leaves no profile.  Sample counts vary with the machine's speed; what is
# checked does not: a 256 MiB inflate zeroes 65536 pages whatever the load.
set -eu
. tests/e2e/lib.sh

dir="$BUILD/tests/e2e/profile"
rm -rf "$dir"
mkdir -p "$dir/cells/inflate-deflate"

bb_run_ok profile-cell --driver bb_batch4k_poll --set PROFILE=1 --set REPS=1 \
	--set TARGET_MIB=256 inflate-deflate
cell=$out
expect "the run says it was profiled" \
	"$(jq -r '.context.bb_profiled' "$cell/results.json")" = true
for f in profile-inflate-0.folded profile-deflate-0.folded; do
	[ -s "$cell/guest/$f" ] || fail "no guest/$f"
done
cp -a "$cell" "$dir/cells/inflate-deflate/bb_batch4k_poll"
sh bench/profile/report "$dir" || fail "bench/profile/report failed"
name=inflate-deflate-bb_batch4k_poll-inflate
top=$dir/profile/$name.top.csv
grep -q -E '^clear_page_(rep|erms|orig),' "$top" ||
	fail "the page-zeroing function is not among the top symbols: $(cut -d, -f1 "$top" | tr '\n' ' ')"
grep -q -E '^bbd_[a-z_0-9]+,' "$top" ||
	fail "no symbol of our driver among the top symbols: $(cut -d, -f1 "$top" | tr '\n' ' ')"
expect "the categories add up to 100% (to rounding)" \
	"$(awk -F, '$1 != "total" { s += $3 } END { print (s > 99.9 && s < 100.1) }' "$dir/profile/$name.categories.csv")" = 1
expect "the category samples add up to the total" \
	"$(awk -F, '$1 == "total" { t = $2; next } { s += $2 } END { print s == t }' "$dir/profile/$name.categories.csv")" = 1
expect "zeroing has samples" \
	"$(awk -F, '$1 == "zeroing" { print $2 }' "$dir/profile/$name.categories.csv")" -gt 0
expect "the flame-graph tree holds every sample" \
	"$(jq .value "$dir/profile/$name.json")" -eq \
	"$(awk '{ n += $NF } END { print n }' "$dir/profile/$name.folded")"
grep -q "^| $name |" "$dir/profile.md" || fail "profile.md has no row for $name"
grep -q 'cpu-clock' "$dir/profile.md" || fail "profile.md does not say which event sampled"

# Not asked for: the lean initramfs, no perf in it, no profile.
bb_run_ok profile-off --driver bb_batch4k_poll --set REPS=1 --set TARGET_MIB=64 inflate-deflate
expect "a run without PROFILE=1 was not profiled" \
	"$(jq -r '.context.bb_profiled' "$out/results.json")" = false
expect "and left no profile" "$(find "$out/guest" -maxdepth 1 -name 'profile-*' | wc -l)" -eq 0
[ ! -e "$BUILD/guest/rootfs/usr/bin/perf" ] || fail "the benchmark's initramfs has perf in it"
expect_no_qemu
