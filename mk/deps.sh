#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs what balloonbench needs from Debian, idempotently:
#   - build and run packages (compilers, QEMU build deps, firmware, busybox,
#     mmdebstrap for the emulated VMware guest's rootfs...);
#   - a deb-src entry derived from the machine's own apt sources, so that
#     Debian's QEMU source can be fetched;
#   - the guest kernel package named by linux-image-amd64, downloaded and
#     extracted under $BB_BUILD/kernel (never installed on this machine);
#   - the matching linux-headers package, for out-of-tree module builds,
#     and linux-perf (the same source package) for the profile initramfs;
#   - the same kernel series' linux-source package, downloaded once into
#     the cache, never installed: checkpatch.pl (and the files it reads)
#     and the debug guest kernel come from it;
#   - the npm packages of the HTML report and its browser test, into the
#     cache.
#
# With HOST vmware (make ... HOST=vmware, inside a VMware guest) only what
# a run there needs: the build tools, the running kernel's headers, and the
# packages of the conductor, reports and plots; nothing of the embedded
# host.
#
# Usage: mk/deps.sh BUILD_DIR CACHE_DIR [HOST]
set -eu

BB_BUILD=${1:?usage: deps.sh BUILD_DIR CACHE_DIR [HOST]}
BB_CACHE=${2:?usage: deps.sh BUILD_DIR CACHE_DIR [HOST]}
BB_HOST=${3:-embedded}
export DEBIAN_FRONTEND=noninteractive

PACKAGES="
bc
binutils
bison
bzip2
busybox-static
ca-certificates
chromium
clang
cmark-gfm
cpio
dpkg-dev
flex
g++
gcc
gnuplot-nox
jq
libbenchmark-dev
libclang-rt-14-dev
libelf-dev
libfdt-dev
libglib2.0-dev
libjansson-dev
libpixman-1-dev
llvm
make
meson
mmdebstrap
ninja-build
nodejs
pkg-config
python3
qemu-system-data
seabios
shellcheck
sparse
xz-utils
zlib1g-dev
"

# Inside a VMware guest: what `make bench HOST=vmware` builds and runs.
VMWARE_PACKAGES="
cmark-gfm
gcc
git
gnuplot-nox
jq
kmod
libc6-dev
libjansson-dev
make
"

say() { printf 'deps: %s\n' "$*" >&2; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

missing_packages() {
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) || status=
		[ "$status" = installed ] || printf '%s ' "$pkg"
	done
}

apt_lists_present() {
	ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1
}

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	say "apt-get update"
	apt-get update -qq >&2 || die "apt-get update failed"
	apt_updated=1
}

# Prints a deb822 deb-src stanza for every enabled "Types: deb" stanza of
# Debian's own sources, and deb-src lines for one-line "deb" entries: the
# same archives this machine already uses, never a host name of our own.
derived_deb_src() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		grep -q '^URIs:.*debian' "$f" || continue
		awk '
			BEGIN { RS = ""; ORS = "\n\n" }
			/(^|\n)Types:[^\n]*deb([ \t\n]|$)/ && !/(^|\n)Enabled: *no/ {
				sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src")
				sub(/^\n/, "")
				print
			}' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)$/deb-src \1/p' "$f"
	done
}

have_deb_src() {
	grep -qs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list && return 0
	grep -qs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}

ensure_deb_src() {
	have_deb_src && return 0
	is_root || die "no deb-src entry in the apt sources; run 'sudo make deps'"
	entry=/etc/apt/sources.list.d/balloonbench-src.sources
	derived_deb_src > "$entry.tmp"
	[ -s "$entry.tmp" ] || { rm -f "$entry.tmp"; die "no Debian archive found in the apt sources to derive a deb-src entry from"; }
	mv "$entry.tmp" "$entry"
	say "added $entry (deb-src twin of this machine's Debian sources)"
	apt_updated=
	apt_update
}

install_packages() {
	missing=$(missing_packages "$@")
	[ -z "$missing" ] && return 0
	is_root || die "missing packages: $missing; run 'sudo make deps'"
	apt_lists_present || apt_update
	say "apt-get install $missing"
	# shellcheck disable=SC2086 # one word per package
	if ! apt-get install -y -qq --no-install-recommends $missing >&2; then
		apt_update
		apt-get install -y -qq --no-install-recommends $missing >&2 ||
			die "apt-get install $missing failed"
	fi
}

# The ABI (e.g. 6.1.0-56) of the kernel that linux-image-amd64 names today.
current_kernel_abi() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)-amd64$/\1/p' | head -n 1
}

