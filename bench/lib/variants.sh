# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the scripts and tests that name our driver's variants:
# bench/matrix/run.sh, bench/matrix/compare-upstream.sh, bench/vmware/run.sh
# and tests/e2e/lib.sh.  The list itself is driver/variants.

# bb_variants: our driver's variants, in driver/variants' order, on one
# line; from the checkout's top folder, or BB_TOP.
bb_variants() {
	awk '/^bb_/ { printf "%s%s", sep, $1; sep = " " } END { print "" }' \
		"${BB_TOP:-.}/driver/variants"
}

# bb_variants_file [ONLY]: driver/variants, or with ONLY ("a b") only
# those variants' lines; fails when ONLY names none of them.
bb_variants_file() {
	awk -v only=" ${1:-} " 'only == "  " || !/^bb_/ || index(only, " " $1 " ") { print }
		/^bb_/ && (only == "  " || index(only, " " $1 " ")) { n++ }
		END { exit n == 0 }' "${BB_TOP:-.}/driver/variants"
}
