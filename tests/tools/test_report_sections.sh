# SPDX-License-Identifier: GPL-2.0-only
# The summary's cross-scenario sections find their scenarios from what the
# cells say, not from scenario names: the zeroing section pairs a scenario
# run with init_on_alloc off (KERNEL_ARGS) with the one whose guest script
# it runs (GUEST_SCENARIO), and the reclaim plot takes the scenarios run in
# several guest memory states (NAME@STATE), or every one when none was.
# Made-up cells with made-up names, no guest.
set -eu
. tests/e2e/lib.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# cell FILE SCENARIO MS [KEY=VALUE...]: one driver's inflate phase taking
# MS on the virtual clock; the settings go into the context.
cell() {
	file=$1 scenario=$2 ms=$3
	shift 3
	settings=$(for kv; do printf '%s\n' "$kv"; done |
		jq -R 'split("=") | {key: ("bb_scenario_" + .[0]), value: (.[1:] | join("="))}' |
		jq -s 'from_entries')
	jq -n --arg s "$scenario" --argjson ms "$ms" --argjson set "$settings" '{
		context: ({ bb_result: "ok", bb_clock: "virtual", bb_scenario: ($s | split("@")[0]) } + $set),
		benchmarks: [{
			name: "\($s)/drv/inflate", run_name: "\($s)/drv/inflate",
			run_type: "iteration", repetitions: 1, repetition_index: 0,
			threads: 1, iterations: 1, real_time: $ms, cpu_time: $ms,
			time_unit: "ms", inflating: 1, mib_per_s: 1000,
			guest_virtual_ms: $ms, reclaim_mib_per_s: 900,
			host_freed_pct: 90 }] }' >"$file"
}
cell "$dir/on.json" alpha 100
cell "$dir/off.json" beta 75 GUEST_SCENARIO=alpha KERNEL_ARGS="quiet init_on_alloc=0"
cell "$dir/other.json" gamma 50 GUEST_SCENARIO=alpha KERNEL_ARGS=quiet
"$BUILD/bench/bbreport" -o "$dir/z" "$dir/on.json" "$dir/off.json" "$dir/other.json" >/dev/null
expect "the zeroing section pairs alpha (on) with beta (init_on_alloc=0 off)" \
	"$(grep -c '^| drv | alpha | beta | 1 | 1 | 100.00 | 75.00 | 25.0% |$' "$dir/z/summary.md")" -eq 1
expect "and not gamma, whose kernel keeps init_on_alloc" \
	"$(sed -n '/^## Zeroing/,$p' "$dir/z/summary.md" | grep -c gamma)" -eq 0
expect "without states, every scenario is in the reclaim plot" \
	"$(grep -c '^"drv, ' "$dir/z/reclaim.dat")" -eq 3

cell "$dir/filled.json" alpha 100
cell "$dir/frag.json" alpha@fragmented 120
"$BUILD/bench/bbreport" -o "$dir/s" "$dir/filled.json" "$dir/frag.json" "$dir/other.json" >/dev/null
expect "with states, the reclaim plot has alpha in each state" \
	"$(grep -c -e '^"drv, filled"' -e '^"drv, fragmented"' "$dir/s/reclaim.dat")" -eq 2
expect "and only those" "$(grep -c '^"drv' "$dir/s/reclaim.dat")" -eq 2
"$BUILD/bench/bbreport" -o "$dir/n" "$dir/on.json" "$dir/other.json" >/dev/null
expect "no zeroing section without a scenario run with init_on_alloc off" \
	"$(grep -c '^## Zeroing' "$dir/n/summary.md")" -eq 0
