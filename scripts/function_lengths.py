#!/usr/bin/env python3
"""Lengths of C++ function definitions under a folder (issue 22: the year step and the longest
functions; a rough scanner, not a parser): a definition starts at a line that opens a
brace after a parameter list at column 0 or 2 (free functions, out-of-class members) and ends at
the matching closing brace. Prints the N longest and the length of CellModel::run_path."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else "sim"
n_top = int(sys.argv[2]) if len(sys.argv) > 2 else 5
start = re.compile(r"^(?:[A-Za-z_][\w:<>,\s\*&~]*?\s)?([~A-Za-z_][\w:~]*)\s*\((.*)$")
res = []
for dp, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith((".cpp", ".hpp")): continue
        p = os.path.join(dp, f)
        L = open(p, encoding="utf-8").read().split("\n")
        i = 0
        while i < len(L):
            line = L[i].split("//")[0].rstrip()  # a declaration may carry a trailing comment
            m = start.match(line)
            if m and not line.startswith((" ", "\t", "#", "//")) and not line.rstrip().endswith(";") \
                    and m.group(1) not in ("if", "for", "while", "switch", "return", "namespace", "struct", "class"):
                # find the opening brace of the body within a few lines
                j = i
                while j < len(L) and j < i + 8 and "{" not in L[j] and not L[j].split("//")[0].rstrip().endswith(";"):
                    j += 1
                if j < len(L) and "{" in L[j] and not L[j].rstrip().endswith(";"):
                    depth, k = 0, j
                    while k < len(L):
                        depth += L[k].count("{") - L[k].count("}")
                        if depth <= 0 and k >= j: break
                        k += 1
                    res.append((k - i + 1, f"{p}:{i+1}", m.group(1)))
                    i = k + 1
                    continue
            i += 1
res.sort(reverse=True)
for n, where, name in res[:n_top]:
    print(f"{n:5d}  {name}  {where}")
for n, where, name in res:
    if name.endswith("run_path"): print(f"year step: {name} {n} lines ({where})")
