#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench HOST=vmware`: the scenarios in this VMware guest, ESXi as the
# host.  It takes the balloon over (takeover.sh), builds the variants it
# loads for the running kernel, stages what the guest runner needs, and
# for each scenario and variant runs one cell with the local conductor
# (bbrun --target-source: the runner beside it, the target from ESXi),
# the driver unloaded after each; then the result set as `make bench`
# makes it (bench/report/run.sh: results.json, CSV, summary.md, plots,
# index.html).  The original balloon driver is back at the end, and with
# govc the VM's memory limit as it was.
#
# Environment: TARGET_SOURCE (govc when GOVC_VM is set, else esxi),
# SCENARIOS (govc: inflate-deflate ramp latency; esxi: driver-load, the
# one a standing target makes: the others wait for ESXi's own steps),
# VARIANTS (upstream bb_batch4k_poll bb_batch2m_poll bb_auto), REPS (3;
# QUICK=1: 1, inflate-deflate or driver-load, upstream bb_batch4k_poll),
# SET (KEY=VALUE... for every cell, as bbrun --set), OUT, BUILD, SIGN_KEY,
# SIGN_CERT, GOVC_VM and the user's GOVC_* (govc).
set -eu

. "$(dirname "$0")/../lib/variants.sh"
: "${BB_ALL_VARIANTS:=$(bb_variants)}"
if [ -n "${GOVC_VM:-}" ]; then
	: "${TARGET_SOURCE:=govc}"
else
	: "${TARGET_SOURCE:=esxi}"
fi
if [ "$TARGET_SOURCE" = esxi ]; then
	: "${SCENARIOS:=driver-load}"
fi
if [ "${QUICK:-0}" = 1 ]; then
	: "${SCENARIOS:=inflate-deflate}"
	: "${VARIANTS:=upstream bb_batch4k_poll}"
	: "${REPS:=1}"
else
	: "${SCENARIOS:=inflate-deflate ramp latency}"
	: "${VARIANTS:=upstream bb_batch4k_poll bb_batch2m_poll bb_auto}"
	: "${REPS:=3}"
fi
: "${BUILD:=build}"
: "${SET:=}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
say() { printf 'bench: %s\n' "$*" >&2; }
BB_VMWARE_DIR=$(dirname "$0")
# shellcheck source=bench/vmware/takeover.sh
. "$BB_VMWARE_DIR/takeover.sh"

bb_takeover_checks
case "$TARGET_SOURCE" in
esxi) ;;
govc)
	[ -n "${GOVC_VM:-}" ] || die "TARGET_SOURCE=govc needs GOVC_VM (this VM's name) and the GOVC_URL of its vCenter or ESXi"
	command -v "${GOVC:-govc}" >/dev/null || die "TARGET_SOURCE=govc needs govc on the PATH (github.com/vmware/govmomi; not a Debian package)"
	;;
*) die "TARGET_SOURCE must be esxi or govc, not '$TARGET_SOURCE'" ;;
esac
case "$REPS" in
'' | *[!0-9]* | 0) die "REPS must be a positive number, not '$REPS'" ;;
esac
for v in $VARIANTS; do
	case " upstream $BB_ALL_VARIANTS " in
	*" $v "*) ;;
	*) die "unknown variant '$v' (one of: upstream $BB_ALL_VARIANTS)" ;;
	esac
done
for s in $SCENARIOS; do
	[ -f "bench/scenarios/$s.conf" ] && [ -f "bench/scenarios/$s.sh" ] ||
		die "unknown scenario '$s' (bench/scenarios/*.conf)"
done
kdir="/lib/modules/$(uname -r)/build"
[ -f "$kdir/Makefile" ] || die "no headers for the running kernel; install linux-headers-$(uname -r)"
stock_ko=$(modinfo -n vmw_balloon 2>/dev/null) || stock_ko=
case " $VARIANTS " in
*" upstream "*) [ -n "$stock_ko" ] || die "this kernel has no vmw_balloon module to compare with (VARIANTS without upstream)" ;;
esac

say "building the conductor and the workloads"
make -s HOST=vmware BUILD="$BUILD" conductor workloads >&2
# Only the variants this run loads: each is a full compile.
ours=$(printf '%s\n' $VARIANTS | grep '^bb_' | paste -sd' ' -) || ours=
DRIVER_DIR=
if [ -n "$ours" ]; then
	say "building $ours for $(uname -r)"
	DRIVER_DIR=$(BB_ONLY_VARIANTS=$ours sh driver/build.sh "$PWD" "$BUILD" "$kdir")
	DRIVER_DIR=$(cd "$DRIVER_DIR" && pwd)
	bb_sign_modules "$DRIVER_DIR"
