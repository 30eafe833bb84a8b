#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The emulated VMware guest's disk: a Debian 12 system made by mmdebstrap,
# with what a user on a VMware VM installs to run `make bench HOST=vmware`
# (the build tools, the headers of the guest kernel's exact ABI, git, make,
# DKMS, the suite's runtime packages), its kernel and initramfs beside it
# for a direct boot.  Cached under CACHE/rootfs/KEY/, KEY a hash of the
# package list, the kernel ABI and this script: a second call with the
# same inputs does nothing.
#
# Usage: bench/vmware/emulated/rootfs.sh CACHE_DIR KERNEL_ABI
# Prints the folder: disk.img (raw ext4), vmlinuz, initrd.img, packages.
set -eu

cache=${1:?usage: rootfs.sh CACHE_DIR KERNEL_ABI}
abi=${2:?usage: rootfs.sh CACHE_DIR KERNEL_ABI}
say() { printf 'rootfs: %s\n' "$*" >&2; }
die() { printf 'rootfs: error: %s\n' "$*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
# What a user installs on a Debian 12 VM to run the suite (mk/deps.sh's
# list for HOST=vmware, and DKMS), with the system around it: the kernel of
# the guest's exact ABI, its headers, systemd and udev.
vmware_packages=$(sed -n '/^VMWARE_PACKAGES="/,/^"/{/^[a-z]/p}' "$here/../../../mk/deps.sh")
[ -n "$vmware_packages" ] || die "no VMWARE_PACKAGES in mk/deps.sh"
packages=$(printf '%s\n' $vmware_packages dkms openssl mokutil systemd-sysv udev \
	e2fsprogs "linux-image-$abi-amd64" "linux-headers-$abi-amd64" | sort -u)
# Bumped when the steps below change what the image holds.
recipe=1
key=$({ printf '%s\n' "$packages" "recipe $recipe"; cat "$here/balloonbench-guest" \
	"$here/balloonbench-guest.service"; } | sha256sum | cut -c1-16)
dir=$cache/rootfs/$key
if [ -f "$dir/disk.img" ]; then
	printf '%s\n' "$dir"
	exit 0
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (make deps installs it)"
[ "$(id -u)" -eq 0 ] || die "building the rootfs needs root (mmdebstrap's root mode)"

mkdir -p "$cache/rootfs"
work=$(mktemp -d "$cache/rootfs/.build-XXXXXX")
# Never through a mount left behind (a chroot's /dev is the machine's).
cleanup() {
	grep -q " $work/" /proc/mounts || rm -rf "$work"
}
trap cleanup EXIT INT TERM
start=$(date +%s)
say "building a Debian 12 rootfs with mmdebstrap (once per package list; $key)"
# The archives are this machine's own apt sources (each file holding a
# Debian "deb" entry, given to mmdebstrap as a file); the guest has no
# network, so no sources are left in it.
set --
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	grep -Eq '^[[:space:]]*deb[[:space:]]|^Types:([[:space:]]+[a-z-]+)*[[:space:]]+deb([[:space:]]|$)' "$f" &&
		grep -q debian "$f" && set -- "$@" "$f"
done
[ $# -gt 0 ] || die "no Debian archive in this machine's apt sources"
# shellcheck disable=SC2086 # one word per package
# unshare mode: its chroot's mounts live in a namespace of their own.
mmdebstrap --mode=unshare --variant=apt --include="$(printf '%s\n' $packages | paste -sd, -)" \
	--customize-hook='echo bbguest > "$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 rw 0 1\n" > "$1/etc/fstab"' \
	--customize-hook='chroot "$1" passwd -d root' \
	--customize-hook="copy-in $here/balloonbench-guest /usr/local/sbin" \
	--customize-hook="copy-in $here/balloonbench-guest.service /etc/systemd/system" \
	--customize-hook='chroot "$1" systemctl enable balloonbench-guest.service' \
	--customize-hook='rm -f "$1"/etc/apt/sources.list "$1"/etc/apt/sources.list.d/*' \
	bookworm "$work/root" "$@" >&2 || die "mmdebstrap failed"
cp "$work/root/boot/vmlinuz-$abi-amd64" "$work/vmlinuz"
cp "$work/root/boot/initrd.img-$abi-amd64" "$work/initrd.img"
printf '%s-amd64\n' "$abi" > "$work/kernel-release"
chroot "$work/root" dpkg-query -W -f='${Package} ${Version}\n' > "$work/packages"
size_mib=$(( $(du -sm "$work/root" | cut -f1) + 1536 ))
mkfs.ext4 -q -L bbroot -d "$work/root" "$work/disk.img" "${size_mib}M" >&2 ||
	die "mkfs.ext4 of the rootfs failed"
rm -rf "$work/root"
mv "$work" "$dir"
trap - EXIT INT TERM
say "rootfs ready in $(( $(date +%s) - start )) s: $dir"
printf '%s\n' "$dir"
