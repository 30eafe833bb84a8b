# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the end-to-end tests: run the conductor into a fresh result
# folder and check its results.json.  A failed check prints one line and
# exits 1.

: "${BUILD:=build}"
: "${BBRUN:=$BUILD/bench/bbrun}"

fail() {
	printf 'FAIL: %s\n' "$*"
	exit 1
}

# bb_run NAME [BBRUN ARGS...]: runs into $BUILD/tests/e2e/NAME; the summary
# line lands in $out/summary.txt and the exit status in $run_rc.  $out is
# absolute, so that its QEMU's command line names this checkout's run and
# no other test's running beside it.
bb_run() {
	mkdir -p "$BUILD/tests/e2e"
	out="$(cd "$BUILD/tests/e2e" && pwd)/$1"
	shift
	rm -rf "$out"
	mkdir -p "$out"
	set +e
	# The debug-kernel lane (test_debug_kernel.sh) runs tests on its
	# guest: BB_TEST_GUEST, with BB_TEST_CPUS vCPUs.
	"$BBRUN" --out "$out" ${BB_TEST_GUEST:+--guest "$BB_TEST_GUEST"} \
		${BB_TEST_CPUS:+--set "GUEST_CPUS=$BB_TEST_CPUS"} "$@" \
		>"$out/summary.txt" 2>"$out/bbrun.log"
	run_rc=$?
	set -e
	cat "$out/bbrun.log"
	cat "$out/summary.txt"
	expect_clean_console
}

# console_trouble FILE: prints FILE's lines that report kernel trouble (a
# warning, oops, BUG or leak report; on the debug kernel also lockdep's,
# KCSAN's and DEBUG_VM's); true if there are any.  A test that expects the
# OOM killer sets BB_ALLOW_OOM=1: its report carries a call trace too.
console_trouble() {
	trouble='WARNING:|BUG:|kernel BUG at|Oops|kmemleak|general protection|soft lockup|KCSAN:|INFO: '
	[ "${BB_ALLOW_OOM:-0}" = 1 ] || trouble="$trouble|Call Trace|invoked oom-killer"
	grep -E "$trouble" "$1"
}

# No kernel trouble in the guest's console; a test that makes trouble on
# purpose sets BB_EXPECT_TROUBLE=1 and looks for it itself.
expect_clean_console() {
	[ -f "$out/console.log" ] || return 0
	[ "${BB_EXPECT_TROUBLE:-0}" = 0 ] || return 0
	if console_trouble "$out/console.log"; then
		fail "kernel trouble in $out/console.log"
	fi
}

# A run that went well: and no driver, ours or the stock one, called the
# host with interrupts masked (test_driver_calls.sh says why).
bb_run_ok() {
	bb_run "$@"
	[ "$run_rc" -eq 0 ] || fail "bbrun exited $run_rc: $(grep 'error:' "$out/bbrun.log")"
	masked=$(jq -r '[.benchmarks[] | select(.name | endswith("/run"))][0]["host_calls-irqs-off"] // "absent"' \
		"$out/results.json")
	[ "$masked" = 0 ] || fail "host calls with interrupts masked: $masked"
}

# check_page PAGE SCREENSHOT TEXT...: tests/lib/check-page.js on PAGE in
# headless Chromium, its lines indented (they are this test's evidence, not
# its verdict lines); fails the test when a check failed.
check_page() {
	page_rc=0
	NODE_PATH=$BUILD/npm/node_modules node tests/lib/check-page.js "$@" \
		>"$1.check.txt" 2>&1 || page_rc=$?
	sed 's/^/    /' "$1.check.txt"
	[ "$page_rc" -eq 0 ] || fail "$1 in Chromium: $(grep -v '^ok' "$1.check.txt" | head -n 1)"
	printf 'ok: %s loads in Chromium offline, tables and flame graphs as they should be\n' "$1"
}

# counter BENCHMARK_SUFFIX NAME: a counter of results.json as an integer
# (0 when absent).
counter() {
	jq -r --arg b "$1" --arg c "$2" \
		'[.benchmarks[] | select(.name | endswith("/" + $b))][0][$c] // 0 | floor' \
		"$out/results.json"
}

# max_reaction_ms: over the reaction scenario's steps, the longest wait
# from a target change to the driver's first GET_TARGET that saw it, in
# whole ms on the run's clock.
max_reaction_ms() {
	jq '[.benchmarks[] | select(.name | test("/step(-novmci)?$")) | .reaction_ms] | max | ceil' \
		"$out/results.json"
}

# steps_reached: how many of the reaction scenario's steps reached their
# target.
steps_reached() {
	steps_sum reached
}

# steps_sum COUNTER: the counter summed over the reaction scenario's steps.
steps_sum() {
	jq --arg c "$1" '[.benchmarks[] | select(.name | test("/step(-novmci)?$")) | .[$c]] | add' \
		"$out/results.json"
}

expect() {
	# expect DESCRIPTION VALUE OP VALUE, OP as for test(1)
	test "$2" "$3" "$4" || fail "$1: $2 $3 $4 does not hold"
	printf 'ok: %s (%s %s %s)\n' "$1" "$2" "$3" "$4"
}

# The variants of our driver, and what each must look like to the host.
. bench/lib/variants.sh
# shellcheck disable=SC2034 # the tests'
BB_VARIANTS=${BB_TEST_VARIANTS:-$(bb_variants)}

# No QEMU of this test may outlive it.
expect_no_qemu() {
	if pgrep -f "trace=$out/host-trace.csv" >/dev/null; then
		fail "a QEMU of $out is still running"
	fi
	printf 'ok: no QEMU left running\n'
}