fi
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

# What the guest runner finds where the embedded guest has it in /bb.
root=$PWD/$BUILD/vmware-root
rm -rf "$root"
mkdir -p "$root/scenarios" "$root/workloads" "$root/drivers" "$root/modules"
cp guest/runner.sh guest/channel.sh "$root/"
cp bench/scenarios/*.sh "$root/scenarios/"
ln -s "$PWD/$BUILD"/workloads/* "$root/workloads/"
[ -z "$DRIVER_DIR" ] || ln -s "$DRIVER_DIR"/*.ko "$root/drivers/"
[ -z "$stock_ko" ] || ln -s "$stock_ko" "$root/modules/vmw_balloon.ko"
for m in vmw_vmci loop; do
	ko=$(modinfo -n "$m" 2>/dev/null) || continue
	case $ko in /*) ln -s "$ko" "$root/modules/$m.ko" ;; esac
done

# The machine, for results.json's context.
stock=absent
[ -z "$stock_ko" ] || stock="module $stock_ko"
secure_boot=$(mokutil --sb-state 2>/dev/null | head -n 1) || :
set -- --context "lockdown=$bb_lockdown" --context "taint=$(cat /proc/sys/kernel/tainted)" \
	--context "stock_driver=$stock" --context "secure_boot=${secure_boot:-unknown}"
if [ "$TARGET_SOURCE" = govc ]; then
	vm_path=vm/$GOVC_VM
	case $GOVC_VM in /*) vm_path=$GOVC_VM ;; esac
	set -- "$@" --context "esxi=$("${GOVC:-govc}" about 2>/dev/null | sed -n 's/^FullName: *//p' | head -n 1)" \
		--context "vm_memory_mib=$("${GOVC:-govc}" object.collect -s "$vm_path" config.hardware.memoryMB)"
	bb_limit_before=$("${GOVC:-govc}" object.collect -s "$vm_path" config.memoryAllocation.limit) ||
		die "govc cannot read $GOVC_VM's memory limit"
	set -- "$@" --context "vm_limit_mib=$bb_limit_before"
fi
for kv in $SET; do
	set -- "$@" --set "$kv"
done

sha=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-$sha-vmware}"
mkdir -p "$OUT/cells"

bb_takeover
modprobe vmw_vmci 2>/dev/null || :

arm_module() {
	if [ "$1" = upstream ]; then echo vmw_balloon; else echo "$1"; fi
}

# label SCENARIO [--set KEY=VALUE...]: its name in the results, as bbrun gives it (and as the
# report finds its cells): SCENARIO@STATE in a state other than filled.
label() {
	scenario=$1
	shift
	st=$("$BUILD/bench/bbrun" "$@" --print STATE "$scenario")
	case $st in '' | filled) echo "$scenario" ;; *) echo "$scenario@$st" ;; esac
}

failed=0
for s in $SCENARIOS; do
	# shellcheck disable=SC2046 # the run's --set words
	name=$(label "$s" $(for kv in $SET; do printf -- '--set %s ' "$kv"; done))
	for v in $VARIANTS; do
		say "$s: $v ($TARGET_SOURCE target source)"
		cell=$OUT/cells/$name/$v
		rc=0
		log=$OUT/cells/$name.$v.log
		"$BUILD/bench/bbrun" --target-source "$TARGET_SOURCE" --guest "$root" \
			--driver "$v" --set "REPS=$REPS" "$@" --out "$cell" "$s" \
			>"$log" 2>&1 || rc=$?
		! grep -qs "^$(arm_module "$v") " /proc/modules || rmmod "$(arm_module "$v")" ||
			die "cannot unload $(arm_module "$v") after $s"
		case $rc in
		0) say "$s: $v: $(tail -n 1 "$log")" ;;
		4) say "$(tail -n 1 "$log")"; rm -rf "$cell" "$log"; break ;;
		*) say "$s: $v failed: $(grep 'error:' "$log" | tail -n 1)"; failed=$((failed + 1)) ;;
		esac
		[ ! -d "$cell" ] || mv "$log" "$cell/bbrun.log"
	done
done
ls "$OUT"/cells/*/*/results.json >/dev/null 2>&1 || die "no cell ran (see the lines above)"
BBREPORT=$BUILD/bench/bbreport sh bench/report/run.sh "$OUT"
[ "$failed" -eq 0 ] || { say "$failed cells failed"; exit 1; }
