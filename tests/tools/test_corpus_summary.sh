# SPDX-License-Identifier: GPL-2.0-only
# bench/gate/corpus-summary on a hand-made corpus.csv: the A/A table counts
# each clock's trials, false alarms and undecided runs; the detection table
# gives each patch's catches, the range of each named metric's change and
# its effect against the tolerance in the direction the patch's Moves line
# gives (exceeds, below, the other way, not in the gate's cells); no CSV is
# one error line.
set -eu

. tests/lib/check.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/corpus.csv" <<'CSV'
clock,patch,trial,exit,caught,named_worse,other_worse,changes
virtual,A/A,1,0,no,,,""
virtual,A/A,2,0,no,,,""
wall,A/A,1,1,false alarm,,refusal/bb_batch4k_poll/inflate10:real_time,""
wall,A/A,2,2,no,,,""
wall,A/A,3,0,no,,,""
virtual,09-doorbell-status-misread,1,1,yes,reaction/bb_batch4k_doorbell/step:doorbell_rings,,"reaction/bb_batch4k_doorbell/step doorbell_rings -100.00% (tolerance 0%, worse); reaction/bb_batch4k_doorbell/step reaction_ms +5.00% (tolerance 10%, same)"
virtual,09-doorbell-status-misread,2,0,no,,,"reaction/bb_batch4k_doorbell/step doorbell_rings -100.00% (tolerance 0%, worse); reaction/bb_batch4k_doorbell/step reaction_ms +8.00% (tolerance 10%, same)"
virtual,03-stay-on-2m-after-refusal,1,0,no,,,"refusal/bb_batch2m_poll/inflate50 refused_pct +0.67% (tolerance 1%, same); refusal/bb_batch2m_poll/inflate50 mib_per_s +3.12% (tolerance 1%, better)"
virtual,01-free-refused-at-once,1,0,no,,,"refusal/bb_batch4k_poll/inflate10 calls +0.00% (tolerance 0%, same); refusal/bb_batch4k_poll/inflate10 refused_pct +0.00% (tolerance 1%, same); refusal/bb_batch4k_poll/inflate10 mib_per_s -0.01% (tolerance 1%, same)"
virtual,05-direct-reclaim-4k,1,-,no,,,"pressure/bb_batch4k_poll/inflate kernel_ms_per_gib not in the gate"
CSV
sh bench/gate/corpus-summary "$dir"
md=$dir/corpus.md

row() { grep -F "| $1 |" "$md" | grep -F "| $2 |"; }
check "virtual A/A: 2 trials, no false alarm" grep -qxF '| virtual | 2 | 0 | 0 | - |' "$md"
check "wall A/A: 3 trials, 1 false alarm, 1 undecided, the metric named" \
	grep -qxF '| wall | 3 | 1 | 1 | refusal/bb_batch4k_poll/inflate10:real_time |' "$md"
check "09: caught in 1 of 2" sh -c 'echo "$1" | grep -qF "| 1 of 2 |"' - "$(row '`09-doorbell-status-misread`' virtual)"
check "09: the range of a named metric over trials" \
	sh -c 'echo "$1" | grep -qF "reaction_ms: +5.00..+8.00% (10%)"' - "$(row '`09-doorbell-status-misread`' virtual)"
check "09: a count down by 100% exceeds its tolerance" \
	sh -c 'echo "$1" | grep -qF "| exceeds tolerance |"' - "$(row '`09-doorbell-status-misread`' virtual)"
check "03: throughput up, where the patch moves it down, is the other way" \
	sh -c 'echo "$1" | grep -qF "| moved the other way (better) |"' - "$(row '`03-stay-on-2m-after-refusal`' virtual)"
check "01: no change is below tolerance" \
	sh -c 'echo "$1" | grep -qF "| below tolerance |"' - "$(row '`01-free-refused-at-once`' virtual)"
check "05: a cell outside the gate says so" \
	sh -c "echo \"\$1\" | grep -qF \"| not in the gate's cells |\"" - "$(row '`05-direct-reclaim-4k`' virtual)"
check "every patch of the CSV has one row" test "$(grep -c '^| `0' "$md")" -eq 4

rm "$dir/corpus.csv"
rc=0
err=$(sh bench/gate/corpus-summary "$dir" 2>&1) || rc=$?
check "no corpus.csv: exit 2" test "$rc" -eq 2
check "no corpus.csv: one error line naming it" \
	sh -c 'test "$(echo "$1" | wc -l)" -eq 1 && echo "$1" | grep -q "error: no .*corpus.csv"' - "$err"
