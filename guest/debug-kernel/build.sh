#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The debug guest kernel (make guest-debug): the guest kernel series' own
# source (Debian's linux-source package, make deps fetches it) configured
# from allnoconfig with guest/debug-kernel/debug.config, built once into
# the cache under a key of the source package, that file, this script and
# the compiler, and linked as BUILD_DIR/kernel-debug.  Then our driver
# variants and the test modules of tests/e2e/debug-kernel are built
# against it, and guest/build.sh packs the debug initramfs.
#
# Usage: guest/debug-kernel/build.sh TOP_DIR BUILD_DIR CACHE_DIR
set -eu

top=${1:?usage: build.sh TOP_DIR BUILD_DIR CACHE_DIR}
build=${2:?usage: build.sh TOP_DIR BUILD_DIR CACHE_DIR}
cache=${3:?usage: build.sh TOP_DIR BUILD_DIR CACHE_DIR}

say() { printf 'debug-kernel: %s\n' "$*" >&2; }
die() { printf 'debug-kernel: error: %s\n' "$*" >&2; exit 1; }

fragment="$top/guest/debug-kernel/debug.config"
deb=$(cat "$build/kernel/source-deb" 2>/dev/null) && [ -f "$deb" ] ||
	die "no guest kernel source package; run 'make deps'"
pkg=$(basename "$deb" | cut -d_ -f1)
key=$({
	basename "$deb"
	cat "$fragment" "$0"
	gcc --version | head -n 1
} | sha256sum | cut -c1-16)
dir="$cache/debug-kernel/$key"

# The tree is built where it stays (Kbuild's output names its source by
# absolute path); "release" is written last and marks it complete.
if [ ! -f "$dir/release" ]; then
	say "building the debug guest kernel once for this configuration ($dir)"
	rm -rf "$dir"
	mkdir -p "$dir/src" "$dir/build"
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$pkg.tar.xz" |
		tar -xJf - -C "$dir/src" --strip-components=1 ||
		die "cannot unpack $pkg.tar.xz from $deb"
	make -s -C "$dir/src" O="$dir/build" KCONFIG_ALLCONFIG="$fragment" \
		allnoconfig >"$dir/config.log" 2>&1 ||
		die "allnoconfig failed; see $dir/config.log"
	# Every line of the fragment must survive Kconfig's dependencies.
	grep '^CONFIG_' "$fragment" | while IFS= read -r line; do
		grep -qxF "$line" "$dir/build/.config" ||
			die "$fragment: Kconfig dropped $line"
	done
	say "compiling (about 12 minutes on two cores; progress in $dir/kbuild.log)"
	make -C "$dir/src" O="$dir/build" -j"$(nproc)" bzImage modules \
		>"$dir/kbuild.log" 2>&1 || {
		grep -E 'error' "$dir/kbuild.log" | head -n 20 >&2
		die "the kernel build failed; see $dir/kbuild.log"
	}
	make -s -C "$dir/src" O="$dir/build" INSTALL_MOD_PATH="$dir/root" \
		modules_install >>"$dir/kbuild.log" 2>&1 ||
		die "modules_install failed; see $dir/kbuild.log"
	release=$(cat "$dir/build/include/config/kernel.release")
	mkdir -p "$dir/root/boot"
	cp "$dir/build/arch/x86/boot/bzImage" "$dir/root/boot/vmlinuz-$release"
	printf '%s\n' "$release" >"$dir/release"
fi
ln -sfn "$dir" "$build/kernel-debug"

# Our variants (into BUILD_DIR/driver-RELEASE), then the test modules,
# against the debug tree.
sh "$top/driver/build.sh" "$top" "$build" "$dir/build" >/dev/null
stage="$build/tests/debug-kernel"
mkdir -p "$stage"
for f in "$top"/tests/e2e/debug-kernel/*.c "$top"/tests/e2e/debug-kernel/Kbuild; do
	cmp -s "$f" "$stage/$(basename "$f")" 2>/dev/null || cp "$f" "$stage/"
done
make -s -C "$dir/build" M="$(cd "$stage" && pwd)" modules >"$stage/kbuild.log" 2>&1 || {
	grep -E 'error|warning' "$stage/kbuild.log" | head -n 20 >&2
	die "the test modules failed to build; see $stage/kbuild.log"
}
! grep 'warning:' "$stage/kbuild.log" >&2 || die "the test modules must build without warnings"
say "debug guest kernel $(cat "$dir/release") ready"
