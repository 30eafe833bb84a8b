# SPDX-License-Identifier: GPL-2.0-only
# The local conductor (bbrun --target-source, make bench HOST=vmware's):
# its logic on stand-ins for ESXi, the driver's vmmemctl file and govc
# (tests/tools/local-conductor/), with the real runner.  What it asks
# govc, when a step counts as seen and reached, ESXi's cap, the VM's
# limit put back after a good and a failed run, the host's figures absent
# rather than zero, and one line for what it cannot do.  The emulated
# VMware guest (tests/e2e/test_vmware_guest.sh) runs it on a real kernel
# and driver.
set -eu
. tests/lib/check.sh
BBRUN=${BBRUN:-$BUILD/bench/bbrun}
stand_ins=$PWD/tests/tools/local-conductor

dir=$(mktemp -d "${TMPDIR:-/tmp}/bb-local-conductor.XXXXXX")
fake=$dir/esxi
trap 'touch "$fake/stop" 2>/dev/null; wait; rm -rf "$dir"' EXIT
mkdir -p "$dir/root/scenarios" "$dir/conf" "$fake"
cp guest/runner.sh guest/channel.sh "$dir/root/"
cat >"$dir/root/scenarios/steps.sh" <<'SCRIPT'
bb_mark start
bb_phase inflate "$BB_TARGET_MIB"
bb_mark inflated
bb_phase deflate 0
SCRIPT
cat >"$dir/root/scenarios/stuck.sh" <<'SCRIPT'
bb_phase inflate 256
SCRIPT
cat >"$dir/root/scenarios/early.sh" <<'SCRIPT'
bb_mark before-the-driver
SCRIPT
cat >"$dir/root/scenarios/bgfail.sh" <<'SCRIPT'
(sleep 0.3; bb_fail "insmod of the driver failed") &
bb_phase inflate 256
SCRIPT
printf 'DRIVER=none\nTIME_LIMIT_S=60\nPHASE_TIMEOUT_S=30\n' >"$dir/conf/bgfail.conf"
printf 'TARGET_MIB=512\nDRIVER=none\nTIME_LIMIT_S=60\nPHASE_TIMEOUT_S=20\n' >"$dir/conf/steps.conf"
printf 'DRIVER=none\nTIME_LIMIT_S=30\nPHASE_TIMEOUT_S=2\n' >"$dir/conf/stuck.conf"
printf 'DRIVER=none\nDEVICE_ARGS=refuse-ppm=1000\n' >"$dir/conf/refusals.conf"
printf 'DRIVER=none\nDEVICE_ARGS=max-percent=100\nGUEST_MEM_MIB=2048\nTARGET_MIB=1600\n' >"$dir/conf/capped.conf"
cp "$dir/root/scenarios/steps.sh" "$dir/root/scenarios/capped.sh"
printf 'TARGET_MIB=32\nDRIVER=none\nTIME_LIMIT_S=60\nPHASE_TIMEOUT_S=20\n' >"$dir/conf/small.conf"
# The driver comes during the phase, as in driver-load.
cat >"$dir/root/scenarios/lateload.sh" <<'SCRIPT'
(sleep 0.5; rm "$BB_FAKE_ESXI/unloaded") &
bb_phase load 256
SCRIPT
printf 'TIME_LIMIT_S=60\nPHASE_TIMEOUT_S=20\n' >"$dir/conf/lateload.conf"
cp "$dir/root/scenarios/steps.sh" "$dir/root/scenarios/small.sh"

