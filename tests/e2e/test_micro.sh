# SPDX-License-Identifier: GPL-2.0-only
# bench/micro/run.sh on the host core's micro-benchmarks: micro.json holds
# timed iterations of every benchmark family and says which clock it used;
# a failing binary leaves no micro.json, and a bad invocation exits 2 with
# one error line.  No guest: seconds, not minutes.
set -eu
. tests/e2e/lib.sh

MICRO_BIN=${MICRO_BIN:-$BUILD/bench/micro_host_core}
dir="$BUILD/tests/e2e/micro"
rm -rf "$dir"
mkdir -p "$dir"
[ -x "$MICRO_BIN" ] || fail "no $MICRO_BIN (make $MICRO_BIN)"

set +e
MICRO_REPS=3 MICRO_MIN_TIME=0.001 sh bench/micro/run.sh "$MICRO_BIN" \
	"$dir/run" >"$dir/run.txt" 2>"$dir/run.log"
rc=$?
set -e
cat "$dir/run.log" "$dir/run.txt"
json="$dir/run/micro.json"
expect "run.sh exit status" "$rc" -eq 0
[ -s "$json" ] || fail "no $json"
[ ! -e "$json.tmp" ] || fail "$json.tmp left behind"
expect "the clock is in the context" \
	"$(jq -r '.context.bb_clock' "$json")" = wall

# Each family: 3 repetitions of each of its sizes, every one timed.
for family in BM_BatchDecode/4k BM_BatchDecode/2m BM_DiscardCoalesce \
	BM_HostCallBatchLock; do
	sel='[.benchmarks[] | select(.run_type == "iteration" and (.name | startswith($f + "/")))]'
	all=$(jq --arg f "$family" "$sel | length" "$json")
	timed=$(jq --arg f "$family" "$sel | map(select(.real_time > 0)) | length" "$json")
	expect "$family: iterations" "$all" -ge 3
	expect "$family: 3 repetitions per size" $((all % 3)) -eq 0
	expect "$family: every iteration has a real_time > 0" "$timed" -eq "$all"
done

# A binary that fails: a non-zero exit, and no micro.json.
set +e
sh bench/micro/run.sh /bin/false "$dir/false" >/dev/null 2>"$dir/false.log"
rc=$?
set -e
expect "failing binary: non-zero exit" "$rc" -ne 0
[ ! -e "$dir/false/micro.json" ] || fail "failing binary: micro.json written"
[ ! -e "$dir/false/micro.json.tmp" ] || fail "failing binary: micro.json.tmp left behind"

# Bad usage: exit 2, one "micro: error:" line.
set +e
sh bench/micro/run.sh "$MICRO_BIN" >/dev/null 2>"$dir/usage.log"
rc=$?
set -e
expect "no OUT_DIR: exit 2" "$rc" -eq 2
expect "no OUT_DIR: one line on stderr" "$(wc -l <"$dir/usage.log")" -eq 1
grep -q '^micro: error: usage: ' "$dir/usage.log" ||
	fail "no OUT_DIR: no 'micro: error: usage:' line"
