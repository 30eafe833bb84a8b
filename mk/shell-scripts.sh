#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The project's shell scripts, one a line, for `make check`: every file git
# knows that ends in .sh or starts with a POSIX or busybox sh line.
set -eu
git ls-files | while read -r f; do
	[ -f "$f" ] || continue
	case $f in
	*.sh) echo "$f" ;;
	*) case $(head -n 1 "$f") in '#!/bin/sh' | '#!/bin/busybox sh') echo "$f" ;; esac ;;
	esac
done
