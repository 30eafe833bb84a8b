# SPDX-License-Identifier: GPL-2.0-only
# bench/lib/lanes.sh, the lanes that make bench, the gate and gate-validate run
# guests in, without guests: every line runs once, JOBS at a time and
# neighbours side by side; a failure stops its own lane, not the others,
# and is returned; TERM stops the lanes and what they run.
set -eu
. tests/e2e/lib.sh
. bench/lib/lanes.sh

dir="$BUILD/tests/e2e/lanes"
rm -rf "$dir"
mkdir -p "$dir"
printf '%s\n' "1 a" "2 b" "3 c" "4 d" "5 e" >"$dir/list"

# until SECONDS COMMAND...: true once COMMAND succeeds, polled every 0.1 s;
# false after SECONDS.  Waits on events, not on how fast the machine is.
until_true() {
	tries=$(($1 * 10))
	shift
	while ! "$@"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

# record N NAME: notes which lane ran it and when it started and ended.
# Line 1 ends only once line 2 has started, or after 30 s: side by side,
# 2 starts before 1 ends however slow the machine; one after the other, 1
# ends first.
record() {
	echo "start $1 $(date +%s%N)" >>"$dir/log"
	[ "$1" != 1 ] || until_true 30 grep -q '^start 2 ' "$dir/log" || :
	echo "end $1 $(date +%s%N)" >>"$dir/log"
	[ "$2" != "${FAIL:-}" ]
}

run_lanes 2 "$dir/list" record
expect "every line ran once" "$(grep -c '^start' "$dir/log")" -eq 5
expect "in order within a lane (1 before 3 before 5)" \
	"$(awk '$1 == "start" { s[$2] = $3 } END { print s[1] < s[3] && s[3] < s[5] }' "$dir/log")" -eq 1
expect "neighbours side by side (2 starts before 1 ends)" \
	"$(awk '{ t[$1 $2] = $3 } END { print t["start2"] < t["end1"] }' "$dir/log")" -eq 1

# The function runs in the lane's shell: variables it sets, with names as
# plain as the lane's own counter might have, must not move the lane.
clobber() {
	# shellcheck disable=SC2034 # set only to show they change nothing
	n=7 line=x
	echo "ran $1" >>"$dir/log"
}
: >"$dir/log"
run_lanes 2 "$dir/list" clobber
expect "a function that sets n and line still runs every line once" \
	"$(sort -u "$dir/log" | grep -c '^ran')" -eq 5
expect "and no line twice" "$(grep -c '^ran' "$dir/log")" -eq 5

: >"$dir/log"
rc=0
FAIL=c run_lanes 2 "$dir/list" record || rc=$?
expect "a failure is returned" "$rc" -eq 1
expect "its lane stopped (e did not run)" "$(grep -c '^start 5' "$dir/log")" -eq 0
expect "the other lane finished (d ran)" "$(grep -c '^end 4' "$dir/log")" -eq 1

# TERM while the lanes sleep: nothing they started is left running.  The
# sleeps are found among the runner's own descendants, so that another
# test running beside this one cannot be counted.
hold() { sleep 61; }
descendants() { # descendants PID: every process below PID
	for child in $(pgrep -P "$1"); do
		echo "$child"
		descendants "$child"
	done
}
sleepers() {
	for p in $(descendants "$runner"); do
		[ "$(ps -o args= -p "$p")" != "sleep 61" ] || echo "$p"
	done
}
two_sleepers() { [ "$(sleepers | wc -l)" -eq 2 ]; }
alive() { # alive PID...: how many of them still run
	n=0
	for p in "$@"; do
		! kill -0 "$p" 2>/dev/null || n=$((n + 1))
	done
	echo "$n"
}
none_alive() { [ "$(alive $held)" -eq 0 ]; }
(run_lanes 2 "$dir/list" hold) &
runner=$!
until_true 30 two_sleepers || :
held=$(sleepers)
expect "two lanes at work" "$(echo $held | wc -w)" -eq 2
kill -TERM "$runner"
rc=0
wait "$runner" || rc=$?
until_true 30 none_alive || :
expect "TERM ends the lanes with 130" "$rc" -eq 130
expect "and what they ran" "$(alive $held)" -eq 0
