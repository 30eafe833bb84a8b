#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# One metric across every result set in results/, oldest first: the median
# of SCENARIO/DRIVER/PHASE's METRIC counter per driver, as a data file and a
# plot (OUT.dat, OUT.png, OUT.svg).
#
# Usage: plots/history.sh OUT SCENARIO PHASE METRIC
set -eu

out=${1:?usage: history.sh OUT SCENARIO PHASE METRIC}
scenario=${2:?usage: history.sh OUT SCENARIO PHASE METRIC}
phase=${3:?usage: history.sh OUT SCENARIO PHASE METRIC}
metric=${4:?usage: history.sh OUT SCENARIO PHASE METRIC}
here=$(dirname "$0")

# index, result set, driver, value
i=0
: > "$out.dat.tmp"
for f in results/*/results.json; do
	[ -f "$f" ] || continue
	case "$f" in results/latest/*) continue ;; esac
	i=$((i + 1))
	set=$(basename "$(dirname "$f")")
	jq -r --arg s "$scenario" --arg p "$phase" --arg m "$metric" --arg set "$set" --argjson i "$i" '
		.benchmarks[]
		| select(.aggregate_name == "median")
		| select(.run_name | test("^" + $s + "/[^/]+/" + $p + "$"))
		| select(.[$m] != null)
		| "\($i) \($set) \(.run_name | split("/")[1]) \(.[$m])"' "$f" >> "$out.dat.tmp"
done
mv "$out.dat.tmp" "$out.dat"
if [ ! -s "$out.dat" ]; then
	printf 'history: no result set has %s/*/%s %s medians\n' "$scenario" "$phase" "$metric" >&2
	exit 0
fi
drivers=$(awk '{ print $3 }' "$out.dat" | sort -u | tr '\n' ' ')
gnuplot -e "data='$out.dat'; drivers='$drivers'; what='$scenario $phase $metric'; out='$out'" \
	"$here/history.gp"
printf 'history: %s.png (%d result sets)\n' "$out" "$i" >&2