# esxi [passive]: a fresh stand-in, 2048 MiB, no limit, an empty balloon.
esxi() {
	touch "$fake/stop"
	wait
	rm -f "$fake"/*
	echo 2048 >"$fake/mem"
	echo -1 >"$fake/limit"
	echo "${2:-0}" >"$fake/target"
	echo 0 >"$fake/size"
	[ "${1:-}" != passive ] || touch "$fake/passive"
	BB_FAKE_ESXI=$fake "$stand_ins/esxi-and-driver" &
	while [ ! -e "$fake/vmmemctl" ]; do sleep 0.05; done
}

# run NAME SOURCE SCENARIO [ARG...]: bbrun in the stand-in VMware guest.
run() {
	name=$1 source=$2 scenario=$3
	shift 3
	rc=0
	BB_FAKE_ESXI=$fake BB_DEBUGFS=$fake GOVC=$stand_ins/govc GOVC_VM=bench-vm \
		"$BBRUN" --target-source "$source" --guest "$dir/root" \
		--scenarios "$dir/conf" --out "$dir/$name" "$@" "$scenario" \
		>"$dir/$name.out" 2>"$dir/$name.err" || rc=$?
	echo "$rc" >"$dir/$name.rc"
}
rc() { [ "$(cat "$dir/$1.rc")" = "$2" ]; }
# said NAME LINE: wait until run NAME's stderr has LINE; false after two
# minutes without (a bound for a conductor that never says it, far beyond
# any scheduling delay).
said() {
	i=0
	until grep -qs "$2" "$dir/$1.err"; do
		[ "$i" -lt 2400 ] || return 1
		sleep 0.05
		i=$((i + 1))
	done
}
json() { jq -e "$@" >/dev/null; }

esxi
run govc govc steps --context lockdown=none --context stock=module
check "govc: the run succeeds" rc govc 0
check "govc: it asked for the limit that leaves the VM 512 MiB less, then none, then put back none" \
	test "$(grep 'vm.change' "$fake/govc.log" | awk '{ print $NF }' | paste -sd' ')" = "1536 -1 -1"
check "govc: the inflate reached the 512 MiB the driver received, with requested_mib and target_seen_ms" \
	json '.benchmarks[] | select(.name == "steps/none/inflate")
		| .reached == 1 and .target_mib == 512 and .requested_mib == 512
		  and .target_seen_ms >= 0 and .calls > 0 and .moved_mib == 512' "$dir/govc/results.json"
check "govc: ESXi's quickStats before and after the step" \
	json '.benchmarks[] | select(.name == "steps/none/inflate")
		| .esxi_ballooned_before_mib == 0 and .esxi_ballooned_after_mib == 512' "$dir/govc/results.json"
check "govc: no host-memory, trace or capped figure, not even 0" \
	json '[.benchmarks[] | keys[] | select(test("^host_freed|^host_ram|^reclaim|^capped|^reaction|^refused|^guest_virtual|^host_wall"))] | length == 0' "$dir/govc/results.json"
check "govc: the mark carries ESXi's balloon (quickStats), not host memory" \
	json '.benchmarks[] | select(.name == "steps/none/run") | .host_size_inflated_frames == 131072 and (has("host_ram_inflated_mib") | not)' "$dir/govc/results.json"
check "govc: the context says where it ran" \
	json '.context | .bb_host == "vmware" and .bb_target_source == "govc" and .bb_lockdown == "none" and .bb_stock == "module" and (has("bb_qemu") | not)' "$dir/govc/results.json"
check "govc: the CSV leaves the host's columns empty" \
	grep -q '^steps,none,inflate,512,512.0,1,.*,,,,,$' "$dir/govc/results.csv"
check "govc: driver-trace.csv has the driver's view, a target-seen row per step" \
	test "$(grep -c ',target-seen,' "$dir/govc/driver-trace.csv")" -eq 2
check "govc: the VM's limit is back to none" test "$(cat "$fake/limit")" = -1

esxi
run small govc small
check "govc: a step the driver takes and completes between two views of it takes their interval, not 0" \
	json '.benchmarks[] | select(.name == "small/none/inflate") | .reached == 1 and .target_mib == 32 and .real_time > 0' "$dir/small/results.json"

esxi
echo 2016 >"$fake/limit"
touch "$fake/stall"
sleep 0.2
run drift govc steps &
drift=$!
said drift 'phase inflate: the driver has a target of' || :
rm -f "$fake/stall"
wait "$drift"
check "govc: a pending target short of half the step (ESXi adjusting the last one) is not the step asked for" \
	grep -q 'phase inflate: the driver has a target of 512 MiB' "$dir/drift.err"

esxi
touch "$fake/hold"
run held govc steps &
held=$!
# Released when the phase has seen the step (or, never seeing it, after
# said's two minutes).
seen=0
said held 'phase inflate: the driver has a target of 512 MiB' || seen=1
touch "$fake/release"
wait "$held"
check "govc: the phase watches the driver while govc's task runs (it saw the step before govc returned)" \
	test "$seen" -eq 0
check "govc: and the run, released, succeeds" rc held 0

esxi
echo 1024 >"$fake/limit"
run capped govc capped
check "govc: above ESXi's 65% cap the driver gets the cap, and the phase reaches it (max-percent is ESXi's here)" \
	json '.benchmarks[] | select(.name == "capped/none/inflate") | .reached == 1 and .target_mib == 1331 and .requested_mib == 1600' "$dir/capped/results.json"
check "govc: the limit the VM had before the run is back" test "$(cat "$fake/limit")" = 1024

esxi
touch "$fake/refuse"
run refused govc steps
check "govc: a refused vm.change fails the run with govc's own line" \
	sh -c "rc() { [ \"\$(cat '$dir/refused.rc')\" = 1 ]; }; rc && grep -q 'govc vm.change failed: govc: ServerFaultCode: Permission' '$dir/refused.err'"

esxi passive 131072
run load esxi stuck
check "esxi: a fresh driver's pending target is the step (the load step)" \
	json '.benchmarks[] | select(.name == "stuck/none/inflate") | .reached == 1 and .target_mib == 512 and (has("requested_mib") | not)' "$dir/load/results.json"

esxi passive
(sleep 1; echo 65536 >"$fake/step.new"; mv "$fake/step.new" "$fake/step") &
run later esxi stuck
check "esxi: a step ESXi makes during the phase is the phase's, with the time the driver saw it" \
	json '.benchmarks[] | select(.name == "stuck/none/inflate") | .reached == 1 and .target_mib == 256 and has("target_seen_ms")' "$dir/later/results.json"

esxi passive 65536
while [ "$(cat "$fake/size")" != 65536 ]; do sleep 0.05; done
(sleep 1; echo 32768 >"$fake/step.new"; mv "$fake/step.new" "$fake/step") &
run there esxi stuck
check "esxi: a balloon already where the phase goes waits for ESXi's next step, either way" \
	json '.benchmarks[] | select(.name == "stuck/none/inflate") | .reached == 1 and .target_mib == 128 and .inflating == 0' "$dir/there/results.json"

esxi passive
run nostep esxi stuck
check "esxi: no step from ESXi fails the phase in its time limit, saying why" \
	sh -c "[ \"\$(cat '$dir/nostep.rc')\" = 1 ] && grep -q 'ESXi gave the driver no new target in 2 s (the esxi source waits for ESXi' '$dir/nostep.err'"
check "esxi: the runner is gone after a failed run" \
	sh -c "! ps -eo args | grep -q '^sh $dir/root/runner.sh'"

printf 'DRIVER=none\n' >"$dir/conf/early.conf"
touch "$fake/stop"
wait
rm -f "$fake/vmmemctl"
run early esxi early
check "a mark before any driver is loaded: no balloon, not a failure" \
	sh -c "[ \"\$(cat '$dir/early.rc')\" = 0 ]"

esxi passive
run bgfail esxi bgfail
check "a background job's error during a phase ends the run with its line, not at the phase's time limit" \
	sh -c "[ \"\$(cat '$dir/bgfail.rc')\" = 1 ] && grep -q 'guest: insmod of the driver failed' '$dir/bgfail.err' &&
		! grep -q 'no new target' '$dir/bgfail.err'"

# lateload DRIVER: DRIVER's file appears half a second into the phase.
lateload() {
	esxi
	touch "$fake/unloaded"
	while [ -e "$fake/vmmemctl" ]; do sleep 0.05; done
	run "lateload-$1" govc lateload --driver "$1"
}
# load_calls DRIVER: the load phase's counters named calls*, one
# "name=value" a line, of a run that went well.
load_calls() {
	rc "lateload-$1" 0 &&
		jq -r '[.benchmarks[] | select(.name | endswith("/load"))][0] |
			to_entries[] | select(.key | startswith("calls")) |
			"\(.key)=\(.value)"' "$dir/lateload-$1/results.json"
}
stock_calls_absent() { calls=$(load_calls upstream) && [ -z "$calls" ]; }
our_calls_counted() { load_calls bb_batch4k_poll | grep -q '^calls=[1-9]'; }
lateload upstream
check "the stock driver loaded during a phase: its calls are absent, not 0 (it counts from the first read of its file)" \
	stock_calls_absent
lateload bb_batch4k_poll
check "ours loaded during a phase: its calls are counted from its load" our_calls_counted

run skipped govc refusals
check "a scenario that needs the embedded host is skipped with one line (exit 4)" \
	sh -c "[ \"\$(cat '$dir/skipped.rc')\" = 4 ] && grep -q '^refusals: skipped in a VMware guest: it sets the host device' '$dir/skipped.out' && [ ! -e '$dir/skipped' ]"
unset GOVC_VM
rc=0
"$BBRUN" --target-source govc --guest "$dir/root" --scenarios "$dir/conf" \
	--out "$dir/novm" steps >/dev/null 2>"$dir/novm.err" || rc=$?
check "govc without GOVC_VM: one line naming it" \
	sh -c "[ $rc = 1 ] && grep -q 'needs GOVC_VM' '$dir/novm.err'"
rc=0
"$BBRUN" --target-source vcenter steps >/dev/null 2>"$dir/bad.err" || rc=$?
check "an unknown target source: one line naming the choices" \
	sh -c "[ $rc = 2 ] && grep -q \"target-source is esxi or govc, not 'vcenter'\" '$dir/bad.err'"
