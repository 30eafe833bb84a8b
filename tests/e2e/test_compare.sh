# SPDX-License-Identifier: GPL-2.0-only
# bench/compare on result sets made to differ: the same set against itself
# passes; a candidate whose inflates take twice as long is a regression naming the
# metric; too few repetitions cannot decide; different environments are
# not comparable.  The sets are derived from one real run, with six
# repetitions: the fewest whose rank test can clear the Holm adjustment.
set -eu
. tests/e2e/lib.sh

BBCOMPARE=${BBCOMPARE:-$BUILD/bench/bbcompare}
BBREPORT=${BBREPORT:-$BUILD/bench/bbreport}
dir="$BUILD/tests/e2e/compare"
rm -rf "$dir"
mkdir -p "$dir"

bb_run_ok compare-source --driver bb_batch4k_poll --set REPS=6 inflate-deflate
"$BBREPORT" -o "$dir/base" "$out/results.json" >/dev/null

set +e
"$BBCOMPARE" "$dir/base" "$dir/base" > "$dir/same.txt"
same_rc=$?
# Twice the time and half the throughput in every inflate repetition:
# beyond any wall-clock spread of the repetitions, so the verdict is sure.
jq '(.benchmarks[] | select(.run_type == "iteration" and (.name | endswith("/inflate")))) |= (.real_time *= 2 | .mib_per_s /= 2)' \
	"$dir/base/results.json" > "$dir/slow.json"
"$BBCOMPARE" "$dir/base" "$dir/slow.json" > "$dir/slow.txt"
slow_rc=$?
jq '.benchmarks |= map(select(.repetition_index == null or .repetition_index < 2))' \
	"$dir/base/results.json" > "$dir/two.json"
"$BBCOMPARE" "$dir/two.json" "$dir/two.json" > "$dir/two.txt"
two_rc=$?
jq '.context.bb_clock = "virtual"' "$dir/base/results.json" > "$dir/virtual.json"
"$BBCOMPARE" "$dir/base" "$dir/virtual.json" > "$dir/other.txt"
other_rc=$?
set -e

expect "identical sets pass" "$same_rc" -eq 0
expect "twice as slow is a regression" "$slow_rc" -eq 1
grep -q 'inflate-deflate/bb_batch4k_poll/inflate *real_time .* worse$' "$dir/slow.txt" ||
	fail "the regression does not name inflate real_time"
# A scenario file's TOLERANCE_MIB_PER_S=0.9 lets throughput halve; the
# doubled time is still worse.  A tolerance of 2 is refused.
mkdir -p "$dir/scenarios"
{ cat bench/scenarios/inflate-deflate.conf; echo TOLERANCE_MIB_PER_S=0.9; } \
	> "$dir/scenarios/inflate-deflate.conf"
set +e
"$BBCOMPARE" -s "$dir/scenarios" "$dir/base" "$dir/slow.json" > "$dir/override.txt"
override_rc=$?
echo TOLERANCE_MIB_PER_S=2 >> "$dir/scenarios/inflate-deflate.conf"
"$BBCOMPARE" -s "$dir/scenarios" "$dir/base" "$dir/slow.json" > /dev/null 2> "$dir/bad.log"
bad_rc=$?
set -e
grep -q '/inflate *mib_per_s .* worse$' "$dir/slow.txt" || fail "halved throughput is not worse"
grep -q '/inflate *mib_per_s .* same$' "$dir/override.txt" ||
	fail "the scenario's tolerance for mib_per_s was not used"
expect "the doubled time is still a regression" "$override_rc" -eq 1
expect "a tolerance of 2 is refused" "$bad_rc" -eq 2
expect "with one error line" "$(wc -l < "$dir/bad.log")" -eq 1
expect "two repetitions cannot decide" "$two_rc" -eq 2
expect "another clock is not comparable" "$other_rc" -eq 2
grep -q 'not comparable' "$dir/other.txt" || fail "no 'not comparable' verdict"
expect_no_qemu
