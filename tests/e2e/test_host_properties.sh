# SPDX-License-Identifier: GPL-2.0-only
# The device against a hostile user, on a paused machine (no guest runs):
#  - every bad property value on -device stops QEMU with one line naming
#    the property and its range; over QMP qom-set it is one error and the
#    old value stays;
#  - HMP "i" on the balloon port (no vCPU behind it) answers instead of
#    crashing QEMU;
#  - only the machine's own RAM may be ballooned: not the VGA window, the
#    BIOS or option ROMs below 1 MiB, nor the PCI hole; RAM above 4 GiB
#    where the machine put it;
#  - max-percent (65 by default, ESXi's Mem.CtlMaxPercent) and max-mib cap
#    the target the host pursues (capped-target).
set -eu
. tests/e2e/lib.sh

qemu=${QEMU:-$BUILD/host/qemu-system-x86_64}
machine="-machine pc -nodefaults -no-user-config -display none -S"
mem=256
numa=
dev=/machine/peripheral/bh

for bad in target=-1 target=68719476737 caps=0x1 caps=0x10 caps=0x40 \
	refuse-ppm=1000001 refuse-status=0 refuse-status=1 refuse-status=7 \
	refuse-status=8 refuse-status=31 seed=-1 busy-ppm=-1 \
	target-busy-ppm=2000000 reset-after=-1 cost-ns-call=-1 \
	cost-ns-call=1000000001 cost-ns-page=10000001 max-percent=101 \
	max-mib=-1 target-window-cycles=-1 target-window-cycles=1000001; do
	prop=${bad%%=*}
	set +e
	# shellcheck disable=SC2086 # one word per option
	err=$(timeout 30 "$qemu" $machine -m "$mem" -device "vmw-balloon-host,$bad" 2>&1 </dev/null)
	rc=$?
	set -e
	[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "-device $bad: QEMU started (exit $rc)"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "-device $bad: not one line: $err"
	case $err in
	*"$prop="*" is out of range: "*) ;;
	*) fail "-device $bad: $err" ;;
	esac
	printf 'ok: -device %s: %s\n' "$bad" "${err#*vmw-balloon-host: }"
done

# qmp COMMAND...: one QMP session on a paused machine, a command per
# argument; prints the replies (greeting and events left out), one a line.
qmp() {
	{
		echo '{"execute": "qmp_capabilities"}'
		for c in "$@"; do
			printf '%s\n' "$c"
		done
		echo '{"execute": "quit"}'
	} | {
		# shellcheck disable=SC2086 # one word per option
		timeout 60 "$qemu" $machine -m "$mem" $numa \
			-device vmw-balloon-host,id=bh -qmp stdio 2>>"$log"
	} | jq -c 'select(has("return") or has("error"))' | sed 1d
}
hmp() {
	printf '{"execute": "human-monitor-command", "arguments": {"command-line": "%s"}}' "$1"
}
set_() {
	printf '{"execute": "qom-set", "arguments": {"path": "%s", "property": "%s", "value": %s}}' "$dev" "$1" "$2"
}
get() {
	printf '{"execute": "qom-get", "arguments": {"path": "%s", "property": "%s"}}' "$dev" "$1"
}

mkdir -p "$BUILD/tests/e2e"
# The device's warnings of every session but the monitor's, which warns
# on purpose.
log=$BUILD/tests/e2e/host-properties.log
: > "$log"

# The monitor reads the port: QEMU answers and lives on to the last reply.
replies=$(log=$log.monitor qmp "$(hmp 'i/w 0x5670')" "$(hmp 'i/h 0x5670')" \
	"$(hmp 'i/b 0x5670')" "$(hmp 'o/w 0x5670 0')" "$(get size)")
expect "HMP on the balloon port: every command answered" "$(printf '%s\n' "$replies" | wc -l)" -eq 6
printf '%s\n' "$replies" | sed -n 1p | grep -q 'portl\[0x5670\] = 0xffffffff' ||
	fail "HMP i/w 0x5670 did not read all ones: $replies"
printf '%s\n' "$replies" | sed -n 2p | grep -q 'portw\[0x5670\] = 0xffff' ||
	fail "HMP i/h 0x5670 did not read all ones: $replies"
printf 'ok: HMP i/w, i/h, i/b and o/w on port 0x5670 answered; QEMU lives on\n'

# Bad values over qom-set: one error each, naming the range; nothing moves.
replies=$(qmp "$(set_ cost-ns-call -1)" "$(set_ refuse-status 8)" \
	"$(set_ max-percent 101)" "$(set_ caps 1)" "$(set_ target -1)" \
	"$(get cost-ns-call)" "$(get refuse-status)" "$(get max-percent)" \
	"$(get caps)" "$(get target)")
