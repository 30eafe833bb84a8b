#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The test runner behind `make test`.  Runs every unit test binary, the
# fuzzers (for FUZZ_SECONDS each) and every end-to-end script, each under a
# time limit, and closes with "N passed, N failed, N skipped".
#
# A test that prints TAP-style "ok N - name" / "not ok N - name" lines counts
# each line; any other test counts once, by exit status: 0 passed, 4 skipped,
# 124 (timed out) or anything else failed.  Logs go to $BUILD/tests/logs.
#
# End-to-end tests run BB_TEST_JOBS at a time (default: one per core, each
# guest's vCPU keeps a core busy); a script with a line "# runs alone" (it
# boots guests side by side itself) runs after them, on its own.  No
# verdict depends on how busy the machine is, so neighbours cannot sway
# one.
set -u

: "${BUILD:=build}"
: "${BBRUN:=$BUILD/bench/bbrun}"
: "${FUZZ_SECONDS:=30}"
: "${BB_UNIT_TIMEOUT_S:=120}"
: "${BB_E2E_TIMEOUT_S:=600}"
: "${BB_TEST_JOBS:=$(nproc)}"
export BUILD BBRUN
. "$(dirname "$0")/../bench/lib/lanes.sh"

logs="$BUILD/tests/logs"
rm -rf "$logs"
mkdir -p "$logs"

# run_test NAME TIMEOUT_S COMMAND...: runs one test, prints its verdict
# lines in one piece, and leaves its counts in $logs/NAME.counts.
run_test() {
	name=$1 limit=$2
	shift 2
	log="$logs/$(printf "%s" "$name" | tr / -).log"
	printf 'test: %s\n' "$name" >&2
	timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1
	rc=$?
	passed=0 failed=0 skipped=0
	judge >"$log.verdict"
	cat "$log.verdict"
	printf '%d %d %d\n' "$passed" "$failed" "$skipped" >"$log.counts"
	return 0
}

# judge: the verdict on the test that wrote $log and exited $rc.
judge() {
	ok=$(grep -c '^ok ' "$log")
	not_ok=$(grep -c '^not ok ' "$log")
	if [ $((ok + not_ok)) -gt 0 ]; then
		passed=$((passed + ok))
		failed=$((failed + not_ok))
		grep "^not ok " "$log" | sed "s|^|$name: |"
		[ "$not_ok" -eq 0 ] && printf "ok - %s (%s cases)\n" "$name" "$ok"
		if [ "$rc" -ne 0 ] && [ "$not_ok" -eq 0 ]; then
			failed=$((failed + 1))
			printf 'not ok - %s (exit %s after its cases)\n' "$name" "$rc"
		fi
	else
		case $rc in
		0)
			passed=$((passed + 1))
			printf 'ok - %s\n' "$name"
			;;
		4)
			skipped=$((skipped + 1))
			printf 'ok - %s # SKIP %s\n' "$name" "$(tail -n 1 "$log")"
			;;
		124 | 137)
			failed=$((failed + 1))
			printf 'not ok - %s # TIMEOUT %s seconds\n' "$name" "$limit"
			;;
		*)
			failed=$((failed + 1))
			printf 'not ok - %s (exit %s)\n' "$name" "$rc"
			;;
		esac
	fi
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
		tail -n 15 "$log" | sed 's/^/    /'
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_test "$(basename "$t")" "$BB_UNIT_TIMEOUT_S" "$t"
done

for f in "$BUILD"/tests/fuzz_*; do
	[ -x "$f" ] || continue
	corpus="$BUILD/tests/corpus-$(basename "$f")"
	mkdir -p "$corpus"
	run_test "$(basename "$f")" $((FUZZ_SECONDS + 60)) \
		"$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
		-print_final_stats=1 "$corpus"
done

# Checks of the sources (static/), and the scripts and programs on
# made-up inputs, no guest (tools/).
for t in tests/static/test_*.sh tests/tools/test_*.sh; do
	[ -f "$t" ] || continue
	run_test "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" \
		"$BB_E2E_TIMEOUT_S" sh "$t"
done

# A script that needs longer than BB_E2E_TIMEOUT_S says so in a line
# "# time limit: N s".
: >"$logs/e2e-side-by-side.list"
: >"$logs/e2e-alone.list"
for t in tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	limit=$(sed -n 's/^# time limit: \([0-9][0-9]*\) s$/\1/p' "$t")
	list=side-by-side
	grep -q '^# runs alone' "$t" && list=alone
	printf 'e2e/%s %s sh %s\n' "$(basename "$t" .sh)" \
		"${limit:-$BB_E2E_TIMEOUT_S}" "$t" >>"$logs/e2e-$list.list"
done
run_lanes "$BB_TEST_JOBS" "$logs/e2e-side-by-side.list" run_test
run_lanes 1 "$logs/e2e-alone.list" run_test

cat "$logs"/*.counts | awk '{ p += $1; f += $2; s += $3 }
	END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit f > 0 }'

