# SPDX-License-Identifier: GPL-2.0-only
# awk functions over the rules of bench/profile/categories, for the
# programs of bench/profile/breakdown and report (prepended to each).

# categories_load FILE: the rules, in their order, as cat_name[1..cat_n]
# and cat_re[1..cat_n] (each matching whole symbol names).
function categories_load(file,   line) {
	while ((getline line < file) > 0) {
		if (line ~ /^#/ || line !~ /[^ ]/)
			continue
		cat_n++
		cat_name[cat_n] = substr(line, 1, index(line, " ") - 1)
		cat_re[cat_n] = "^(" substr(line, index(line, " ") + 1) ")$"
	}
	close(file)
}

# category_of SYMBOL: the category of the first rule that matches SYMBOL,
# or "" when none does.
function category_of(symbol,   i) {
	for (i = 1; i <= cat_n; i++)
		if (symbol ~ cat_re[i])
			return cat_name[i]
	return ""
}
