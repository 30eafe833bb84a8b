# SPDX-License-Identifier: GPL-2.0-only
# The gate's corpus of realistic regressions (bench/gate/corpus/): every
# patch still applies to the driver as it is, touches only driver/, and
# opens with what it does and a "Moves:" line naming the metrics it should
# move.  A patch that stops applying after a driver change must be redone,
# or the gate's validation silently loses a kind of regression.
set -eu

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
	if [ -z "$outside" ] && [ -n "$moves" ]; then
		printf 'ok %d - %s: driver/ only, says what it moves\n' "$n" "$name"
	else
		printf 'not ok %d - %s: files outside driver/ (%s) or no "Moves:" line\n' \
			"$n" "$name" "$outside"
	fi
done
[ "$n" -ge 16 ] || { printf 'not ok - fewer than 8 patches in bench/gate/corpus\n'; exit 1; }
