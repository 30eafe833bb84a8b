#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds every driver variant against a kernel's headers.  Kbuild of this
# kernel writes objects next to the sources, so the sources are staged
# under BUILD_DIR and the checkout stays clean.
#
# Usage: driver/build.sh TOP_DIR BUILD_DIR [KDIR]; BB_ONLY_VARIANTS (below)
# Prints the folder holding the modules on stdout.
#   KDIR defaults to the guest kernel's headers (make deps installs them);
#   give /lib/modules/$(uname -r)/build to build for the running kernel.
set -eu

top=${1:?usage: build.sh TOP_DIR BUILD_DIR [KDIR]}
build=${2:?usage: build.sh TOP_DIR BUILD_DIR [KDIR]}
kdir=${3:-}

say() { printf 'driver: %s\n' "$*" >&2; }
die() { printf 'driver: error: %s\n' "$*" >&2; exit 1; }

if [ -z "$kdir" ]; then
	abi=$(cat "$build/kernel/abi" 2>/dev/null) || die "no guest kernel; run 'make deps'"
	kdir="/lib/modules/$abi-amd64/build"
	out="$build/driver"
else
	# The kernel's release, from /lib/modules/RELEASE/build (Debian's
	# headers name the upstream version in make kernelrelease and
	# include/config/kernel.release, not the ABI uname -r says).
	case "$kdir" in
	*/lib/modules/*/build | */lib/modules/*/build/) release=$(basename "$(dirname "$kdir")") ;;
	*) release=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) || release=unknown ;;
	esac
	out="$build/driver-$release"
fi
[ -f "$kdir/Makefile" ] || die "no kernel build tree at $kdir (install its linux-headers package)"

stage="$out/src"
mkdir -p "$stage"
# Copy only what changed, so Kbuild rebuilds only that.
for f in "$top"/driver/*.c "$top"/driver/*.h "$top"/driver/Kbuild \
	"$top"/include/vmw_balloon_proto.h; do
	cmp -s "$f" "$stage/$(basename "$f")" 2>/dev/null || cp "$f" "$stage/"
done
# BB_ONLY_VARIANTS="a b": only those variants (a run in a VMware guest
# builds what it loads; each variant is a full compile).
# shellcheck source=bench/lib/variants.sh
. "$top/bench/lib/variants.sh"
BB_TOP=$top bb_variants_file "${BB_ONLY_VARIANTS:-}" >"$stage/variants.new" ||
	die "BB_ONLY_VARIANTS='${BB_ONLY_VARIANTS:-}' names none of driver/variants"
cmp -s "$stage/variants.new" "$stage/variants" 2>/dev/null || mv "$stage/variants.new" "$stage/variants"
rm -f "$stage/variants.new"

say "building $(grep -c '^bb_' "$stage/variants") variants against $kdir"
make -s -C "$kdir" M="$(cd "$stage" && pwd)" modules >"$out/kbuild.log" 2>&1 || {
	grep -E 'error|warning' "$out/kbuild.log" | head -n 30 >&2
	die "kbuild failed; see $out/kbuild.log"
}
if grep -q 'warning:' "$out/kbuild.log"; then
	grep 'warning:' "$out/kbuild.log" >&2
	die "the driver must build without warnings"
fi
rm -f "$out"/bb_*.ko
for m in $(awk '/^bb_/ { print $1 }' "$stage/variants"); do
	cp "$stage/$m.ko" "$out/"
done
say "$(ls "$out"/*.ko | wc -l) modules in $out"
# The folder, for scripts that build for another kernel.
printf '%s\n' "$out"
