#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside the emulated VMware guest (the work disk's "main", from
# tests/e2e/test_vmware_guest.sh): `make bench HOST=vmware` as a user on a
# VMware VM runs it, from the copy of the project beside this script, with
# govc the stand-in that carries its calls to the conductor's ESXi model
# (bench/vmware/emulated/govc).  bb.check=bench (result sets with each
# target source, compared), safety (what it must never do to the VM) or
# lockdown (a boot with lockdown=integrity).  Each check is one "ok NAME"
# or "not ok NAME: why" line of guest/checks.txt.
set -u
# shellcheck source=guest/channel.sh
. ./project/guest/channel.sh

check=$(sed -n 's/.*bb\.check=\([a-z]*\).*/\1/p' /proc/cmdline)
bb_send hello "scenario=vmware-guest" "driver=none" "kernel=$(uname -r)"
: >/tmp/checks.txt
result() {
	printf '%s\n' "$*" | tee -a /tmp/checks.txt
	bb_log "$*"
}
loaded() { grep -q "^$1 " /proc/modules; }
balloons() { grep -Eo '^(vmw_balloon|bb_[a-z0-9_]+) ' /proc/modules | tr -d ' ' | paste -sd' ' -; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_for() {
	n=$(($1 * 2))
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.5
	done
}
# ours_or_gone MODULE PID: MODULE is loaded, or the run PID is over.
ours_or_gone() { loaded "$1" || ! kill -0 "$2" 2>/dev/null; }
bench() {
	(cd project && make bench HOST=vmware "$@")
}
# quick_bench VARIANTS [ARGS...]: a short real run, a fresh driver's step
# to 256 MiB in a filled guest (ESXi balloons touched memory only: what
# the guest never touched comes off that), once (REPS=).
quick_bench() {
	variants=$1
	shift
	bench VARIANTS="$variants" SCENARIOS=driver-load TARGET_SOURCE=govc \
		SET="STATE=filled TARGET_MIB=256" REPS=1 "$@"
}
# result_set NAME: project/results/NAME is a whole result set, of the
# VMware guest, with a cell per driver of DRIVERS.
result_set() {
	set_dir=project/results/$1
	shift
	for d; do
		[ -f "$set_dir/cells/driver-load/$d/results.json" ] || { echo "no $d cell"; return 1; }
	done
	for f in results.json results.csv summary.md index.html size-driver-load.png; do
		[ -s "$set_dir/$f" ] || { echo "no $f"; return 1; }
	done
	jq -e '.context.bb_host == "vmware"' "$set_dir/results.json" >/dev/null || { echo "not bb_host=vmware"; return 1; }
}
# The user's govc, here the stand-in; the VM's name is its own.
PATH=$PWD/project/bench/vmware/emulated:$PATH
GOVC_VM=emulated-vmware-guest
export PATH GOVC_VM

cd /srv/bb || exit 1
if loaded vmw_balloon; then
	result "ok stock_loaded_at_boot"
else
	result "not ok stock_loaded_at_boot: udev did not load vmw_balloon (balloons: $(balloons))"
	modprobe vmw_balloon
fi

case "$check" in
safety)
	# A run killed outright (SIGKILL to its whole process group) while
	# ours holds the balloon: the stock driver is back within seconds.
	bb_log "building the modules and starting a run to kill"
	# (the esxi source, and the ESXi model makes no step: the run waits)
	setsid make -C project bench HOST=vmware VARIANTS=bb_batch4k_poll SCENARIOS=driver-load REPS=1 \
		TARGET_SOURCE=esxi SET="PHASE_TIMEOUT_S=900 TIME_LIMIT_S=1000" >/tmp/kill.log 2>&1 &
	run=$!
	if ! wait_for 1200 ours_or_gone bb_batch4k_poll "$run" || ! loaded bb_batch4k_poll; then
		result "not ok run_loads_ours: bb_batch4k_poll never loaded: $(tail -n 3 /tmp/kill.log | tr '\n' ' ')"
	else
		result "ok run_loads_ours"
		# Meanwhile udev may not load the stock driver, nor modprobe.
		if modprobe vmw_balloon 2>/dev/null; then
			result "not ok hold_blocks_modprobe: modprobe vmw_balloon loaded it during the run"
		else
			result "ok hold_blocks_modprobe"
		fi
		udevadm trigger --action=add --subsystem-match=dmi
		udevadm settle --timeout=30
		if loaded vmw_balloon; then
			result "not ok hold_blocks_udev: udev loaded vmw_balloon during the run ($(cat /run/modprobe.d/* /run/udev/rules.d/* 2>&1 | tr '\n' ' '))"
			rmmod vmw_balloon
		else
			result "ok hold_blocks_udev"
		fi
		# dash's kill takes no process group; bash's does.
		bash -c 'kill -KILL -- "-$1"' _ "$run"
		if wait_for 120 loaded vmw_balloon && ! loaded bb_batch4k_poll &&
			[ ! -e /run/modprobe.d/balloonbench-hold.conf ] && [ ! -e /run/udev/rules.d/01-balloonbench-hold.rules ]; then
			result "ok killed_run_gives_back"
		else
			result "not ok killed_run_gives_back: after SIGKILL the balloons are '$(balloons)'"
		fi
	fi
	wait "$run" 2>/dev/null
	bb_put kill.log </tmp/kill.log

	# Runs that end, with the govc source: the stock driver and one of
	# ours measured, a whole result set, the stock driver and the VM's
	# limit back; twice, and bbcompare judges one against the other.
	for set in govc-a govc-b; do
		if quick_bench "upstream bb_batch4k_poll" REPS=2 OUT="results/$set" >"/tmp/$set.log" 2>&1 &&
			why=$(result_set "$set" upstream bb_batch4k_poll) && loaded vmw_balloon &&
			[ "$(govc object.collect -s "vm/$GOVC_VM" config.memoryAllocation.limit)" = -1 ]; then
			result "ok run_ends_stock_back ($set: a result set, the stock driver and no limit back)"
		else
			result "not ok run_ends_stock_back ($set): ${why:-} balloons '$(balloons)': $(tail -n 2 "/tmp/$set.log" | tr '\n' ' ')"
		fi
		bb_put "$set.log" <"/tmp/$set.log"
	done
	if jq -e '[.benchmarks[] | select(.name == "driver-load/bb_batch4k_poll/load")
			| .reached == 1 and .requested_mib == 256 and .target_mib > 0 and .target_seen_ms >= 0
			  and (has("host_freed_mib") | not)] | length == 2 and all' project/results/govc-a/results.json >/dev/null; then
		result "ok govc_step_measured (asked 256 MiB, the driver's target, target_seen_ms, no host figures)"
	else
		result "not ok govc_step_measured: $(jq -c '.benchmarks[0]' project/results/govc-a/results.json 2>&1 | head -c 300)"
	fi
	project/build/bench/bbcompare project/results/govc-a project/results/govc-b >/tmp/compare.txt 2>&1
	rc=$?
	# (two repetitions a side: it may call no change, or too few to call)
	if [ "$rc" -le 2 ] && grep -q '^Verdict' /tmp/compare.txt && ! grep -q 'not comparable' /tmp/compare.txt &&
		grep -q 'driver-load/bb_batch4k_poll/load' /tmp/compare.txt; then
		result "ok bbcompare_judges_two_sets (exit $rc: $(grep '^Verdict' /tmp/compare.txt))"
	else
		result "not ok bbcompare_judges_two_sets: exit $rc: $(tail -n 2 /tmp/compare.txt | tr '\n' ' ')"
	fi
	bb_put compare.txt </tmp/compare.txt
	# The esxi source, as a user measures it: a standing limit set
	# beforehand (here with the stand-in, as vSphere would), and each
	# driver's load step to ESXi's target measured.
	govc vm.change -vm "$GOVC_VM" -mem.limit 1792
	if bench VARIANTS="upstream bb_batch4k_poll" SCENARIOS=driver-load TARGET_SOURCE=esxi \
		SET="STATE=filled" REPS=1 OUT=results/esxi >/tmp/esxi.log 2>&1 &&
		why=$(result_set esxi upstream bb_batch4k_poll) &&
		jq -e '[.benchmarks[] | select(.name | endswith("/load")) | .reached == 1 and .target_mib > 0
			and (has("requested_mib") | not)] | length == 2 and all' project/results/esxi/results.json >/dev/null; then
		result "ok esxi_load_steps_measured"
	else
		result "not ok esxi_load_steps_measured: ${why:-} $(tail -n 2 /tmp/esxi.log | tr '\n' ' ')"
	fi
	govc vm.change -vm "$GOVC_VM" -mem.limit -1
	bb_put esxi.log </tmp/esxi.log

	# The original driver was one of ours from a file nobody knows (not
	# DKMS's, not this run's build): the stock driver takes its place.
	(cd project && BB_ONLY_VARIANTS=bb_auto sh driver/build.sh "$PWD" /tmp/orig \
		"/lib/modules/$(uname -r)/build" >/dev/null 2>&1)
	rmmod vmw_balloon && insmod /tmp/orig/driver-*/bb_auto.ko
	if quick_bench bb_batch4k_poll >/tmp/ours.log 2>&1 &&
		loaded vmw_balloon && ! loaded bb_auto; then
		result "ok unknown_original_stock_back"
	else
		result "not ok unknown_original_stock_back: balloons '$(balloons)': $(tail -n 2 /tmp/ours.log | tr '\n' ' ')"
	fi
	for m in $(balloons); do rmmod "$m"; done
	modprobe vmw_balloon

	# No driver can be loaded at the end (the stock module gone): the
	# run fails and says so.
	stock=$(modinfo -n vmw_balloon)
	mv "$stock" /tmp/vmw_balloon.ko && depmod -a
	if quick_bench bb_batch4k_poll >/tmp/none.log 2>&1; then
		result "not ok no_balloon_fails_loudly: the run passed with balloons '$(balloons)'"
	elif grep -q 'no balloon driver is loaded' /tmp/none.log; then
		result "ok no_balloon_fails_loudly"
	else
		result "not ok no_balloon_fails_loudly: $(tail -n 2 /tmp/none.log | tr '\n' ' ')"
	fi
	mv /tmp/vmw_balloon.ko "$stock" && depmod -a && modprobe vmw_balloon

	# The stock driver loaded beside ours and unloaded first (it removes
	# the debugfs name vmmemctl, whoever holds it): ours still unloads
	# cleanly.
	ko=$(ls project/build/driver-*/bb_batch4k_poll.ko | head -n 1)
	for m in $(balloons); do rmmod "$m"; done
	if insmod "$ko" && insmod "$(modinfo -n vmw_balloon)" && rmmod vmw_balloon &&
		rmmod bb_batch4k_poll && ! dmesg | grep -q 'BUG:\|Oops'; then
		result "ok stock_beside_ours_unloads_cleanly"
	else
		result "not ok stock_beside_ours_unloads_cleanly: balloons '$(balloons)': $(dmesg | grep -m1 'BUG:\|Oops')"
	fi
	modprobe vmw_balloon

	# DKMS: a variant installed for this kernel, signed with the
	# machine's MOK key (DKMS makes one), loadable by name; as the VM's
	# driver, it is the one back after a run; then removed.
	if make -C project dkms BB_ONLY_VARIANTS=bb_auto >/tmp/dkms.log 2>&1 &&
		modinfo -n bb_auto | grep -q /updates/dkms/ &&
		[ -n "$(modinfo -F signer bb_auto)" ]; then
		result "ok dkms_install"
	else
		result "not ok dkms_install: $(tail -n 2 /tmp/dkms.log | tr '\n' ' ')"
	fi
	rmmod vmw_balloon && modprobe bb_auto
	if quick_bench bb_batch4k_poll >/tmp/ours.log 2>&1 && loaded bb_auto; then
		result "ok original_ours_back"
	else
		result "not ok original_ours_back: balloons '$(balloons)': $(tail -n 2 /tmp/ours.log | tr '\n' ' ')"
	fi
	for m in $(balloons); do rmmod "$m"; done
	modprobe vmw_balloon
	if make -C project dkms-remove >>/tmp/dkms.log 2>&1 && ! modinfo bb_auto >/dev/null 2>&1; then
		result "ok dkms_remove"
	else
		result "not ok dkms_remove: $(tail -n 2 /tmp/dkms.log | tr '\n' ' ')"
	fi
	bb_put dkms.log </tmp/dkms.log
	;;
