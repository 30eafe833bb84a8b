# SPDX-License-Identifier: GPL-2.0-only
# bench/gate/run end to end, on the virtual clock with one driver: HEAD against
# the unchanged working tree passes (exit 0); the candidate with a known
# slowdown of about 5% (work_ns_per_page=49: 49 ns x 131072 frames on a
# 127 ms inflate, 33 ms of it the modelled host) is a regression naming
# inflate real_time (exit 1); a
# BASE that is no commit, or no BASE at all, is an error (exit 2).  The
# worktree build of BASE is part of the test.
#
# The micro-benchmarks are judged on CPU time, a wall clock: the pass is
# checked without them (MICRO_ROUNDS=0), so that its verdict rests on the
# virtual clock alone.  The regression runs them (two processes a side, too
# few to decide): a regression stays one whatever they say, and the test
# checks that they ran and were judged.
# time limit: 1500 s
# runs alone: the gate boots its two sides side by side
set -eu
. tests/e2e/lib.sh

dir="$BUILD/tests/e2e/gate"
rm -rf "$dir"
mkdir -p "$dir"
# Absolute: the check for guests left running must not see another
# checkout's gate.
dir=$(cd "$dir" && pwd)
export CLOCK=virtual SCENARIOS=inflate-deflate VARIANTS=bb_batch4k_poll

set +e
OUT="$dir/same" MICRO_ROUNDS=0 sh bench/gate/run HEAD >"$dir/same.txt" 2>"$dir/same.log"
same_rc=$?
OUT="$dir/slow" MICRO_ROUNDS=2 CANDIDATE_DRIVER_ARGS=work_ns_per_page=49 sh bench/gate/run HEAD \
	>"$dir/slow.txt" 2>"$dir/slow.log"
slow_rc=$?
OUT="$dir/bad" sh bench/gate/run no-such-ref >"$dir/bad.txt" 2>"$dir/bad.log"
bad_rc=$?
make -s gate BASE= >/dev/null 2>"$dir/nobase.log"
nobase_rc=$?
set -e
cat "$dir/same.log" "$dir/slow.log"
grep -v ' same$' "$dir/slow.txt"

expect "unchanged code passes" "$same_rc" -eq 0
grep -q 'micro-benchmarks: left out (MICRO_ROUNDS=0)' "$dir/same.log" ||
	fail "MICRO_ROUNDS=0 did not leave the micro-benchmarks out"
# The first inflate after boot repeats within 0.05%; later repetitions carry
# the previous cycle's guest state and have drifted by up to 0.63%, so two
# medians of three may differ by that much, below the gate's 1% tolerance.
expect "the same code on both sides: virtual inflate times within 0.75%" \
	"$(awk '$2 ~ /inflate$/ && $3 == "real_time" { d = $9 - 1; print (d < 0 ? -d : d) < 0.0075 }' "$dir/same/gate.dat")" = 1
expect "5% slower is a regression" "$slow_rc" -eq 1
grep -q '^  inflate-deflate/bb_batch4k_poll/inflate real_time: +[45]\.[0-9]%$' "$dir/slow.txt" ||
	fail "the regression does not name inflate real_time at about +5%"
expect "a BASE that is no commit is an error" "$bad_rc" -eq 2
expect "with one error line" "$(wc -l <"$dir/bad.log")" -eq 1
expect "make gate without BASE is an error" "$nobase_rc" -ne 0
grep -q 'give BASE=' "$dir/nobase.log" || fail "make gate without BASE does not say why"
grep -q '^Verdict: ' "$dir/slow/gate-micro.txt" || fail "the micro-benchmarks were not judged"
for f in gate.txt gate.dat gate.png base/results.json candidate/results.json; do
	[ -s "$dir/slow/$f" ] || fail "the gate left no $f"
done
printf 'ok: table, data, plot and both result sets written\n'
mkdir -p "$BUILD/tests/logs"
check_page "$dir/slow/index.html" "$BUILD/tests/logs/gate-index.png" \
	inflate-deflate/bb_batch4k_poll/inflate worse
if pgrep -f -- "--out $dir/" >/dev/null; then
	fail "a guest of the gate is still running"
fi
printf 'ok: no guest left running\n'
