# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the static and tools tests: one TAP line per check.

n=0
# check DESCRIPTION COMMAND...: "ok N - DESCRIPTION" when COMMAND succeeds.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		printf 'ok %d - %s\n' "$n" "$desc"
	else
		printf 'not ok %d - %s\n' "$n" "$desc"
	fi
}
