# SPDX-License-Identifier: GPL-2.0-only
# The metric registry (bench/lib/metrics.def) and what is derived from it:
# the table in docs/results.md is the one `make docs` writes, every judged
# metric has a unit and a heading, and a name is declared once.
set -eu
. tests/lib/check.sh

bbcompare="${BUILD:-build}/bench/bbcompare"
table=$("$bbcompare" -M)
check "docs/results.md holds the registry's table as make docs writes it" \
	sh mk/docs.sh "$bbcompare" --check
check "every metric has a unit or is a flag, and a meaning" \
	sh -c 'printf "%s\n" "$1" | awk -F"|" "NR > 2 && \$8 ~ /^ *\$/ { exit 1 }"' _ "$table"
check "no metric is declared twice" \
	sh -c 'printf "%s\n" "$1" | awk -F"|" "NR > 2 { if (seen[\$2]++) exit 1 }"' _ "$table"
check "the judged metrics include what the gate's corpus names" \
	sh -c 'printf "%s\n" "$1" | grep -q "^| \`retake_ms\` .* higher " && printf "%s\n" "$1" | grep -q "^| \`host_freed_mib\` .* higher "' _ "$table"
# The programs name a metric through the registry (BB_M(name), which does
# not compile for an undeclared name), never as a string of their own.
# One-word names (calls, refused, inflating) are also the words of other
# things (a device's property, a trace column, a latency window): the
# check reads the names with an underscore.
names=$(printf '%s\n' "$table" | awk -F'`' 'NR > 2 && $2 ~ /_/ { print $2 }' | paste -sd'|' -)
check "no C source outside bench/lib spells a declared metric's name as a string" \
	sh -c '! git grep -nE "\"($1)\"" -- "bench/*.c" "bench/*.h" ":!bench/lib"' _ "$names"
