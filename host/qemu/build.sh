#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds qemu-system-x86_64 from Debian's QEMU source with the vmw-balloon-host
# device, and links it as OUT.  The binary is cached under CACHE_DIR/qemu,
# keyed by the Debian source version and a hash of our host sources, so it is
# rebuilt only when one of them changes.  One patched work tree per Debian
# version keeps rebuilds incremental.
#
# Usage: host/qemu/build.sh TOP_DIR CACHE_DIR OUT
set -eu

top=${1:?usage: build.sh TOP_DIR CACHE_DIR OUT}
cache=${2:?usage: build.sh TOP_DIR CACHE_DIR OUT}/qemu
out=${3:?usage: build.sh TOP_DIR CACHE_DIR OUT}
jobs=${BB_JOBS:-2}

say() { printf 'host: %s\n' "$*" >&2; }
die() { printf 'host: error: %s\n' "$*" >&2; exit 1; }

# Everything of ours that ends up in the binary, in a fixed order.
host_sources() {
	ls "$top"/include/*.h "$top"/host/core/*.c "$top"/host/core/*.h \
		"$top"/host/qemu/*.c "$top"/host/qemu/*.h "$top"/host/qemu/build.sh \
		"$top"/host/qemu/patches/*.patch | LC_ALL=C sort
}

version=$(apt-cache showsrc qemu 2>/dev/null |
	sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$version" ] || die "no QEMU source package known to apt; run 'make deps'"
upstream=${version#*:}
hash=$(host_sources | xargs cat | sha256sum | cut -c1-16)
key="$upstream-$hash"
bin="$cache/bin/$key/qemu-system-x86_64"

link_output() {
	mkdir -p "$(dirname "$out")"
	ln -sfn "$bin" "$out.tmp" && mv -T "$out.tmp" "$out"
	say "qemu-system-x86_64 ready ($key)"
}

if [ -x "$bin" ]; then
	link_output
	exit 0
fi

dsc="$cache/dl/qemu_$upstream.dsc"
if [ ! -f "$dsc" ]; then
	say "downloading Debian's qemu $version source"
	mkdir -p "$cache/dl"
	(cd "$cache/dl" && apt-get source --download-only -qq "qemu=$version" >&2) ||
		die "apt-get source qemu=$version failed"
fi

tree="$cache/tree-$upstream"
patches_hash=$(cat "$top"/host/qemu/patches/*.patch | sha256sum | cut -c1-16)
if [ "$(cat "$tree/.bb-patches" 2>/dev/null)" != "$patches_hash" ]; then
	say "extracting qemu $version with Debian's patches into $tree"
	rm -rf "$tree"
	dpkg-source -x "$dsc" "$tree" >/dev/null || die "dpkg-source -x $dsc failed"
	for p in "$top"/host/qemu/patches/*.patch; do
		say "applying $(basename "$p")"
		patch -d "$tree" -p1 --forward --quiet < "$p" ||
			die "patch $(basename "$p") does not apply to qemu $version"
	done
	printf '%s\n' "$patches_hash" > "$tree/.bb-patches"
fi

# Copy only what changed, so ninja recompiles only that.
install_if_changed() {
	dest="$2/$(basename "$1")"
	cmp -s "$1" "$dest" 2>/dev/null || cp "$1" "$dest"
}
mkdir -p "$tree/hw/i386/vmw-balloon-host"
for f in "$top"/host/qemu/*.c "$top"/host/qemu/*.h; do
	install_if_changed "$f" "$tree/hw/i386"
done
for f in "$top"/include/*.h "$top"/host/core/*.c "$top"/host/core/*.h; do
	install_if_changed "$f" "$tree/hw/i386/vmw-balloon-host"
done

configure_flags="--target-list=x86_64-softmmu --without-default-features
--disable-docs --disable-tools --disable-user --enable-tcg
--disable-install-blobs --firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu"
if [ "$(cat "$tree/build/.bb-configure" 2>/dev/null)" != "$configure_flags" ]; then
	say "configuring (TCG only, x86_64-softmmu)"
	rm -rf "$tree/build"
	mkdir -p "$tree/build"
	# shellcheck disable=SC2086 # one word per flag
	(cd "$tree/build" && ../configure $configure_flags >configure.log 2>&1) ||
		die "configure failed; see $tree/build/configure.log"
	printf '%s\n' "$configure_flags" > "$tree/build/.bb-configure"
fi

say "building qemu-system-x86_64 with ninja -j$jobs (a cold build takes a few minutes)"
ninja -C "$tree/build" -j"$jobs" qemu-system-x86_64 >"$tree/build/ninja.log" 2>&1 || {
	grep -E ': (fatal )?error:|FAILED' "$tree/build/ninja.log" | head -n 20 >&2
	die "build failed; see $tree/build/ninja.log"
}

mkdir -p "$cache/bin/$key.tmp"
cp "$tree/build/qemu-system-x86_64" "$cache/bin/$key.tmp/"
rm -rf "${cache:?}/bin/$key"
mv "$cache/bin/$key.tmp" "$cache/bin/$key"
# Keep the three newest builds (each is some 50 MB), and any made in the
# last hour: another checkout (a gate's base, a CI clone) may be using it.
ls -1dt "$cache"/bin/*/ | tail -n +4 | while IFS= read -r old; do
	if [ -n "$(find "$old" -maxdepth 0 -mmin +60)" ]; then
		rm -rf "$old"
	fi
done
link_output
