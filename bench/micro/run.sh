#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the host core's micro-benchmarks (bench/micro/host_core_bench.cc)
# and keeps Google Benchmark's JSON as OUT_DIR/micro.json: every repetition
# as an iteration, then the _mean, _median, _stddev and _cv aggregates.  The
# file appears, by an atomic rename, only when the run succeeded, so a
# micro.json is never partial.  The table goes to stdout, progress to stderr.
#
# Usage: bench/micro/run.sh BINARY OUT_DIR [BENCHMARK ARGS...]
#   MICRO_REPS (10): repetitions of each benchmark;
#   MICRO_MIN_TIME (0.05): seconds each repetition runs at least (Google
#   Benchmark 1.7.1 takes a plain number of seconds, no "s" or "x" suffix);
#   BENCHMARK ARGS go to the binary after ours, so they win: e.g.
#   --benchmark_filter=Coalesce, or --benchmark_display_aggregates_only=false
#   to see every repetition.
set -eu

usage='usage: bench/micro/run.sh BINARY OUT_DIR [BENCHMARK ARGS...]'
die() { printf 'micro: error: %s\n' "$1" >&2; exit "$2"; }

[ $# -ge 2 ] || die "$usage" 2
bin=$1 out=$2
shift 2
reps=${MICRO_REPS:-10}
min_time=${MICRO_MIN_TIME:-0.05}

if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
	die "BINARY $bin is not an executable file" 2
fi
case $reps in
'' | *[!0-9]* | 0) die "MICRO_REPS=$reps is not a positive integer" 2 ;;
esac
case $min_time in
'' | *[!0-9.]* | *.*.* | .) die "MICRO_MIN_TIME=$min_time is not a number of seconds" 2 ;;
esac

mkdir -p "$out"
json="$out/micro.json"
rm -f "$json.tmp"
printf 'micro: %s, %s repetitions of at least %s s each, into %s\n' \
	"$bin" "$reps" "$min_time" "$json" >&2
rc=0
"$bin" --benchmark_repetitions="$reps" --benchmark_min_time="$min_time" \
	--benchmark_display_aggregates_only=true \
	--benchmark_out="$json.tmp" --benchmark_out_format=json \
	--benchmark_context=bb_clock=wall "$@" || rc=$?
# The binary exits 0 when its filter matches nothing, or a benchmark skips
# itself with an error: neither is a result.
if [ "$rc" -ne 0 ]; then
	rm -f "$json.tmp"
	die "$bin exited $rc" 1
fi
if ! grep -q '"run_type": "iteration"' "$json.tmp"; then
	rm -f "$json.tmp"
	die "no benchmark ran (check --benchmark_filter)" 1
fi
if grep -q '"error_occurred": true' "$json.tmp"; then
	rm -f "$json.tmp"
	die "a benchmark failed (its error_message is in the table above)" 1
fi
mv -f "$json.tmp" "$json"
printf 'micro: results in %s\n' "$json" >&2
