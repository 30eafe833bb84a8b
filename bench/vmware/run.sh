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

vendor=$(cat /sys/class/dmi/id/sys_vendor 2>/dev/null || echo unknown)
case "$vendor" in
VMware*) ;;
*) die "HOST=vmware needs a VMware guest; this machine's DMI vendor is '$vendor'" ;;
esac
[ "$(id -u)" -eq 0 ] || die "HOST=vmware loads kernel modules; run it as root"
case "$DURATION" in
'' | *[!0-9]* | 0) die "DURATION must be a positive number of seconds, not '$DURATION'" ;;
esac
for v in $VARIANTS; do
	case " $BB_ALL_VARIANTS " in
	*" $v "*) ;;
	*) die "unknown variant '$v' (one of: $BB_ALL_VARIANTS)" ;;
	esac
done
kdir="/lib/modules/$(uname -r)/build"
[ -f "$kdir/Makefile" ] || die "no headers for the running kernel; install linux-headers-$(uname -r)"
DRIVER_DIR=$(sh driver/build.sh "$PWD" "$BUILD" "$kdir")
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

sha=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
: "${OUT:=results/$(date -u +%Y%m%dT%H%M%SZ)-$sha-vmware}"
mkdir -p "$OUT"

# Whatever balloon driver runs now comes back at the end, even on failure.
original=
for m in vmw_balloon $BB_ALL_VARIANTS; do
	if grep -q "^$m " /proc/modules; then
		original=$m
		rmmod "$m" || die "cannot unload $m"
	fi
done
restore() {
	for m in $BB_ALL_VARIANTS; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	[ -n "$original" ] && modprobe "$original" 2>/dev/null || :
}
trap restore EXIT INT TERM

field() {
	awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/debug/balloonbench/stats
}

for v in $VARIANTS; do
	printf 'bench: %s: sampling the ESXi balloon for %ss\n' "$v" "$DURATION" >&2
	modprobe vmw_vmci 2>/dev/null || :
	insmod "$DRIVER_DIR/$v.ko"
	samples="$OUT/$v-samples.csv"
	printf 'seconds,target_frames,size_frames\n' > "$samples.tmp"
	t=0
	while [ "$t" -lt "$DURATION" ]; do
		printf '%s,%s,%s\n' "$t" "$(field target_frames)" "$(field size_frames)" >> "$samples.tmp"
		sleep 1
		t=$((t + 1))
	done
	mv "$samples.tmp" "$samples"
	cp /sys/kernel/debug/balloonbench/stats "$OUT/$v-stats.txt"
	cp /sys/kernel/debug/balloonbench/histograms "$OUT/$v-histograms.txt"
	rmmod "$v"
	awk -F, -v v="$v" 'NR > 1 { n++; t = $2; s = $3 } END {
		printf "%s: %d samples, last target %d frames, last size %d frames\n", v, n, t, s }' \
		"$samples"
done
printf 'bench: results in %s\n' "$OUT" >&2
