#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench HOST=vmware`: inside a VMware guest, ESXi sets the target.
# For each variant (built for the running kernel) this swaps out the loaded
# balloon driver, loads the variant, and samples its view of the balloon
# once a second for DURATION seconds; then it puts the original driver
# back.  Nothing here can set the target: make ESXi balloon by giving the
# VM a memory limit below its configured memory (see docs/vmware-guest.md).
#
# Environment: VARIANTS, DURATION (s, default 60), OUT, BUILD.
set -eu

. "$(dirname "$0")/../lib/variants.sh"
: "${BB_ALL_VARIANTS:=$(bb_variants)}"
: "${VARIANTS:=bb_auto bb_batch4k_poll bb_batch2m_poll}"
: "${DURATION:=60}"
: "${BUILD:=build}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
BB_VMWARE_DIR=$(dirname "$0")
# shellcheck source=bench/vmware/takeover.sh
. "$BB_VMWARE_DIR/takeover.sh"

bb_takeover_checks
case "$DURATION" in
'' | *[!0-9]* | 0) die "DURATION must be a positive number of seconds, not '$DURATION'" ;;
esac
for v in $VARIANTS; do
	case " upstream $BB_ALL_VARIANTS " in
	*" $v "*) ;;
	*) die "unknown variant '$v' (one of: upstream $BB_ALL_VARIANTS)" ;;
	esac
done
kdir="/lib/modules/$(uname -r)/build"
[ -f "$kdir/Makefile" ] || die "no headers for the running kernel; install linux-headers-$(uname -r)"
# Only the variants this run loads: each is a full compile.
ours=$(printf '%s\n' $VARIANTS | grep '^bb_' | paste -sd' ' -) || ours=
DRIVER_DIR=
if [ -n "$ours" ]; then
	DRIVER_DIR=$(BB_ONLY_VARIANTS=$ours sh driver/build.sh "$PWD" "$BUILD" "$kdir")
	bb_sign_modules "$DRIVER_DIR"
fi
stock_ko=$(modinfo -n vmw_balloon 2>/dev/null) || stock_ko=
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

sha=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-$sha-vmware}"
mkdir -p "$OUT"

bb_takeover

# load_arm VARIANT: the stock driver from its own module file (udev's hold
# stops modprobe, not insmod), its statistics switched on by a first read
# so that every arm carries the same observer; ours from DRIVER_DIR.
load_arm() {
	modprobe vmw_vmci 2>/dev/null || :
	if [ "$1" = upstream ]; then
		[ -n "$stock_ko" ] || die "this kernel has no vmw_balloon module to compare with"
		insmod "$stock_ko" || die "insmod $stock_ko failed"
		cat /sys/kernel/debug/vmmemctl >/dev/null
	else
		insmod "$DRIVER_DIR/$1.ko" || die "insmod $DRIVER_DIR/$1.ko failed (dmesg says why)"
	fi
}

arm_module() {
	if [ "$1" = upstream ]; then echo vmw_balloon; else echo "$1"; fi
}

# field NAME: a number of the driver's vmmemctl file, the stock one's and
# ours alike ("target:", "current:").
field() {
	awk -F: -v k="$1" '{ gsub(/[ \t]/, "") } $1 == k { split($2, f, "("); print f[1] }' \
		/sys/kernel/debug/vmmemctl
}

for v in $VARIANTS; do
	printf 'bench: %s: sampling the ESXi balloon for %ss\n' "$v" "$DURATION" >&2
	load_arm "$v"
	samples="$OUT/$v-samples.csv"
	printf 'seconds,target_frames,size_frames\n' > "$samples.tmp"
	t=0
	while [ "$t" -lt "$DURATION" ]; do
		printf '%s,%s,%s\n' "$t" "$(field target)" "$(field current)" >> "$samples.tmp"
		sleep 1
		t=$((t + 1))
	done
	mv "$samples.tmp" "$samples"
	cp /sys/kernel/debug/vmmemctl "$OUT/$v-vmmemctl.txt"
	[ ! -r /sys/kernel/debug/balloonbench/stats ] ||
		cp /sys/kernel/debug/balloonbench/stats "$OUT/$v-stats.txt"
	[ ! -r /sys/kernel/debug/balloonbench/histograms ] ||
		cp /sys/kernel/debug/balloonbench/histograms "$OUT/$v-histograms.txt"
	rmmod "$(arm_module "$v")"
	awk -F, -v v="$v" 'NR > 1 { n++; t = $2; s = $3 } END {
		printf "%s: %d samples, last target %d frames, last size %d frames\n", v, n, t, s }' \
		"$samples"
done
printf 'bench: results in %s\n' "$OUT" >&2
