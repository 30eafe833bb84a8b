# SPDX-License-Identifier: GPL-2.0-only
# The driver's debugfs files are read while the suite measures (the runner
# reads the stats file at the end of every phase, beside the latency
# probe): a read may not walk the balloon's lists or take their locks,
# which turn interrupts off for as long as the balloon is big.  The counts
# it shows are kept where pages join and leave the lists.  DRIVER_DIR=dir
# checks another copy of the driver (how this test was seen to fail first).
set -eu

dir=${DRIVER_DIR:-driver}
passed=0
failed=0
check() {
	hits=$(grep -n -E -- "$2" "$dir/bbd_stats.c" |
		grep -v -E '^[0-9]+:[[:space:]]*(\*|/\*)' || :)
	if [ -n "$hits" ]; then
		failed=$((failed + 1))
		echo "not ok - bbd_stats.c: $1"
		printf '%s\n' "$hits" | sed 's/^/    /'
	else
		passed=$((passed + 1))
		echo "ok - bbd_stats.c: no $1"
	fi
}
check "walk of a list" 'list_for_each|list_entry|list_first'
check "list lock" 'pages_lock|huge_lock'
check "interrupts off" '_irqsave|_irq\(|local_irq'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
