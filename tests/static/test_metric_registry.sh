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
