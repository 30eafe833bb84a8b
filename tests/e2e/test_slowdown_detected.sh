# SPDX-License-Identifier: GPL-2.0-only
# A known slowdown is caught: on the virtual clock, bb_batch4k_poll with
# work_ns_per_page=80 (7.5% more virtual work for 512 MiB, measured) against the same
# driver without it; bench/compare names inflate real_time as worse.  The
# same set against itself passes.
set -eu
. tests/e2e/lib.sh

BBCOMPARE=${BBCOMPARE:-$BUILD/bench/bbcompare}
BBREPORT=${BBREPORT:-$BUILD/bench/bbreport}
dir="$BUILD/tests/e2e/slowdown"
rm -rf "$dir"
mkdir -p "$dir"

bb_run_ok slowdown-base --driver bb_batch4k_poll --set CLOCK=virtual --set REPS=3 \
	inflate-deflate
"$BBREPORT" -o "$dir/base" "$out/results.json" >/dev/null
bb_run_ok slowdown-cand --driver bb_batch4k_poll --set CLOCK=virtual --set REPS=3 \
	--set DRIVER_ARGS=work_ns_per_page=80 inflate-deflate
"$BBREPORT" -o "$dir/cand" "$out/results.json" >/dev/null

set +e
"$BBCOMPARE" "$dir/base" "$dir/base" > "$dir/same.txt"
same_rc=$?
# The settings differ by DRIVER_ARGS alone, on purpose: -f.
"$BBCOMPARE" -f "$dir/base" "$dir/cand" > "$dir/slow.txt"
slow_rc=$?
set -e
cat "$dir/slow.txt"
expect "unchanged passes" "$same_rc" -eq 0
expect "7.5% slower is a regression" "$slow_rc" -eq 1
grep -q 'inflate-deflate/bb_batch4k_poll/inflate *real_time .* worse$' "$dir/slow.txt" ||
	fail "the verdict does not name inflate real_time"
expect_no_qemu
