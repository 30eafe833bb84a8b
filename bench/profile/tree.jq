# SPDX-License-Identifier: GPL-2.0-only
# Folded stacks ("a;b;c COUNT" lines, read raw and slurped) to the tree
# d3-flame-graph draws: {name, value, children}, each value the samples
# under that frame, the root named "all".
def fold_tree:
  to_entries
  | map(select(.key != "@n")
        | .value as $v
        | { name: .key,
            value: ([$v | .. | objects | .["@n"]? // empty] | add // 0),
            children: ($v | fold_tree) });

split("\n")
| map(select(test(" [0-9]+$"))
      | capture("^(?<stack>.*) (?<n>[0-9]+)$")
      | { path: (.stack | split(";")), n: (.n | tonumber) })
| reduce .[] as $s ({};
    setpath($s.path + ["@n"]; (getpath($s.path + ["@n"]) // 0) + $s.n))
| { name: "all",
    value: ([.. | objects | .["@n"]? // empty] | add // 0),
    children: fold_tree }
