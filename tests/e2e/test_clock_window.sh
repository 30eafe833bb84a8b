# SPDX-License-Identifier: GPL-2.0-only
# A max_cycles window (refusal's MAX_CYCLES=4), on the virtual clock: the
# device tells the driver's fifth cycle to keep the balloon
# (target-window-cycles), the conductor waits for it, and the figures count
# the first four.  So every repetition of a rate, which the host refuses
# from the same seed, makes the same calls, refuses the same pages and gets
# as far; and the deflate that follows starts from the same balloon, with
# no inflate cycle of the window's left to refuse pages in it.  (On
# wall-clock seconds one window held 289 calls and the next 288; on 4 s of
# guest time a target set just before a poll let a fifth cycle in.)
set -eu
. tests/e2e/lib.sh

bb_run_ok window-virtual --driver bb_batch4k_poll --set CLOCK=virtual \
	--set REPS=2 refusal

# rep_values PHASE KEY: the phase's KEY in each repetition, one line.
rep_values() {
	jq -r --arg p "$1" --arg k "$2" '[.benchmarks[] | select(.run_type == "iteration"
		and (.name | endswith("/" + $p))) | .[$k]] | map(tostring) | join(" ")' \
		"$out/results.json"
}
same() { # same "V1 V2 ...": every repetition alike
	[ "$(printf '%s\n' $1 | sort -u | wc -l)" -eq 1 ]
}

for rate in 10 50; do
	for key in calls refused reached_mib; do
		v=$(rep_values "inflate$rate" "$key")
		same "$v" || fail "inflate$rate: $key differs between repetitions: $v"
		printf 'ok: inflate%s: %s the same in both repetitions (%s)\n' "$rate" "$key" "$v"
	done
	# Whatever the host's load and wherever the first poll fell.
	v=$(rep_values "inflate$rate" calls_target)
	expect "inflate$rate: the window holds 4 cycles" "$v" = "4 4"
	expect "inflate$rate: short of the target" "$(counter "inflate$rate" reached)" -eq 0
	for key in calls refused; do
		v=$(rep_values "deflate$rate" "$key")
		same "$v" || fail "deflate$rate: $key differs between repetitions: $v"
		printf 'ok: deflate%s: %s the same in both repetitions (%s)\n' "$rate" "$key" "$v"
	done
	expect "deflate$rate: no page refused" "$(counter "deflate$rate" refused)" -eq 0
done

# In the host's trace, the fifth GET_TARGET of each window that fell short
# of its target (2 repetitions of 2 rates) was told the balloon's own size.
closed=$(awk -F, 'NR > 1 && $3 == "host-target" { target = $9; reads = 0 }
	NR > 1 && $3 == "target" && ++reads == 5 && $8 != target {
		n++; if ($9 != $8) bad++ }
	END { print n + 0, bad + 0 }' "$out/host-trace.csv")
expect "four windows closed" "${closed% *}" -eq 4
expect "each closed by telling the driver its own size" "${closed#* }" -eq 0
expect_no_qemu
