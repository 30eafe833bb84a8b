# SPDX-License-Identifier: GPL-2.0-only
# The fields of struct bbd that the work, the shrinker, migration and
# debugfs share without a lock carry "/* lockless */" in driver/bbd.h.
# Every access to one goes through READ_ONCE() or WRITE_ONCE(), so the
# compiler neither tears, fuses nor re-reads it: a plain b->field anywhere
# in driver/*.c fails with its file and line.  DRIVER_DIR=dir checks
# another copy of the driver (how this test was seen to fail first).
set -eu

dir=${DRIVER_DIR:-driver}
fields=$(sed -n '/^struct bbd {/,/^};/s/.*[ *]\([a-z_0-9]*\);.*\/\* lockless \*\/.*/\1/p' "$dir/bbd.h")
if [ -z "$fields" ]; then
	echo "not ok - no field of struct bbd is marked lockless in $dir/bbd.h"
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0
for f in $fields; do
	# Wrapped accesses go; a comment line is no access.
	plain=$(grep -n -E -- "->$f\\b" "$dir"/*.c |
		grep -v -E '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*)' |
		sed -E "s/(READ|WRITE)_ONCE\\([a-z_>.-]*->$f\\b//g" |
		grep -E -- "->$f\\b" || :)
	if [ -n "$plain" ]; then
		failed=$((failed + 1))
		echo "not ok - $f: plain accesses"
		printf '%s\n' "$plain" | sed 's/^/    /'
	else
		passed=$((passed + 1))
		echo "ok - $f: every access is READ_ONCE() or WRITE_ONCE()"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
