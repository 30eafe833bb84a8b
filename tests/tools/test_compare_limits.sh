# SPDX-License-Identifier: GPL-2.0-only
# bbcompare at the edges the stats-2 review found, on made-up sets (no
# guest, fixed numbers): pairs that all moved by one ratio are not
# certainty on a wall clock; a pair whose ratio overflows a double does not
# hide a regression elsewhere in the family; every repetition counts,
# however many; a file of thousands of benchmarks gets its answer at once.
set -eu
. tests/e2e/lib.sh

BBCOMPARE=${BBCOMPARE:-$BUILD/bench/bbcompare}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# set FILE JQ_BENCHMARKS: a wall-clock result set of the given entries.
set_of() {
	jq -n "{ context: { bb_clock: \"wall\", num_cpus: 2 }, benchmarks: [$2] }" >"$1"
}
# Entry NAME REP VALUE [ROUND]: one repetition of a phase's real_time.
entry='def e($name; $rep; $v; $round): { name: $name, run_name: $name,
	run_type: "iteration", repetitions: 3, repetition_index: $rep,
	threads: 1, iterations: 1, real_time: $v, cpu_time: $v, time_unit: "ms",
	bb_unit: "boot\($round)", bb_round: $round };'

# Three pairs, 100 -> 110 in every round (D2): the sign test says 0.25.
set_of "$dir/pb.json" "$entry e(\"s/d/inflate\"; 0; 100; 1), e(\"s/d/inflate\"; 1; 100; 2), e(\"s/d/inflate\"; 2; 100; 3)"
set_of "$dir/pc.json" "$entry e(\"s/d/inflate\"; 0; 110; 1), e(\"s/d/inflate\"; 1; 110; 2), e(\"s/d/inflate\"; 2; 110; 3)"
rc=0
"$BBCOMPARE" "$dir/pb.json" "$dir/pc.json" >"$dir/p.txt" || rc=$?
expect "3 pairs that all moved by +10% cannot decide (exit 2, as unpaired)" "$rc" -eq 2
expect "and their p is the sign test's 0.25" \
	"$(awk '$1 == "s/d/inflate" && $2 == "real_time" { print ($(NF - 2) == 0.25) }' "$dir/p.txt")" -eq 1

# A family of two: one benchmark whose pair overflows a ratio (1e-300 ->
# 1e300), one 8 pairs +30% (D3).  The regression must stand.
b='' c=''
for r in 1 2 3 4 5 6 7 8; do
	b="$b e(\"s/d/a\"; $((r - 1)); $((90 + r)); $r), e(\"s/d/b\"; $((r - 1)); 1; $r),"
	c="$c e(\"s/d/a\"; $((r - 1)); $((90 + r)) * 1.3; $r), e(\"s/d/b\"; $((r - 1)); 1.1; $r),"
done
set_of "$dir/ob.json" "$entry ${b%,}"
set_of "$dir/oc.json" "$entry ${c%,}"
jq '(.benchmarks[] | select(.name == "s/d/b" and .bb_round == 1) | .real_time) = 1e-300' "$dir/ob.json" >"$dir/ob2.json"
jq '(.benchmarks[] | select(.name == "s/d/b" and .bb_round == 1) | .real_time) = 1e300' "$dir/oc.json" >"$dir/oc2.json"
rc=0
"$BBCOMPARE" "$dir/ob2.json" "$dir/oc2.json" >"$dir/o.txt" || rc=$?
expect "an overflowing pair does not hide +30% elsewhere (exit 1)" "$rc" -eq 1
expect "and no p is NaN" "$(grep -ci 'nan' "$dir/o.txt" || :)" -eq 0

# 3 repetitions against 3000 (D7): the first 1024 at 100, the rest at 200.
# Every one counts, so the candidate's median is 200.
set_of "$dir/mb.json" "$entry e(\"s/d/x\"; 0; 100; 0), e(\"s/d/x\"; 1; 100; 0), e(\"s/d/x\"; 2; 100; 0)"
jq -n "$entry"' { context: { bb_clock: "wall", num_cpus: 2 },
	benchmarks: [range(0; 3000) | e("s/d/x"; .; (if . < 1024 then 100 else 200 end); 0) | del(.bb_unit, .bb_round)] }' >"$dir/mc.json"
