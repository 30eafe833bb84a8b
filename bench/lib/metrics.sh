# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the scripts that read results.json counters by name.

# bb_require_metrics BBCOMPARE NAME...: before a script runs anything, the
# registry (bench/lib/metrics.def, as `bbcompare -M` prints it) must
# declare each metric it reads; one error line names the first it does not.
bb_require_metrics() {
	bb_metric_table=$("$1" -M) || return 2
	shift
	for bb_metric_name in "$@"; do
		printf '%s\n' "$bb_metric_table" | grep -q "^| \`$bb_metric_name\` " || {
			printf '%s: error: metric %s is not declared in bench/lib/metrics.def\n' \
				"${0##*/}" "$bb_metric_name" >&2
			return 2
		}
	done
}