fetch_guest_kernel() {
	abi=$(current_kernel_abi)
	if [ -z "$abi" ]; then
		apt_update
		abi=$(current_kernel_abi)
	fi
	[ -n "$abi" ] || die "cannot resolve linux-image-amd64 to a kernel ABI (apt-cache depends linux-image-amd64)"
	kdir="$BB_BUILD/kernel"
	if [ -f "$kdir/abi" ] && [ "$(cat "$kdir/abi")" = "$abi" ] &&
		[ -f "$kdir/root/boot/vmlinuz-$abi-amd64" ]; then
		:
	else
		mkdir -p "$BB_CACHE/debs" "$kdir"
		deb=$(ls "$BB_CACHE/debs/linux-image-$abi-amd64_"*.deb 2>/dev/null | head -n 1) || deb=
		if [ -z "$deb" ]; then
			say "downloading linux-image-$abi-amd64 (about 70 MB)"
			(cd "$BB_CACHE/debs" && apt-get download -qq "linux-image-$abi-amd64" >&2) ||
				die "apt-get download linux-image-$abi-amd64 failed"
			deb=$(ls "$BB_CACHE/debs/linux-image-$abi-amd64_"*.deb | head -n 1)
		fi
		say "extracting $(basename "$deb") into $kdir/root"
		rm -rf "$kdir/root" "$kdir/abi"
		dpkg-deb -x "$deb" "$kdir/root" || die "dpkg-deb -x $deb failed"
		printf '%s\n' "$abi" > "$kdir/abi.tmp" && mv "$kdir/abi.tmp" "$kdir/abi"
	fi
	install_packages "linux-headers-$abi-amd64"
	# perf for the profile initramfs: Debian builds linux-perf from the
	# same source package as the kernel, so the same version is the
	# guest kernel's own perf.
	install_packages linux-perf
	kver=$(dpkg-query -W -f='${Version}' "linux-headers-$abi-amd64" 2>/dev/null) || kver=
	pver=$(dpkg-query -W -f='${Version}' linux-perf 2>/dev/null) || pver=
	[ "$kver" = "$pver" ] ||
		say "note: linux-perf is $pver, the guest kernel $kver; profiles still resolve its symbols (kallsyms)"
	say "guest kernel $abi-amd64 ready"
}

# The guest kernel series' source package (linux-source-<series>, the
# exact source of the guest kernel), downloaded once into the cache, never
# installed; its path in $BB_BUILD/kernel/source-deb.  checkpatch.pl and
# the debug guest kernel (guest/debug-kernel/build.sh) come from it.
fetch_kernel_source() {
	series=$(cut -d. -f1,2 "$BB_BUILD/kernel/abi")
	pkg="linux-source-$series"
	version=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ -n "$version" ] && [ "$version" != "(none)" ] ||
		die "apt knows no $pkg (the guest kernel's source)"
	deb="$BB_CACHE/debs/${pkg}_${version}_all.deb"
	if [ ! -f "$deb" ]; then
		mkdir -p "$BB_CACHE/debs"
		say "downloading $pkg $version (about 140 MB, once)"
		(cd "$BB_CACHE/debs" && apt-get download -qq "$pkg=$version" >&2) ||
			die "apt-get download $pkg=$version failed"
		[ -f "$deb" ] || die "apt-get download $pkg=$version wrote no $deb"
	fi
	printf '%s\n' "$deb" > "$BB_BUILD/kernel/source-deb.tmp"
	mv "$BB_BUILD/kernel/source-deb.tmp" "$BB_BUILD/kernel/source-deb"
}

# The guest kernel's own checkpatch.pl and kernel-doc, as
# $BB_BUILD/kernel/scripts/: only the script and its data files are kept,
# under the cache, keyed by the source package's version.
fetch_checkpatch() {
	dir="$BB_CACHE/checkpatch/$version"
	if [ ! -f "$dir/scripts/kernel-doc" ]; then
		say "extracting checkpatch.pl from $(basename "$deb")"
		tmp="$dir.tmp"
		rm -rf "$tmp"
		mkdir -p "$tmp"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xf - -C "$tmp" "./usr/src/$pkg.tar.xz" ||
			die "no $pkg.tar.xz in $deb"
		tar -xJf "$tmp/usr/src/$pkg.tar.xz" -C "$tmp" --strip-components=1 \
			"$pkg/scripts/checkpatch.pl" "$pkg/scripts/spelling.txt" \
			"$pkg/scripts/const_structs.checkpatch" "$pkg/scripts/kernel-doc" ||
			die "checkpatch.pl missing from $pkg.tar.xz"
		rm -rf "${tmp:?}/usr"
		rm -rf "$dir"
		mv "$tmp" "$dir"
	fi
	ln -sfn "$dir/scripts" "$BB_BUILD/kernel/scripts"
}

# The npm packages of bench/report/package-lock.json (d3 and d3-flame-graph,
# which the HTML report serves from each result folder; puppeteer-core, with
# which make test drives Chromium), installed once per lock file into the
# cache and linked as $BB_BUILD/npm.
fetch_npm() {
	lock=bench/report/package-lock.json
	dir="$BB_CACHE/npm/$(sha256sum "$lock" | cut -c1-16)"
	# Debian's nodejs comes without npm; other builds of it bring their own.
	command -v npm >/dev/null || install_packages npm
	if [ ! -f "$dir/node_modules/.package-lock.json" ]; then
		say "npm ci: the report's packages (d3, d3-flame-graph, puppeteer-core)"
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		cp bench/report/package.json "$lock" "$dir.tmp/"
		(cd "$dir.tmp" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
			die "npm ci failed"
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	ln -sfn "$dir" "$BB_BUILD/npm"
}

if [ "$BB_HOST" = vmware ]; then
	# shellcheck disable=SC2086 # one word per package
	install_packages $VMWARE_PACKAGES "linux-headers-$(uname -r)"
	exit 0
fi
# shellcheck disable=SC2086 # one word per package
install_packages $PACKAGES
ensure_deb_src
fetch_guest_kernel
fetch_kernel_source
fetch_checkpatch
fetch_npm
