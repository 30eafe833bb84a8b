#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# One metric across every result set in results/, oldest first: the median
# of SCENARIO/DRIVER/PHASE's METRIC counter per driver, as a data file and a
# plot (OUT.dat, OUT.png, OUT.svg).  Each driver's series goes through
# bbchange (E-divisive means, bench/history/): its change points land in
# OUT.changes, on stderr, and as dashed lines in the plot.
#
# Usage: [BBCHANGE=build/bench/bbchange] plots/history.sh OUT SCENARIO PHASE METRIC
set -eu

out=${1:?usage: history.sh OUT SCENARIO PHASE METRIC}
scenario=${2:?usage: history.sh OUT SCENARIO PHASE METRIC}
phase=${3:?usage: history.sh OUT SCENARIO PHASE METRIC}
metric=${4:?usage: history.sh OUT SCENARIO PHASE METRIC}
here=$(dirname "$0")
bbchange=${BBCHANGE:-build/bench/bbchange}

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
	rm -f "$out.changes"
	exit 0
fi
drivers=$(awk '{ print $3 }' "$out.dat" | sort -u | tr '\n' ' ')

# Change points per driver, from bbchange's lines
# "change I_BEFORE I_AFTER index=N p=P change=+C% before=B after=A".
[ -x "$bbchange" ] || {
	printf 'history: error: no bbchange at %s: run make history, or set BBCHANGE\n' "$bbchange" >&2
	exit 1
}
printf '# driver set_before set_after p change_pct\n' > "$out.changes.tmp"
for d in $drivers; do
	awk -v d="$d" '$3 == d { print $1, $4 }' "$out.dat" > "$out.series.tmp"
	"$bbchange" "$out.series.tmp" > "$out.cp.tmp"
	awk -v d="$d" '{
		p = $5; sub(/^p=/, "", p)
		c = $6; sub(/^change=/, "", c); sub(/%$/, "", c)
		print d, $2, $3, p, c
	}' "$out.cp.tmp" >> "$out.changes.tmp"
done
rm -f "$out.series.tmp" "$out.cp.tmp"
mv "$out.changes.tmp" "$out.changes"
awk 'NR == FNR { set[$1] = $2; next }
	!/^#/ { printf "history: change point: driver %s between set %s and set %s (%s%%, p=%s): %s -> %s\n",
		$1, $2, $3, $5, $4, set[$2], set[$3] }' "$out.dat" "$out.changes" >&2
changes=$(grep -q -v '^#' "$out.changes" && printf '%s' "$out.changes" || true)

gnuplot -e "data='$out.dat'; changes='$changes'; drivers='$drivers'; what='$scenario $phase $metric'; out='$out'" \
	"$here/history.gp"
printf 'history: %s.png (%d result sets)\n' "$out" "$i" >&2
