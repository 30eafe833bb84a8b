# SPDX-License-Identifier: GPL-2.0-only
# Every shell script git knows (mk/shell-scripts.sh, as `make check`):
# it parses with dash, and shellcheck finds no warning in it.  A script
# that shellcheck cannot read fails, and the lister must find the scripts
# without a .sh name too.
set -eu
. tests/lib/check.sh

command -v shellcheck >/dev/null || { echo "FAIL: no shellcheck; run 'make deps'"; exit 1; }
scripts=$(sh mk/shell-scripts.sh)
check "the lister finds scripts named without .sh (guest/init, .ci/run)" \
	sh -c 'printf "%s\n" "$1" | grep -qx guest/init && printf "%s\n" "$1" | grep -qx .ci/run' _ "$scripts"
for f in $scripts; do
	check "$f parses" dash -n "$f"
done
# shellcheck disable=SC2086 # one word per script
check "shellcheck -S warning: no warning in $(echo "$scripts" | wc -l) scripts" \
	shellcheck -x -s sh -S warning $scripts
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
printf '#!/bin/sh\nrm -rf "$dir/"*\nx= y\n' >"$bad"
check "and it does find one in a script with a careless rm" \
	sh -c '! shellcheck -s sh -S warning "$1" >/dev/null' _ "$bad"
