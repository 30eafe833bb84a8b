# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/gate/run and bench/gate/validate-corpus: the gate's
# micro-benchmark comparison and how its verdict joins the guests'.

# A process runs MICRO_GATE_REPS short repetitions of every benchmark in
# Google Benchmark's random interleaving, and bbcompare takes its best
# repetition (cpu_time's unit_best).  Load on the host (the other vCPU, the
# hypervisor) only adds time, in bursts of up to twice the time that last
# tenths of a second: a benchmark's repetitions in a row, or a median of
# two, caught a whole burst, and two benchmarks 1.41 and 1.45 times slower
# over a side's 8 processes made a false alarm in an A/A gate.  Spread
# through the process, a burst spares most of a benchmark's repetitions
# (measured: docs/statistics-and-gate.md).
MICRO_GATE_REPS=8
MICRO_GATE_MIN_TIME=0.01

# gate_micro BASE_BIN CANDIDATE_BIN DIR ROUNDS BBCOMPARE: ROUNDS processes
# of each binary, alternating which goes first; each process is one sample
# for bbcompare (bb_unit), because two processes of one binary differ by
# more than the repetitions inside either, and the two of a round are a
# pair (bb_round).  Writes DIR/gate-micro.txt and .dat; returns bbcompare's
# exit (0 pass, 1 worse, 2 undecided), or 3 when a process failed.
gate_micro() {
	micro_base=$1 micro_cand=$2 micro_dir=$3 micro_rounds=$4 micro_compare=$5
	# Each side runs from the same path with the same arguments: a longer
	# argv or path moves the stack, and that alone has moved these loops
	# by 7% (measured).
	micro_run=$micro_dir/micro/run
	mkdir -p "$micro_dir/micro"
	micro_r=1
	while [ "$micro_r" -le "$micro_rounds" ]; do
		if [ $((micro_r % 2)) -eq 1 ]; then micro_order="base candidate"; else
			micro_order="candidate base"; fi
		for micro_side in $micro_order; do
			if [ "$micro_side" = base ]; then cp "$micro_base" "$micro_run.bin"; else
				cp "$micro_cand" "$micro_run.bin"; fi
			MICRO_REPS=$MICRO_GATE_REPS MICRO_MIN_TIME=$MICRO_GATE_MIN_TIME \
				sh bench/micro/run.sh "$micro_run.bin" "$micro_run" \
				--benchmark_enable_random_interleaving=true >/dev/null 2>&1 || return 3
			jq --arg unit "$micro_side-$micro_r" --argjson round "$micro_r" \
				'.benchmarks |= map(if .run_type == "iteration" then . + {bb_unit: $unit, bb_round: $round} else . end)' \
				"$micro_run/micro.json" >"$micro_dir/micro/$micro_side-r$micro_r.json"
		done
		micro_r=$((micro_r + 1))
	done
	for micro_side in base candidate; do
		jq -s '.[0] + {benchmarks: (map(.benchmarks) | add)}' \
			"$micro_dir"/micro/$micro_side-r*.json >"$micro_dir/micro/$micro_side.json"
	done
	rm -rf "$micro_run" "$micro_run.bin"
	gate_micro_judge "$micro_dir" "$micro_compare"
}

# gate_micro_judge DIR BBCOMPARE: the verdict on the processes gate_micro
# left in DIR/micro, into DIR/gate-micro.txt and .dat; returns bbcompare's
# exit.
gate_micro_judge() {
	micro_rc=0
	"$2" -m cpu_time -o "$1/gate-micro.dat" "$1/micro/base.json" \
		"$1/micro/candidate.json" >"$1/gate-micro.txt" || micro_rc=$?
	return "$micro_rc"
}

# gate_join GUESTS MICRO: the gate's verdict from its two parts: a
# regression anywhere fails it; otherwise undecided beats pass.
gate_join() {
	if [ "$2" -eq 1 ] || { [ "$2" -eq 2 ] && [ "$1" -eq 0 ]; }; then
		echo "$2"
	else
		echo "$1"
	fi
}
