#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# bench/vmware/emulated/work-disk.sh IMAGE MAIN: the emulated VMware
# guest's work disk (label bbwork, 2 GiB, ext4): a copy of this checkout
# (tracked and new files, none ignored, and its .git) as project/, and MAIN as the
# executable "main" its boot job runs (balloonbench-guest).  What the
# guest writes there (project/results/) is read back with debugfs.
set -eu
image=${1:?usage: work-disk.sh IMAGE MAIN}
main=${2:?usage: work-disk.sh IMAGE MAIN}
staging=$(mktemp -d "${TMPDIR:-/tmp}/bb-work-disk.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/project"
git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$staging/project" 2>/dev/null || :
# The history too, so that the guest's result sets name their commit.
[ ! -d .git ] || cp -a .git "$staging/project/"
cp "$main" "$staging/main"
chmod +x "$staging/main"
rm -f "$image"
mkfs.ext4 -q -L bbwork -d "$staging" "$image" 2G >/dev/null