jq '.benchmarks[] |= del(.bb_unit, .bb_round)' "$dir/mb.json" >"$dir/mb2.json"
rc=0
"$BBCOMPARE" "$dir/mb2.json" "$dir/mc.json" >"$dir/m.txt" || rc=$?
expect "3000 repetitions: the candidate's median is 200, all of them counted" \
	"$(awk '$1 == "s/d/x" && $2 == "real_time" { print $4 }' "$dir/m.txt")" -eq 200

# 6000 benchmarks of one repetition each (D8): more comparisons than a
# table holds, said at once rather than after minutes of scanning.
jq -n "$entry"' { context: { bb_clock: "wall", num_cpus: 2 },
	benchmarks: [range(0; 6000) | e("s/d/b\(.)"; 0; 100; 0) | del(.bb_unit, .bb_round)] }' >"$dir/many.json"
rc=0
"$BBCOMPARE" "$dir/many.json" "$dir/many.json" >"$dir/many.txt" 2>"$dir/many.err" || rc=$?
expect "6000 benchmarks: exit 2" "$rc" -eq 2
expect "with one line saying the table is full" "$(grep -c 'more than 4096 comparisons' "$dir/many.err")" -eq 1

# A VMware guest's run against the embedded host's: refused, -f or not
# (its target_mib is ESXi's, its times the driver's part alone); two
# VMware runs with different target sources need -f.
jq '.context.bb_host = "vmware" | .context.bb_target_source = "govc"' "$dir/pb.json" >"$dir/vmware.json"
for force in "" -f; do
	rc=0
	"$BBCOMPARE" $force "$dir/pb.json" "$dir/vmware.json" >"$dir/host.txt" || rc=$?
	expect "embedded against VMware${force:+ (with -f)}: exit 2" "$rc" -eq 2
	expect "saying which host each ran on" \
		"$(grep -c '^Verdict: not comparable: the base ran on the embedded host, the candidate on the vmware host' "$dir/host.txt")" -eq 1
done
jq '.context.bb_target_source = "esxi"' "$dir/vmware.json" >"$dir/vmware-esxi.json"
rc=0
"$BBCOMPARE" "$dir/vmware.json" "$dir/vmware-esxi.json" >"$dir/source.txt" || rc=$?
expect "govc against esxi: not comparable without -f" "$rc" -eq 2
expect "naming the target source" "$(grep -c 'bb_target_source' "$dir/source.txt")" -eq 1
rc=0
"$BBCOMPARE" "$dir/vmware.json" "$dir/vmware.json" >"$dir/same.txt" || rc=$?
expect "two VMware runs of one source compare (same data: exit 0)" "$rc" -eq 0

# make bench's own settings (BENCH_*) choose what it runs and draws, not a
# cell's numbers: a set from before a scenario gained one still compares.
jq '.context.bb_scenario_BENCH_HISTORY = "inflate mib_per_s"' "$dir/pb.json" >"$dir/bench-key.json"
rc=0
"$BBCOMPARE" "$dir/pb.json" "$dir/bench-key.json" >"$dir/bench-key.txt" || rc=$?
expect "a new BENCH_ setting: still comparable (exit 0)" "$rc" -eq 0
expect "and the difference is shown" "$(grep -c 'bb_scenario_BENCH_HISTORY' "$dir/bench-key.txt")" -eq 1
jq '.context.bb_scenario_TARGET_MIB = "640"' "$dir/pb.json" >"$dir/target-key.json"
rc=0
"$BBCOMPARE" "$dir/pb.json" "$dir/target-key.json" >/dev/null || rc=$?
expect "a scenario setting that changes the numbers: not comparable" "$rc" -eq 2
