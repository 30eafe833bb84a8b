# SPDX-License-Identifier: GPL-2.0-only
# bench/compare/run (bbcompare) on result sets made to differ: the same set against itself
# passes; a candidate whose inflates take twice as long is a regression
# naming the metric; too few repetitions cannot decide; different
# environments are not comparable; several boots a side count as one sample
# each; boots of one round are paired, which sees through drift that hides
# a change from the U test; a test that cannot clear Holm's adjustment over
# its family cannot decide; what is not judged as asked says so.
#
# The sets take their shape from one real run with six repetitions, but
# not their numbers: every wall-clock metric of every repetition is
# replaced by its median times a fixed factor, the same on every machine,
# so no verdict here depends on how noisy the run was.
set -eu
. tests/e2e/lib.sh

BBCOMPARE=${BBCOMPARE:-$BUILD/bench/bbcompare}
BBREPORT=${BBREPORT:-$BUILD/bench/bbreport}
dir="$BUILD/tests/e2e/compare"
rm -rf "$dir"
mkdir -p "$dir"

bb_run_ok compare-source --driver bb_batch4k_poll --set REPS=6 inflate-deflate
# Six factors spread by about 2.5%, like repetitions on a quiet machine;
# throughput moves against the time; every inflate freed all it ballooned.
jq '[1.000, 1.031, 0.978, 1.012, 0.969, 1.024] as $f
	| (.benchmarks | map(select(.run_type == "iteration"))) as $it
	| def median($name; $k):
		[$it[] | select(.name == $name) | .[$k]] | sort | .[length / 2 | floor];
	.benchmarks |= map(
		if .run_type == "iteration" and (.name | endswith("/run") | not) then
			. as $b | $f[$b.repetition_index] as $x
			| reduce ("real_time", "time_to_target_ms", "reaction_ms",
				  "guest_virtual_ms", "kernel_ms_per_gib") as $k (.;
				if .[$k] == null then . else .[$k] = median($b.name; $k) * $x end)
			| if .mib_per_s == null then . else .mib_per_s = median($b.name; "mib_per_s") / $x end
			| if .host_freed_pct == null then . else .host_freed_pct = 100 end
			| .cpu_time = .real_time
		else . end)' "$out/results.json" > "$dir/source.json"
"$BBREPORT" -o "$dir/base" "$dir/source.json" >/dev/null

set +e
"$BBCOMPARE" "$dir/base" "$dir/base" > "$dir/same.txt"
same_rc=$?
# Twice the time and half the throughput in every inflate repetition.
jq '(.benchmarks[] | select(.run_type == "iteration" and (.name | endswith("/inflate")))) |= (.real_time *= 2 | .mib_per_s /= 2)' \
	"$dir/base/results.json" > "$dir/slow.json"
"$BBCOMPARE" -o "$dir/slow.dat" "$dir/base" "$dir/slow.json" > "$dir/slow.txt"
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
# Throughput of a fixed amount restates the time, and on the wall clock so
# does the guest's own clock: Holm's factor counts only the other tests.
tests=$(awk '$5 == "wall" && $3 != "mib_per_s" && $3 != "guest_virtual_ms"' "$dir/slow.dat" | wc -l)
factor=$(awk '$2 ~ /\/inflate$/ && $3 == "real_time" { printf "%.0f", $14 / $12 }' "$dir/slow.dat")
expect "Holm's factor counts $tests tests, not the restated ones" "$factor" -eq "$tests"
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

# The boot is the sample.  Every repetition names the boot it ran in; the
# same six repetitions labelled as three boots of two are three samples a
# side, too few to call the doubled time, and the table's median is that of
# the three boots' medians.  Labelled as six boots they call it again.
expect "one boot named in every repetition" \
	"$(jq '[.benchmarks[] | select(.run_type == "iteration") | .bb_unit] | unique | map(select(. != null)) | length' "$dir/base/results.json")" -eq 1