n=0
for want in 'cost-ns-call=-1 is out of range: 0 to 1000000000 ns' \
	'refuse-status=8 is out of range: 2 to 6' \
	'max-percent=101 is out of range: 0 to 100' \
	'caps=1 is out of range: a subset of 0x3e' \
	'target=-1 is out of range: 0 to 68719476736 frames'; do
	n=$((n + 1))
	got=$(printf '%s\n' "$replies" | sed -n "${n}p" | jq -r '.error.desc // "accepted"')
	case $got in
	*"$want"*) printf 'ok: qom-set refused: %s\n' "$got" ;;
	*) fail "qom-set $n: wanted '$want', got '$got'" ;;
	esac
done
values=$(printf '%s\n' "$replies" | sed -n '6,10p' | jq -r '.return' | tr '\n' ' ')
expect "qom-set refusals left the values (cost, status, percent, caps, target)" \
	"$values" = "0 5 65 46 0 "

# ESXi's caps: 65% by default; 100 lifts it, 0 forbids ballooning,
# max-mib caps in MiB.  256 MiB guest: 65536 frames.
replies=$(qmp "$(set_ target 65536)" "$(get capped-target)" \
	"$(set_ max-percent 100)" "$(get capped-target)" \
	"$(set_ max-mib 100)" "$(get capped-target)" \
	"$(set_ max-percent 0)" "$(get capped-target)")
capped=$(printf '%s\n' "$replies" | jq -r '.return | numbers')
set -- $capped
expect "max-percent 65: capped under 65% of 256 MiB" "$1" -le 42598
expect "max-percent 65: capped above 64% of 256 MiB" "$1" -ge 41943
expect "max-percent 100: the target stands" "$2" -eq 65536
expect "max-mib 100: 100 MiB" "$3" -eq 25600
expect "max-percent 0: nothing" "$4" -eq 0

# The RAM map: below 1 MiB only [0, 0xa0000); above 4 GiB where the
# machine put it (a 4 GiB pc keeps 3 GiB below the PCI hole).
ranges=$(qmp "$(get ram-ranges)" | sed -n 1p | jq -r .return)
expect "256 MiB: RAM but the VGA window and the ROMs" "$ranges" = "0x0-0x9f,0x100-0xffff"
mem=4096
ranges=$(qmp "$(get ram-ranges)" | sed -n 1p | jq -r .return)
expect "4 GiB: 3 GiB below the hole, 1 GiB from 4 GiB" "$ranges" = "0x0-0x9f,0x100-0xbffff,0x100000-0x13ffff"
# Two NUMA nodes, each its own memory backend: both are guest RAM.
mem=256
# shellcheck disable=SC2034 # read by qmp()
numa="-object memory-backend-ram,id=m0,size=128M -object memory-backend-ram,id=m1,size=128M -numa node,memdev=m0 -numa node,memdev=m1"
ranges=$(qmp "$(get ram-ranges)" | sed -n 1p | jq -r .return)
expect "two NUMA nodes: both in the map" "$ranges" = "0x0-0x9f,0x100-0x7fff,0x8000-0xffff"
grep -q 'vmw-balloon-host' "$log" && fail "warnings: $(cat "$log")"
printf 'ok: no warning from the device\n'

# The trace file: a device that does not start leaves it alone, and a
# symbolic link there is refused, not followed.
keep=$BUILD/tests/e2e/host-properties-keep.csv
echo "not a trace" > "$keep"
set +e
# shellcheck disable=SC2086 # one word per option
err=$(timeout 30 "$qemu" $machine -m "$mem" -device vmw-balloon-host \
	-device "vmw-balloon-host,trace=$keep" 2>&1 </dev/null)
set -e
case $err in
*"Only one balloon device"*) ;;
*) fail "a second balloon device: $err" ;;
esac
expect "a second device left its trace file alone" "$(cat "$keep")" = "not a trace"
link=$BUILD/tests/e2e/host-properties-link.csv
rm -f "$link"
ln -s "$keep" "$link"
set +e
# shellcheck disable=SC2086 # one word per option
err=$(timeout 30 "$qemu" $machine -m "$mem" -device "vmw-balloon-host,trace=$link" 2>&1 </dev/null)
rc=$?
set -e
expect "a trace through a symbolic link: QEMU does not start" "$rc" -eq 1
expect "... says so in one line" "$(printf '%s\n' "$err" | wc -l)" -eq 1
expect "... and the link's target is untouched" "$(cat "$keep")" = "not a trace"
printf 'ok: %s\n' "$err"
