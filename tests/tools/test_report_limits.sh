# SPDX-License-Identifier: GPL-2.0-only
# bbreport on more than its lists hold: a result set with more drivers
# than a table has rows ends with one line saying so, never a silently
# shorter summary; the same set with fewer merges.  Made-up cells, no
# guest.
set -eu
. tests/e2e/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cell() {
	# cell FILE DRIVERS: one inflate phase per driver d1..dN
	jq -n --argjson n "$2" '{
		context: { bb_result: "ok", bb_clock: "wall" },
		benchmarks: [range(1; $n + 1) | {
			name: "inflate-deflate/d\(.)/inflate", run_name: "inflate-deflate/d\(.)/inflate",
			run_type: "iteration", repetitions: 1, repetition_index: 0,
			threads: 1, iterations: 1, real_time: 100, cpu_time: 100,
			time_unit: "ms", inflating: 1, mib_per_s: 1000 }] }' >"$1"
}
cell "$dir/few.json" 3
cell "$dir/many.json" 300
rc=0
"$BUILD/bench/bbreport" -o "$dir/few" "$dir/few.json" >/dev/null 2>"$dir/few.err" || rc=$?
expect "3 drivers merge" "$rc" -eq 0
expect "and each has its row" "$(grep -c '^| d[0-9]* |' "$dir/few/summary.md")" -eq 3
rc=0
"$BUILD/bench/bbreport" -o "$dir/many" "$dir/many.json" >/dev/null 2>"$dir/many.err" || rc=$?
expect "300 drivers: bbreport fails" "$rc" -eq 1
expect "with one line naming what did not fit" \
	"$(grep -c 'error: more than 256 names like d257 in this result set' "$dir/many.err")" -eq 1
