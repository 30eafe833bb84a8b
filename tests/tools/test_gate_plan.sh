# SPDX-License-Identifier: GPL-2.0-only
# The gate's default plan (bench/gate/plan.sh), as bench/gate/run PLAN=1
# lists it without booting anything: on each clock the cells cover the
# scenarios regressions move (inflate-deflate, refusal, latency, reaction;
# on the virtual clock inflate-deflate in the fragmented state too),
# every scenario and driver exists, each cell and round has one boot a side,
# and which side goes first alternates; SCENARIOS and VARIANTS still give
# their cross product, REPS overrides every cell's repetitions, and a bad
# clock is one error line.
set -eu

. tests/lib/check.sh

# The drivers there are: the stock one and our seven, from driver/Kbuild.
. bench/lib/variants.sh
drivers="upstream $(bb_variants)"
plans=$(mktemp -d)
trap 'rm -rf "$plans"' EXIT

for clock in virtual wall; do
	list=$plans/$clock
	PLAN=1 CLOCK=$clock sh bench/gate/run HEAD >"$list" 2>"$list.err"
	check "$clock: the plan lists boots" test -s "$list"
	for s in inflate-deflate refusal latency reaction $([ "$clock" = virtual ] && echo shrinker); do
		check "$clock: $s is in the default cells" \
			awk -v s="$s" '$3 == s { found = 1 } END { exit !found }' "$list"
	done
	for s in $(awk '{ sub(/@.*/, "", $3); print $3 }' "$list" | sort -u); do
		check "$clock: scenario $s exists" test -f "bench/scenarios/$s.conf"
	done
	for v in $(awk '{ print $4 }' "$list" | sort -u); do
		check "$clock: driver $v exists" sh -c 'case " $2 " in *" $1 "*) ;; *) exit 1 ;; esac' - "$v" "$drivers"
	done
	check "$clock: each cell and round has one base and one candidate boot, side by side" \
		awk '{ k = $3 " " $4 " " $6; seen[k, $2]++; if ($2 == "base") b[k] = NR; else c[k] = NR }
			END { for (k in b) if (seen[k, "base"] != 1 || seen[k, "candidate"] != 1 ||
				(b[k] - c[k]) * (b[k] - c[k]) != 1) exit 1 }' "$list"
	# Every cell flips its first side from round to round (drift that one
	# side always met first would be a change), and neighbouring cells of
	# a round differ too.
	check "$clock: the side that goes first alternates, round to round and cell to cell" \
		awk '$1 % 2 { k = $3 " " $4
				if ((k, $6 - 1) in first && first[k, $6 - 1] == $2) exit 1
				if (prev_round == $6 && prev == $2) exit 1
				first[k, $6] = $2; prev = $2; prev_round = $6 }' "$list"
	check "$clock: indexes run 1 to N" awk '$1 != NR { exit 1 }' "$list"
done

check "virtual: a cell in the fragmented state, where a 4 KiB inflate shows how much it really frees" \
	awk '$3 == "inflate-deflate@fragmented" { found = 1 } END { exit !found }' "$plans/virtual"
check "virtual: one round of 3 repetitions in every cell" \
	awk '($5 != 3 || $6 != 1) { exit 1 }' "$plans/virtual"
check "wall: 8 rounds" awk '{ if ($6 > max) max = $6 } END { exit max != 8 }' "$plans/wall"

PLAN=1 SCENARIOS="inflate-deflate ramp" VARIANTS="bb_batch4k_poll upstream" REPS=5 \
	sh bench/gate/run HEAD >"$plans/cross" 2>/dev/null
check "SCENARIOS x VARIANTS: 4 cells, 8 boots" test "$(wc -l <"$plans/cross")" -eq 8
check "REPS=5 for every cell" awk '$5 != 5 { exit 1 }' "$plans/cross"

rc=0
PLAN=1 CLOCK=sundial sh bench/gate/run HEAD >/dev/null 2>"$plans/bad" || rc=$?
check "CLOCK=sundial exits 2" test "$rc" -eq 2
check "with one line naming CLOCK" sh -c 'test "$(wc -l <"$1")" -eq 1 && grep -q CLOCK "$1"' - "$plans/bad"
