#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS packaging of the driver's variants, for a VMware VM that keeps them
# built for every kernel it installs: `make dkms` stages the sources as
# /usr/src/balloonbench-VERSION with a dkms.conf naming each module of
# driver/variants, then runs dkms add, build and install; `make
# dkms-remove` takes every version out again.  DKMS signs the modules with
# the machine's MOK key where it has one (/var/lib/dkms/mok.key, enrolled
# with mokutil), as a kernel under Secure Boot requires.
#
# Usage: driver/dkms.sh install|remove TOP_DIR [KERNEL_RELEASE];
# BB_ONLY_VARIANTS="a b" installs only those.
set -eu

action=${1:?usage: dkms.sh install|remove TOP_DIR [KERNEL_RELEASE]}
top=${2:?usage: dkms.sh install|remove TOP_DIR [KERNEL_RELEASE]}
kernel=${3:-$(uname -r)}
name=balloonbench
say() { printf 'dkms: %s\n' "$*" >&2; }
die() { printf 'dkms: error: %s\n' "$*" >&2; exit 2; }

command -v dkms >/dev/null || die "DKMS is not installed (apt-get install dkms)"
[ "$(id -u)" -eq 0 ] || die "dkms $action needs root"

case "$action" in
remove)
	for v in $(dkms status "$name" 2>/dev/null | sed -n "s|^$name/\([^,:]*\).*|\1|p" | sort -u); do
		say "removing $name/$v"
		dkms remove "$name/$v" --all >&2 || die "dkms remove $name/$v failed"
		rm -rf "/usr/src/$name-$v"
	done
	exit 0
	;;
install) ;;
*) die "unknown action '$action' (install or remove)" ;;
esac

# A version DKMS accepts, from the commit: 0.DATE+gSHA.
version=$(git -C "$top" log -1 --format='0.%cd+g%h' --date=format:%Y%m%d 2>/dev/null) ||
	version=0.0+local
src=/usr/src/$name-$version
rm -rf "$src"
mkdir -p "$src"
cp "$top"/driver/*.c "$top"/driver/*.h "$top"/driver/Kbuild \
	"$top"/include/vmw_balloon_proto.h "$src/"
# BB_ONLY_VARIANTS="a b": only those variants.
# shellcheck source=bench/lib/variants.sh
. "$top/bench/lib/variants.sh"
BB_TOP=$top bb_variants_file "${BB_ONLY_VARIANTS:-}" >"$src/variants" ||
	die "BB_ONLY_VARIANTS='${BB_ONLY_VARIANTS:-}' names none of driver/variants"
{
	printf 'PACKAGE_NAME="%s"\nPACKAGE_VERSION="%s"\n' "$name" "$version"
	# shellcheck disable=SC2016 # DKMS expands these
	printf 'MAKE[0]="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build modules"\n'
	# shellcheck disable=SC2016
	printf 'CLEAN="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build clean"\n'
	awk '/^bb_/ { printf "BUILT_MODULE_NAME[%d]=\"%s\"\nDEST_MODULE_LOCATION[%d]=\"/updates/dkms\"\n", n, $1, n; n++ }' \
		"$src/variants"
	# Rebuilt for each new kernel.  They have no device alias, so udev
	# never loads them: the stock driver stays the VM's.
	printf 'AUTOINSTALL="yes"\n'
} >"$src/dkms.conf"
say "$name/$version: add, build and install for $kernel"
dkms add "$name/$version" >&2 || die "dkms add $name/$version failed"
dkms build "$name/$version" -k "$kernel" >&2 || die "dkms build $name/$version failed (see /var/lib/dkms/$name/$version/build/make.log)"
dkms install "$name/$version" -k "$kernel" >&2 || die "dkms install $name/$version failed"
say "installed: $(dkms status "$name/$version" -k "$kernel")"
