# SPDX-License-Identifier: GPL-2.0-only
# A hostile guest against the real QEMU device: the boot sector of
# tests/attack/ locks the BIOS area, the VGA window, MMIO, the BIOS ROM
# and frames past RAM, puts its batch page in the VGA window, MMIO and the
# BIOS area, sends 600 entries, names its batch page in it, and sends 512
# garbage 2 MiB entries at the highest cost per page (a 5 s hold).  QEMU
# must answer each call with the protocol's error (or success where the
# call was fair), leave the BIOS bytes as they were, lock only the one
# plain RAM frame it was fairly given, and serve QMP while the vCPU is
# held: a query-status reply comes back before the held call ends
# (each reply is tagged with how many calls the guest had finished).
set -eu
. tests/e2e/lib.sh

qemu=${QEMU:-$BUILD/host/qemu-system-x86_64}
disk=$BUILD/attack/disk.img
[ -f "$disk" ] || fail "no $disk (make test builds it)"
mkdir -p "$BUILD/tests/e2e"
dir=$(cd "$BUILD/tests/e2e" && pwd)/host-attack
rm -rf "$dir"
mkdir -p "$dir"
mkfifo "$dir/qmp.in"
: > "$dir/debugcon.bin"

# The guest writes 'E' when it is done; wait for that at most 90 s.
guest_done() {
	grep -q E "$dir/debugcon.bin"
}
{
	echo '{"execute": "qmp_capabilities"}'
	i=0
	while ! guest_done && [ "$i" -lt 900 ]; do
		printf '{"execute": "query-status", "id": %d}\n' "$i"
		i=$((i + 1))
		sleep 0.1
	done
	echo '{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/bh", "property": "size"}, "id": "size"}'
	echo '{"execute": "quit"}'
} > "$dir/qmp.in" &
writer=$!

# QEMU's exit status goes through a file: a pipeline's is its last command's.
{
	timeout 120 "$qemu" -machine pc -m 64 -nodefaults -no-user-config \
		-display none -drive "file=$disk,format=raw,if=ide,snapshot=on" \
		-device "vmw-balloon-host,id=bh,target=4096,cost-ns-page=10000000,trace=$dir/host-trace.csv" \
		-debugcon "file:$dir/debugcon.bin" -qmp stdio \
		< "$dir/qmp.in" 2> "$dir/qemu.log"
	echo $? > "$dir/qemu.rc"
} | while IFS= read -r line; do
	printf '%s %s\n' "$(stat -c %s "$dir/debugcon.bin")" "$line"
done > "$dir/qmp.out"
rc=$(cat "$dir/qemu.rc")
wait "$writer" || :
expect "QEMU ran the attack and quit" "$rc" -eq 0
guest_done || fail "the guest did not finish: $(od -A n -t x1 "$dir/debugcon.bin")"

# Every call's status, as tests/attack/attack_table.c expects.
n=0
od -A n -v -t x1 "$dir/debugcon.bin" | tr -s ' ' '\n' | sed '/^$/d' > "$dir/got.txt"
while read -r want why; do
	n=$((n + 1))
	got=$(sed -n "${n}p" "$dir/got.txt")
	[ "$got" = "$want" ] || fail "call $n ($why): status $got, want $want"
	printf 'ok: %s: status %s\n' "$why" "$got"
done < "$BUILD/attack/expect.txt"
expect "the BIOS area unchanged ('S', 53)" "$(sed -n "$((n + 1))p" "$dir/got.txt")" = 53

# Only the fair frame is in the balloon.
size=$(sed 's/^[0-9]* //' "$dir/qmp.out" | jq -r 'select(.id == "size") | .return')
expect "the balloon holds the one plain RAM frame" "$size" -eq 1

# QMP answered while the 512-entry call held the vCPU: replies tagged
# with the calls finished before it (its index) came in during the hold.
# The held call is the table's last but one.
held=$(($(grep -c '' "$BUILD/attack/expect.txt") - 2))
during=$(awk -v k="$held" '$1 == k && /"return"/' "$dir/qmp.out" | wc -l)
# With the big lock held through the wait no reply can come at all; one
# is proof enough, whatever else the machine is doing.
expect "QMP replies during the 5 s held call" "$during" -ge 1
grep -q 'vmw-balloon-host' "$dir/qemu.log" && fail "device warnings: $(cat "$dir/qemu.log")"
printf 'ok: no warning from the device\n'
