# SPDX-License-Identifier: GPL-2.0-only
# CLOCK=virtual: QEMU counts instructions, so the driver's work time hardly
# varies between repetitions; results say which clock they used and carry
# the modelled host cost.  A bad CLOCK is refused with one line.
set -eu
. tests/e2e/lib.sh

bb_run_ok clock-virtual --driver bb_batch4k_poll --set CLOCK=virtual --set REPS=3 \
	inflate-deflate
expect "results say virtual" "$(jq -r .context.bb_clock "$out/results.json")" = virtual
grep -q -- "-icount 'shift=0,sleep=off'" "$out/qemu-command-line.txt" ||
	fail "QEMU did not run with -icount"
# Spread of the inflate work over the three repetitions, in per mille.
spread=$(jq '[.benchmarks[] | select(.run_type == "iteration" and (.name | endswith("/inflate"))) | .guest_virtual_ms]
	| ((max - min) / min * 1000 | floor)' "$out/results.json")
expect "virtual work time varies by under 1%" "$spread" -lt 10
# 256 calls and 131072 frames at 2000 and 250 ns: 33 ms, and 1000 ns for
# each page the host had to back (host_populated_mib: a filled guest's
# inflate makes it back a few).
expect "the modelled host cost is in real_time" \
	"$(counter inflate host_model_ms)" -eq "$(jq '[.benchmarks[] | select(.name | endswith("/inflate"))][0]
		| (.calls * 2000 + .moved_mib * 256 * 250 + .host_populated_mib * 256 * 1000) / 1e6 | floor' "$out/results.json")"
expect "the guest's memory was filled: the host backed under 4 MiB during the inflate" \
	"$(counter inflate host_populated_mib)" -lt 4
bb_run bad-clock --set CLOCK=sundial inflate-deflate
expect "bad clock: exit 2" "$run_rc" -eq 2
grep -q "error: scenario inflate-deflate: CLOCK must be wall or virtual, not 'sundial'" \
	"$out/bbrun.log" || fail "bad clock: no clear error line"
expect_no_qemu
