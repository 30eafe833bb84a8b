# SPDX-License-Identifier: GPL-2.0-only
# The gate's micro-benchmark comparison (bench/gate/micro.sh) and how
# bbcompare judges its processes.  A burst of load on the host that slows
# half the repetitions of a benchmark in every candidate process is not a
# regression; the same code 20% slower in every repetition is.  Then
# gate_micro itself on the real binary: every process is one unit of one
# round, with the repetitions the judgement needs.
#
# The judged sets take their shape from one real run of the binary, not
# their numbers: every CPU time is a fixed number, the same on every
# machine, so no verdict here depends on how noisy the machine is.
set -eu
. tests/e2e/lib.sh

MICRO_BIN=${MICRO_BIN:-$BUILD/bench/micro_host_core}
BBCOMPARE=${BBCOMPARE:-$BUILD/bench/bbcompare}
dir="$BUILD/tests/e2e/gate-micro"
rm -rf "$dir"
mkdir -p "$dir"
[ -x "$MICRO_BIN" ] || fail "no $MICRO_BIN (make $MICRO_BIN)"

MICRO_REPS=8 MICRO_MIN_TIME=0.001 sh bench/micro/run.sh "$MICRO_BIN" "$dir/shape" \
	--benchmark_filter='BM_BatchDecode/4k/entries:(1|64)/' >/dev/null 2>"$dir/shape.log" ||
	{ cat "$dir/shape.log"; fail "the micro-benchmarks did not run"; }

# side NAME BURST SLOW: eight processes of one side, as gate_micro merges
# them.  Repetition k of round r takes 100 ns times a spread of about 2%
# and a drift of 3% a round that both sides share; BURST multiplies the
# first four repetitions of every process (load on the host in part of
# each run), SLOW all of them.
side() {
	jq --argjson burst "$2" --argjson slow "$3" '
		[1.000, 1.012, 0.991, 1.020, 0.985, 1.007, 0.996, 1.015] as $f
		| .benchmarks |= [range(1; 9) as $r | .[]
			| select(.run_type == "iteration")
			| . + {bb_unit: "process-\($r)", bb_round: $r}
			| .cpu_time = 100 * $f[.repetition_index] * (1 + 0.03 * ($r - 1)) * $slow
				* (if .repetition_index < 4 then $burst else 1 end)]' \
		"$dir/shape/micro.json" >"$dir/$1.json"
}
side base 1 1
side burst 1.6 1
side slow 1 1.2

judge() { # judge NAME: bbcompare's exit, base against NAME
	set +e
	"$BBCOMPARE" -m cpu_time "$dir/base.json" "$dir/$1.json" >"$dir/$1.txt"
	echo $?
	set -e
}
rc=$(judge base)
expect "the same processes on both sides pass" "$rc" -eq 0
grep -q 'one per unit.*for CPU time their best (8 units and 8)' "$dir/base.txt" ||
	fail "the processes were not judged one sample each, on their best repetition"
rc=$(judge burst)
cat "$dir/burst.txt"
expect "a burst in half of every candidate process's repetitions is not a regression" "$rc" -eq 0
rc=$(judge slow)
expect "20% slower in every repetition is a regression" "$rc" -eq 1
grep -q 'BM_BatchDecode/4k/entries:64/real_time *cpu_time .* worse$' "$dir/slow.txt" ||
	fail "the regression does not name BM_BatchDecode/4k/entries:64's cpu_time"

# gate_micro on the real binary, one side against itself, two rounds: the
# verdict is the machine's, so only the shape is checked.
. bench/gate/micro.sh
set +e
gate_micro "$MICRO_BIN" "$MICRO_BIN" "$dir/gate" 2 "$BBCOMPARE"
rc=$?
set -e
expect "gate_micro ran every process (exit $rc)" "$rc" -ne 3
grep -q '^Verdict: ' "$dir/gate/gate-micro.txt" || fail "gate_micro wrote no verdict"
for s in base candidate; do
	expect "$s: one unit a process, one round each" \
		"$(jq -r '[.benchmarks[] | select(.run_type == "iteration") | "\(.bb_unit) \(.bb_round)"] | unique | join(",")' \
			"$dir/gate/micro/$s.json")" = "$s-1 1,$s-2 2"
	expect "$s: $MICRO_GATE_REPS repetitions of every benchmark in every process" \
		"$(jq --argjson n "$MICRO_GATE_REPS" '[.benchmarks[] | select(.run_type == "iteration")]
			| group_by(.bb_unit + .run_name) | map(length == $n) | all' "$dir/gate/micro/$s.json")" = true
done
[ ! -e "$dir/gate/micro/run.bin" ] || fail "gate_micro left its copy of the binary"
