# SPDX-License-Identifier: GPL-2.0-only
# The observer's cost and the parity table (make compare-upstream), on the
# virtual clock, for the single-page and batched 4 KiB modes with Debian's
# init_on_alloc: the stock driver held to each mode by the host's caps, our
# variant of that mode, and that variant with instrument=0.
#  - our instrumentation adds under 1% to the guest's inflate work, and
#    ours inflates and deflates at least as fast as the stock driver;
#  - the histograms still say what they said: one alloc_4k sample per page
#    allocated and one LOCK (batchLock) sample per call, with a time;
#  - instrument=0 counts nothing;
#  - bbreport's "Observer cost" section pairs DRIVER with DRIVER-noinstr.
# The virtual clock counts guest instructions (three runs of one inflate
# agree to 0.01%), so these figures are the same on a busy machine.
# time limit: 1200 s
set -eu
. tests/e2e/lib.sh

dir=$(mkdir -p "$BUILD/tests/e2e" && cd "$BUILD/tests/e2e" && pwd)/observer
rm -rf "$dir"
set +e
CLOCK=virtual REPS=1 JOBS=1 PARITY_MODES="single batch4k" PARITY_INIT=1 \
	sh bench/matrix/compare-upstream.sh "$BBRUN" "$dir" >"$dir.table" 2>"$dir.log"
rc=$?
set -e
cat "$dir.log" "$dir.table"
expect "compare-upstream exits 0" "$rc" -eq 0

for mode in single batch4k; do
	row=$(awk -v m="$mode" '$1 == m && $2 == 1' "$dir.table")
	[ -n "$row" ] || fail "no $mode row in the parity table"
	# mode init | stock ours noinstr speedup observer | stock ours speedup
	set -- $row
	speedup=${7%x} observer=${8%\%} deflate_speedup=${12%x}
	expect "$mode: instrumentation costs under 1%" \
		"$(awk -v o="$observer" 'BEGIN { print (o < 1 && o > -1) }')" -eq 1
	expect "$mode: ours inflates at least as fast as stock (${speedup}x)" \
		"$(awk -v s="$speedup" 'BEGIN { print (s >= 1) }')" -eq 1
	expect "$mode: ours deflates at least as fast as stock (${deflate_speedup}x)" \
		"$(awk -v s="$deflate_speedup" 'BEGIN { print (s >= 1) }')" -eq 1

	out=$dir/parity/init1/$mode/ours
	hist=$out/guest/bbd-histograms.txt
	[ -s "$hist" ] || fail "no histograms in $out/guest"
	# hist_field NAME FIELD: a field of a histogram's header line.
	hist_field() {
		sed -n "s/^# hist $1 .* $2=\([0-9]*\).*/\1/p" "$hist"
	}
	call=lock
	[ "$mode" = batch4k ] && call=batchLock
	expect "$mode: alloc_4k holds a sample per page allocated" \
		"$(hist_field alloc_4k count)" -eq "$(counter run guest_alloc_4k)"
	expect "$mode: with their time" "$(hist_field alloc_4k sum)" -gt 0
	expect "$mode: $call holds a sample per call" \
		"$(hist_field "$call" count)" -eq "$(counter run "guest_calls_$call")"
	expect "$mode: with their time" "$(hist_field "$call" sum)" -gt 0

	out=$dir/parity/init1/$mode/ours-noinstr
	expect "$mode: instrument=0 counts no allocation" "$(counter run guest_alloc_4k)" -eq 0
	expect "$mode: and no call" "$(counter run "guest_calls_$call")" -eq 0
done

"$BUILD/bench/bbreport" -o "$dir/report" "$dir"/parity/init1/*/ours*/results.json \
	>/dev/null 2>"$dir/report.log" || fail "bbreport failed: $(cat "$dir/report.log")"
for d in bb_single_poll bb_batch4k_poll; do
	grep -q "^| inflate-deflate | $d | 1 | " "$dir/report/summary.md" ||
		fail "no observer row for $d in $dir/report/summary.md"
done
printf 'ok: the report pairs each driver with its -noinstr run\n'