relabel() { # relabel JQ_BOOT_EXPR IN OUT
	jq "(.benchmarks[] | select(.run_type == \"iteration\")) |= (.bb_unit = $1)" "$2" > "$3"
}
relabel '"boot-\(.repetition_index / 2 | floor)"' "$dir/base/results.json" "$dir/three.json"
relabel '"boot-\(.repetition_index / 2 | floor)"' "$dir/slow.json" "$dir/three-slow.json"
relabel '"boot-\(.repetition_index)"' "$dir/slow.json" "$dir/six-slow.json"
relabel '"boot-\(.repetition_index)"' "$dir/base/results.json" "$dir/six.json"
set +e
"$BBCOMPARE" -o "$dir/three.dat" "$dir/three.json" "$dir/three-slow.json" > "$dir/three.txt"
three_rc=$?
"$BBCOMPARE" "$dir/six.json" "$dir/six-slow.json" > "$dir/six.txt"
six_rc=$?
set -e
grep -q 'one per unit.*(3 units and 3)' "$dir/three.txt" || fail "three boots a side are not three samples"
expect "three boots a side cannot call the doubled time" "$three_rc" -eq 2
grep -q 'one per unit.*(6 units and 6)' "$dir/six.txt" || fail "six boots a side are not six samples"
expect "six boots a side call it" "$six_rc" -eq 1
want=$(jq '[.benchmarks[] | select(.run_type == "iteration" and (.name | endswith("/inflate")))]
	| group_by(.bb_unit) | map(map(.real_time) | sort | (.[0] + .[1]) / 2) | sort | .[1]' "$dir/three.json")
got=$(awk '$2 ~ /\/inflate$/ && $3 == "real_time" { print $7 }' "$dir/three.dat")
expect "the base's median is the median of its boots' medians ($got ms, want $want)" \
	"$(awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; print (d < 0 ? -d : d) < 1e-4 * b }')" -eq 1

# Rounds pair the boots.  The six boots become six rounds whose host drift
# slows both sides alike, by 0% to 75% in steps of 15%; the candidate's
# inflates are 30% slower than its partner's, each candidate boot being
# another boot's repetition.  Blind to the rounds, the U test sees the
# drift and calls nothing; paired by round, the t test calls the 30%.
drift() { # drift ROUND_EXPR FACTOR IN OUT
	jq "(.benchmarks[] | select(.run_type == \"iteration\")) |= ((.bb_round = ($1)) | .bb_unit = \"boot-\(.bb_round)\"
		| if (.name | endswith(\"/inflate\")) then
			((1 + 0.15 * (.bb_round - 1)) * $2) as \$f | .real_time *= \$f | .mib_per_s /= \$f
		else . end)" "$3" > "$4"
}
drift '.repetition_index + 1' 1 "$dir/six.json" "$dir/rounds.json"
drift '(.repetition_index + 1) % 6 + 1' 1.3 "$dir/six.json" "$dir/rounds-slow.json"
for f in rounds rounds-slow; do
	jq '(.benchmarks[] | select(.run_type == "iteration")) |= del(.bb_round)' \
		"$dir/$f.json" > "$dir/$f-unpaired.json"
done
set +e
"$BBCOMPARE" "$dir/rounds.json" "$dir/rounds-slow.json" > "$dir/paired.txt"
paired_rc=$?
"$BBCOMPARE" "$dir/rounds-unpaired.json" "$dir/rounds-slow-unpaired.json" > "$dir/unpaired.txt"
unpaired_rc=$?
set -e
expect "drift shared by a round hides 30% from the U test" "$unpaired_rc" -ne 1
grep -q '^Paired by round' "$dir/paired.txt" || fail "rounds did not pair the boots"
grep -q '^Paired by round' "$dir/unpaired.txt" && fail "boots without rounds were paired"
expect "paired by round, the 30% is a regression" "$paired_rc" -eq 1
grep -q 'inflate-deflate/bb_batch4k_poll/inflate *real_time .* worse$' "$dir/paired.txt" ||
	fail "the paired regression does not name inflate real_time"
grep -q 'geometric mean' "$dir/paired.txt" || fail "the paired table does not say its ratio is a geometric mean"

# Six a side can give p = 2/924 at best; over 24 tests or more Holm's
# adjustment lifts that above 0.05, so nothing can be called.  Three more
# copies of the cell make four times its wall-clock tests (11 a cell): the
# doubled time is undecided, not a pass.
copies() { # copies IN OUT
	jq '.benchmarks |= (. + [range(1; 4) as $i | .[]
		| .name = "copy\($i)-" + .name | .run_name = "copy\($i)-" + .run_name])' "$1" > "$2"
}
copies "$dir/six.json" "$dir/many.json"
copies "$dir/six-slow.json" "$dir/many-slow.json"
set +e
"$BBCOMPARE" "$dir/many.json" "$dir/many-slow.json" > "$dir/many.txt"
many_rc=$?
set -e
expect "six a side over 44 tests cannot decide" "$many_rc" -eq 2
grep -q "cannot reach p < 0.05 after Holm's adjustment over 44 tests" "$dir/many.txt" ||
	fail "no note that the tests cannot clear Holm's adjustment over 44"
grep -q 'inflate-deflate/bb_batch4k_poll/inflate *real_time .* unreliable$' "$dir/many.txt" ||
	fail "the doubled time is not undecided over 44 tests"

# Units on one side only: every repetition is a sample, and a note says so.
jq '(.benchmarks[] | select(.run_type == "iteration")) |= del(.bb_unit)' \
	"$dir/six.json" > "$dir/no-units.json"
set +e
"$BBCOMPARE" "$dir/no-units.json" "$dir/six-slow.json" > "$dir/mixed.txt"
mixed_rc=$?
set -e
expect "units on one side: the doubled time is still a regression" "$mixed_rc" -eq 1
grep -q '^Note: .* units (bb_unit) on one side only' "$dir/mixed.txt" ||
	fail "no note that only one side names its units"

# A value of 0 in a pair leaves no ratio for the paired test: the U test
# judges that metric, and a note says so.
jq '(.benchmarks[] | select(.run_type == "iteration" and .bb_round == 1 and (.name | endswith("/deflate")))) |= (.reaction_ms = 0)' \
	"$dir/rounds.json" > "$dir/rounds-zero.json"
set +e
"$BBCOMPARE" "$dir/rounds-zero.json" "$dir/rounds-slow.json" > "$dir/zero.txt"
zero_rc=$?
set -e
expect "a zero in a pair: the 30% is still a regression" "$zero_rc" -eq 1
grep -q '^Note: 1 comparisons paired by round have a value of 0' "$dir/zero.txt" ||
	fail "no note that a pair with a zero was judged unpaired"
expect_no_qemu