lockdown)
	# Locked down: refused up front, in one line, the stock driver kept.
	quick_bench bb_batch4k_poll >/tmp/lock.log 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q 'locked down' /tmp/lock.log && loaded vmw_balloon &&
		[ "$(grep -c 'error' /tmp/lock.log)" -le 2 ]; then
		result "ok lockdown_refused_up_front"
	else
		result "not ok lockdown_refused_up_front: exit $rc, balloons '$(balloons)': $(tail -n 2 /tmp/lock.log | tr '\n' ' ')"
	fi
	bb_put lock.log </tmp/lock.log
	# And the kernel does refuse an unsigned module (the safety boot's
	# build, on the same work disk, or a build of its own).
	ko=$(ls project/build/driver-*/bb_batch4k_poll.ko 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		(cd project && BB_ONLY_VARIANTS=bb_batch4k_poll sh driver/build.sh "$PWD" build \
			"/lib/modules/$(uname -r)/build" >/dev/null 2>&1)
		ko=$(ls project/build/driver-*/bb_batch4k_poll.ko | head -n 1)
	fi
	if insmod "$ko" 2>/tmp/insmod.err; then
		result "not ok lockdown_refuses_unsigned: an unsigned module loaded"
		rmmod bb_batch4k_poll
	else
		result "ok lockdown_refuses_unsigned ($(tail -n 1 /tmp/insmod.err))"
	fi
	;;
*)
	result "not ok check: no bb.check=safety or lockdown on the kernel command line"
	;;
esac
bb_put checks.txt </tmp/checks.txt
bb_request 'done'
