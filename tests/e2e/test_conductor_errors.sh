# SPDX-License-Identifier: GPL-2.0-only
# Bad input and failing guests: one clear error line, a non-zero exit, and
# no QEMU left running.
set -eu
. tests/e2e/lib.sh

bb_run unknown-scenario no-such-scenario
expect "unknown scenario: exit 2" "$run_rc" -eq 2
grep -q "error: unknown scenario 'no-such-scenario'" "$out/bbrun.log" ||
	fail "unknown scenario: no clear error line"

bb_run missing-kernel --guest /nonexistent inflate-deflate
expect "missing kernel: exit 2" "$run_rc" -eq 2
grep -q "error: no guest kernel" "$out/bbrun.log" ||
	fail "missing kernel: no clear error line"

bb_run impossible-target --set TARGET_MIB=4096 inflate-deflate
expect "impossible target: exit 2" "$run_rc" -eq 2
grep -q "error: scenario inflate-deflate: TARGET_MIB=4096 is not below the guest's 1024 MiB" \
	"$out/bbrun.log" || fail "impossible target: no clear error line"

# --print: a setting as the conductor reads it, --set included; nothing
# boots, and an unknown scenario is the same error line.
expect "--print reads a scenario file's setting" \
	"$("$BBRUN" --print BENCH_STATES inflate-deflate)" = "filled,fragmented"
expect "--print sees --set" \
	"$("$BBRUN" --print STATE --set STATE=thp inflate-deflate)" = thp
expect "--print of a setting the scenario lacks is an empty line" \
	"$("$BBRUN" --print NO_SUCH_KEY ramp | wc -c)" -eq 1
rc=0
"$BBRUN" --print STATE no-such-scenario 2>"$BUILD/tests/e2e/print.err" || rc=$?
expect "--print of an unknown scenario: exit 2" "$rc" -eq 2
grep -q "error: unknown scenario 'no-such-scenario'" "$BUILD/tests/e2e/print.err" ||
	fail "--print of an unknown scenario: no clear error line"

mkdir -p "$BUILD/tests/e2e/scenarios"
printf 'GUEST_MEM_MIB=1024\nthis is not a setting\n' > "$BUILD/tests/e2e/scenarios/broken.conf"
bb_run broken-scenario --scenarios "$BUILD/tests/e2e/scenarios" broken
expect "malformed scenario file: exit 2" "$run_rc" -eq 2
grep -q "broken.conf: line 2 is not KEY=value" "$out/bbrun.log" ||
	fail "malformed scenario file: no clear error line"

bb_run bad-instrument --driver bb_batch4k_poll --set INSTRUMENT=2 inflate-deflate
expect "INSTRUMENT=2: exit 2" "$run_rc" -eq 2
grep -q "error: scenario inflate-deflate: INSTRUMENT must be 0 or 1, not '2'" \
	"$out/bbrun.log" || fail "INSTRUMENT=2: no clear error line"

bb_run bad-profile --driver bb_batch4k_poll --set PROFILE=yes inflate-deflate
expect "PROFILE=yes: exit 2" "$run_rc" -eq 2
grep -q "error: scenario inflate-deflate: PROFILE must be 0 or 1, not 'yes'" \
	"$out/bbrun.log" || fail "PROFILE=yes: no clear error line"
expect "with one line" "$(wc -l <"$out/bbrun.log")" -eq 1

bb_run bad-vmci --set VMCI=on reaction
expect "VMCI=on: exit 2" "$run_rc" -eq 2
grep -q "error: scenario reaction: VMCI must be 0 or 1, not 'on'" \
	"$out/bbrun.log" || fail "VMCI=on: no clear error line"

for cpus in 0 9 two; do
	bb_run "bad-cpus-$cpus" --set "GUEST_CPUS=$cpus" driver-load
	expect "GUEST_CPUS=$cpus: exit 2" "$run_rc" -eq 2
	grep -q "error: scenario driver-load: GUEST_CPUS must be .*, not '$cpus'" \
		"$out/bbrun.log" || fail "GUEST_CPUS=$cpus: no clear error line"
done

bb_run stock-uninstrumented --driver upstream --set INSTRUMENT=0 inflate-deflate
expect "INSTRUMENT=0 with the stock driver: exit 2" "$run_rc" -eq 2
grep -q "error: scenario inflate-deflate: INSTRUMENT=0 needs one of our drivers" \
	"$out/bbrun.log" || fail "INSTRUMENT=0 with the stock driver: no clear error line"

bb_run bad-device --device nonsense inflate-deflate
expect "malformed --device: exit 2" "$run_rc" -eq 2

bb_run never-reached --device refuse-ppm=1000000 --set PHASE_TIMEOUT_S=15 \
	inflate-deflate
expect "target never reached: exit 1" "$run_rc" -eq 1
grep -q "error: .*never reached the target" "$out/bbrun.log" ||
	fail "target never reached: no clear error line"
expect "the failure is in results.json" \
	"$(jq -r .context.bb_result "$out/results.json")" = failed
expect_no_qemu

# A guest that never talks: its init is a shell waiting on the console.
bb_run hung-guest --append 'rdinit=/bin/busybox -- sh' --set TIME_LIMIT_S=20 inflate-deflate
expect "hung guest: exit 1" "$run_rc" -eq 1
grep -q "error: .*time limit reached" "$out/bbrun.log" ||
	fail "hung guest: no clear error line"
expect_no_qemu
