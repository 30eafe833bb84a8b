# SPDX-License-Identifier: GPL-2.0-only
# A small `make bench` end to end: two drivers and the stock one held to
# 4 KiB batches, in the filled state, two repetitions, profiled;
# the merged results.json has Google Benchmark's shape with aggregates, the
# summary and plots exist, and the host's micro-benchmarks left their
# micro.json; the Reclaim section and plot are there.  index.html, opened in headless Chromium with the network
# off, loads with no console error and no missing resource, its tables
# hold both drivers, and each flame graph draws (a screenshot is kept in
# the test logs).  Bad matrix input is refused with one line.
# runs alone: make bench boots two guests at a time
set -eu
. tests/e2e/lib.sh

BBREPORT=${BBREPORT:-$BUILD/bench/bbreport}
out="$BUILD/tests/e2e/bench-quick"
rm -rf "$out"
BBRUN=$BBRUN BBREPORT=$BBREPORT MICRO_BIN="$BUILD/bench/micro_host_core" \
	SCENARIOS=inflate-deflate VARIANTS="upstream bb_auto" STATE=filled REPS=2 PROFILE=1 OUT="$out" \
	MICRO_REPS=2 sh bench/matrix/run.sh
"$BBREPORT" -c "$out/results.json"
expect "three cells (the stock driver also held to 4 KiB batches), two repetitions: medians of inflate" \
	"$(jq '[.benchmarks[] | select(.aggregate_name == "median" and (.name | endswith("/inflate_median")))] | length' "$out/results.json")" -eq 3
grep -q '^| bb_auto | 2 |' "$out/summary.md" || fail "summary.md lacks bb_auto"
grep -q '^| inflate-deflate | upstream-batch4k | 2 | [0-9.]* | [0-9.]* | [0-9.]* |' "$out/summary.md" ||
	fail "summary.md's Reclaim section lacks the stock driver held to 4 KiB batches, with throughput, reclaim rate and host freed"
printf 'ok: the Reclaim section has throughput and the effective reclaim rate\n'
for f in throughput-inflate-deflate.png size-inflate-deflate.png \
	throughput-inflate-deflate.svg reclaim.png reclaim.svg results.csv; do
	[ -s "$out/$f" ] || fail "$f missing or empty"
done
expect "micro.json holds the micro-benchmarks' repetitions" \
	"$(jq '[.benchmarks[] | select(.run_type == "iteration")] | length' "$out/micro.json")" -gt 0
expect "a flame graph per driver and phase" "$(ls "$out"/profile/*.json | wc -l)" -eq 6
mkdir -p "$BUILD/tests/logs"
check_page "$out/index.html" "$BUILD/tests/logs/bench-quick-index.png" upstream bb_auto clear_page_rep

# refused WHAT ERROR VAR=VALUE...: make bench with those settings exits 2
# with the error line ERROR.
refused() {
	what=$1 error=$2
	shift 2
	set +e
	env "$@" BBRUN="$BBRUN" BBREPORT="$BBREPORT" sh bench/matrix/run.sh 2>"$out/bad.log"
	rc=$?
	set -e
	expect "$what: exit 2" "$rc" -eq 2
	grep -q "error: $error" "$out/bad.log" || fail "no clear error for $what"
}
refused "unknown variant" "unknown variant 'bb_nonsense'" VARIANTS=bb_nonsense SCENARIOS=inflate-deflate
refused "INSTRUMENT=sometimes" "INSTRUMENT must be 1, 0 or both, not 'sometimes'" INSTRUMENT=sometimes
refused "PROFILE=2" "PROFILE must be 0 or 1, not '2'" PROFILE=2
refused "STATE=soggy" "unknown state 'soggy' (one of: filled fresh fragmented cache thp)" STATE=soggy
expect_no_qemu
