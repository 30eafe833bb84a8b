#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make fuzz`: a fuzzing campaign of a given length for each libFuzzer
# target, then the line and branch coverage its corpus reaches in
# host/core (llvm-cov).  The corpus and any findings are kept in the cache,
# so campaigns add up.
#
#   tests/fuzz/campaign.sh BUILD CACHE TARGET...
#
# Environment: FUZZ_EXECS (executions per target, split over JOBS
# processes) or FUZZ_SECONDS (wall time per target); JOBS (processes,
# default: the cores).  Each TARGET is a fuzzer binary whose coverage twin
# is TARGET-cov.  Prints one line per target; exits 1 on a finding.
set -eu

build=$1 cache=$2
shift 2
: "${JOBS:=$(nproc)}"
say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { printf 'fuzz: error: %s\n' "$*" >&2; exit 2; }

case "${FUZZ_EXECS:-}${FUZZ_SECONDS:-}" in
'') die "set FUZZ_EXECS (executions) or FUZZ_SECONDS (seconds)" ;;
*[!0-9]*) die "FUZZ_EXECS and FUZZ_SECONDS are whole numbers" ;;
esac
case "$JOBS" in
'' | *[!0-9]* | 0) die "JOBS must be a positive number, not '$JOBS'" ;;
esac

found=0
for target in "$@"; do
	name=$(basename "$target")
	dir="$cache/fuzz/$name"
	mkdir -p "$dir/corpus" "$dir/artifacts" "$build/fuzz/$name"
	before=$(ls "$dir/artifacts" | wc -l)
	if [ -n "${FUZZ_EXECS:-}" ]; then
		limit="-runs=$(( (FUZZ_EXECS + JOBS - 1) / JOBS ))"
		say "$name: $FUZZ_EXECS executions in $JOBS processes, corpus $dir/corpus"
	else
		limit="-max_total_time=$FUZZ_SECONDS"
		say "$name: $FUZZ_SECONDS s in $JOBS processes, corpus $dir/corpus"
	fi
	start=$(date +%s)
	pids=
	j=1
	while [ "$j" -le "$JOBS" ]; do
		"$target" "$limit" -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$dir/artifacts/" "$dir/corpus" \
			>"$build/fuzz/$name/job$j.log" 2>&1 &
		pids="$pids $!"
		j=$((j + 1))
	done
	rc=0
	for p in $pids; do
		wait "$p" || rc=1
	done
	execs=$(cat "$build/fuzz/$name"/job*.log |
		sed -n 's/^stat::number_of_executed_units: *//p' | awk '{ n += $1 } END { print n + 0 }')
	findings=$(($(ls "$dir/artifacts" | wc -l) - before))
	[ "$rc" -eq 0 ] || [ "$findings" -gt 0 ] || findings=1

	# Coverage: the twin runs every corpus input once.
	cov="$build/fuzz/$name"
	rm -f "$cov"/*.profraw
	twin="$build/fuzz-cov/$name"
	LLVM_PROFILE_FILE="$cov/%p.profraw" "$twin" -runs=0 "$dir/corpus" \
		>"$cov/coverage-run.log" 2>&1 || die "$twin failed; see $cov/coverage-run.log"
	llvm-profdata merge -sparse -o "$cov/merged.profdata" "$cov"/*.profraw
	# The files a target is for: its source's "Covers:" line.
	files=$(sed -n 's/^ \* Covers: //p' "tests/fuzz/$name.c")
	[ -n "$files" ] || die "tests/fuzz/$name.c has no ' * Covers: FILE...' line"
	# shellcheck disable=SC2086 # one word per file
	llvm-cov report "$twin" -instr-profile="$cov/merged.profdata" \
		$files > "$cov/coverage.txt"
	total=$(awk '$1 == "TOTAL"' "$cov/coverage.txt")
	# TOTAL regions missed cover% functions missed exec% lines missed cover% branches missed cover%
	lines=$(printf '%s\n' "$total" | awk '{ print $10 }')
	branches=$(printf '%s\n' "$total" | awk '{ print $13 }')
	printf '%s: %s executions in %ds, %d findings, corpus %d inputs; coverage of %s: lines %s, branches %s\n' \
		"$name" "$execs" $(($(date +%s) - start)) "$findings" \
		"$(ls "$dir/corpus" | wc -l)" "$(echo $files | tr ' ' ,)" "$lines" "$branches"
	[ "$findings" -eq 0 ] || {
		say "$name: findings in $dir/artifacts; see $build/fuzz/$name/job*.log"
		found=1
	}
done
exit "$found"
