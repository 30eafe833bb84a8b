#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Packs the guest: Debian's kernel as vmlinuz, and an initramfs holding
# busybox, the stock vmw_vmci/vmw_balloon modules and loop.ko from the same
# kernel package, /init, the runner and its scenarios, and (when built) workloads
# and our driver modules.  With "profile", into BUILD_DIR/guest-profile and
# with Debian's perf and the libraries it loads as well; the benchmark's
# own initramfs stays without them.  With "debug", into BUILD_DIR/guest-debug
# with the debug kernel (guest/debug-kernel/build.sh), its own stock
# modules, our modules and the test modules built against it.
#
# Usage: guest/build.sh TOP_DIR BUILD_DIR [profile|debug]
set -eu

top=${1:?usage: build.sh TOP_DIR BUILD_DIR [profile|debug]}
build=${2:?usage: build.sh TOP_DIR BUILD_DIR [profile|debug]}
flavour=${3:-}
case $flavour in '' | profile | debug) ;; *) printf 'guest: error: the flavour is "profile", "debug" or none, not "%s"\n' "$flavour" >&2; exit 1 ;; esac

say() { printf 'guest: %s\n' "$*" >&2; }
die() { printf 'guest: error: %s\n' "$*" >&2; exit 1; }

if [ "$flavour" = debug ]; then
	release=$(cat "$build/kernel-debug/release" 2>/dev/null) ||
		die "no debug guest kernel in $build/kernel-debug; run 'make guest-debug'"
	kroot="$build/kernel-debug/root"
	drivers="$build/driver-$release"
	test_modules="$build/tests/debug-kernel"
else
	abi=$(cat "$build/kernel/abi" 2>/dev/null) || die "no guest kernel in $build/kernel; run 'make deps'"
	release="$abi-amd64"
	kroot="$build/kernel/root"
	drivers="$build/driver"
	test_modules=
fi
kmod="$kroot/lib/modules/$release/kernel/drivers"
busybox=/bin/busybox
[ -x "$busybox" ] || die "no $busybox; run 'make deps' (busybox-static)"

out="$build/guest${flavour:+-$flavour}"
stage="$out/rootfs"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/bb/modules" "$stage/bb/scenarios" \
	"$stage/bb/drivers" "$stage/bb/workloads" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp"

cp "$busybox" "$stage/bin/busybox"
cp "$top/guest/init" "$stage/init"
cp "$top/guest/runner.sh" "$top/guest/channel.sh" "$stage/bb/"
cp "$top"/bench/scenarios/*.sh "$stage/bb/scenarios/"
cp "$kmod/misc/vmw_vmci/vmw_vmci.ko" "$kmod/misc/vmw_balloon.ko" "$stage/bb/modules/" ||
	die "vmw_vmci.ko or vmw_balloon.ko missing from the $release kernel"
# The loop device of the page-cache state (bb.state=cache).
cp "$kmod/block/loop.ko" "$stage/bb/modules/" ||
	die "loop.ko missing from the $release kernel"
# Our driver variants and workloads, once built; the debug kernel's test
# modules load as drivers.
for f in "$drivers"/*.ko ${test_modules:+"$test_modules"/*.ko}; do
	[ -f "$f" ] && cp "$f" "$stage/bb/drivers/"
done
for f in "$build"/workloads/*; do
	[ -f "$f" ] && [ -x "$f" ] && cp "$f" "$stage/bb/workloads/"
done

# perf (linux-perf, the guest kernel's series) and every library it loads,
# at the paths it loads them from.
if [ "$flavour" = profile ]; then
	perf=/usr/bin/perf
	[ -x "$perf" ] || die "no $perf; run 'make deps' (linux-perf)"
	mkdir -p "$stage/usr/bin"
	cp "$perf" "$stage/usr/bin/perf"
	for lib in $(ldd "$perf" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
fi

say "packing ${flavour:+$flavour }initramfs for kernel $release"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner 0:0) |
	gzip -1 > "$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
cp "$kroot/boot/vmlinuz-$release" "$out/vmlinuz.tmp"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
printf '%s\n' "$release" > "$out/kernel-release"
