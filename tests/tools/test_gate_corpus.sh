# SPDX-License-Identifier: GPL-2.0-only
# The gate's corpus of realistic regressions (bench/gate/corpus/): every
# patch still applies to the driver as it is, touches only driver/, and
# opens with what it does and "Moves: SCENARIO[@STATE]/DRIVER/PHASE METRIC
# up|down" lines naming the benchmarks and metrics it should move (read by
# bench/gate/validate-corpus).  A patch that stops applying after a driver change must be redone,
# or the gate's validation silently loses a kind of regression.
set -eu

# The metrics bbcompare judges, from the registry it prints.
metrics=$("${BUILD:-build}/bench/bbcompare" -M |
	awk -F'|' 'NR > 2 && $4 !~ /^ *- *$/ { gsub(/[ `]/, "", $2); print $2 }' | tr '\n' ' ')
[ -n "$metrics" ] || { echo "FAIL: no metrics from bbcompare -M"; exit 1; }
scen=$(mktemp)
trap 'rm -f "$scen"' EXIT
n=0
for p in bench/gate/corpus/*.patch; do
	[ -f "$p" ] || continue
	name=$(basename "$p" .patch)
	n=$((n + 1))
	if git apply --check "$p" 2>/dev/null; then
		printf 'ok %d - %s applies\n' "$n" "$name"
	else
		printf 'not ok %d - %s applies: %s\n' "$n" "$name" \
			"$(git apply --check "$p" 2>&1 | head -n 1)"
	fi
	n=$((n + 1))
	outside=$(sed -n 's|^+++ b/||p' "$p" | grep -v '^driver/' || :)
	moves=$(sed -n '/^diff --git /q; /^Moves: /p' "$p")
	# Each "Moves: SCENARIO/DRIVER/PHASE METRIC up|down" names a scenario
	# that exists and a metric bbcompare judges.
	bad=$(printf '%s\n' "$moves" | awk -v metrics="$metrics" '
		BEGIN { split(metrics, m, " "); for (i in m) known[m[i]] = 1 }
		NF != 4 || $2 !~ /^[a-z0-9-]+(@[a-z]+)?\/[a-z0-9_]+\/[a-z0-9]+$/ || !($3 in known) ||
		$4 !~ /^(up|down)$/ { print; exit }
		{ split($2, b, "/"); sub(/@.*/, "", b[1]); print b[1] > "/dev/stderr" }' 2>"$scen")
	for s in $(sort -u "$scen"); do
		[ -f "bench/scenarios/$s.conf" ] || bad="no scenario $s"
	done
	if [ -z "$outside" ] && [ -n "$moves" ] && [ -z "$bad" ]; then
		printf 'ok %d - %s: driver/ only, says what it moves\n' "$n" "$name"
	else
		printf 'not ok %d - %s: files outside driver/ (%s), no "Moves:" line, or a bad one (%s)\n' \
			"$n" "$name" "$outside" "$bad"
	fi
done
[ "$n" -ge 16 ] || { printf 'not ok - fewer than 8 patches in bench/gate/corpus\n'; exit 1; }
