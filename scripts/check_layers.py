#!/usr/bin/env python3
"""Fails on an #include that goes up the pipeline.

The stage order is the table of sim/README.md (first row = bottom of the pipeline). A file in
sim/<A>/ may include "<B>/..." only if B is A or comes before A in that table. One exception while
the parameters have a single root (issue 22, item 2): scenario/ may include the parameter headers
of later stages (<stage>/*_params.hpp), which themselves include only earlier stages.

    python3 scripts/check_layers.py [--root DIR]   # exit 1 and one line per upward include
    python3 scripts/check_layers.py --self-test    # the check detects a planted upward include
"""
import argparse
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/([^"]+)"')
ROW = re.compile(r"^\|\s*`([a-z_]+)/`\s*\|")


def stage_order(readme):
    order = []
    with open(readme, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if m:
                order.append(m.group(1))
    if not order:
        raise SystemExit(f"{readme}: no stage table (rows like | `stage/` | ... |)")
    return order


def violations(root):
    sim = os.path.join(root, "sim")
    order = stage_order(os.path.join(sim, "README.md"))
    rank = {s: i for i, s in enumerate(order)}
    bad, unknown = [], set()
    for stage in sorted(os.listdir(sim)):
        folder = os.path.join(sim, stage)
        if not os.path.isdir(folder):
            continue
        if stage not in rank:
            unknown.add(stage)
            continue
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target, header = m.group(1), m.group(2)
                        if target not in rank:
                            continue  # generated headers (fundsim_version.hpp) and libraries
                        if rank[target] <= rank[stage]:
                            continue
                        if stage == "scenario" and header.endswith("_params.hpp"):
                            continue  # the single parameter root (see the docstring)
                        rel = os.path.relpath(path, root)
                        bad.append(f"{rel}:{lineno}: {stage}/ includes {target}/{header}, a later stage "
                                   f"({stage} is #{rank[stage] + 1}, {target} is #{rank[target] + 1} in sim/README.md)")
    for stage in sorted(unknown):
        bad.append(f"sim/{stage}/: folder not in the stage table of sim/README.md")
    return bad


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "sim", "low"))
        os.makedirs(os.path.join(tmp, "sim", "high"))
        with open(os.path.join(tmp, "sim", "README.md"), "w") as f:
            f.write("| folder | stage |\n|---|---|\n| `low/` | a |\n| `high/` | b |\n")
        with open(os.path.join(tmp, "sim", "high", "h.hpp"), "w") as f:
            f.write('#include "low/l.hpp"\n')
        with open(os.path.join(tmp, "sim", "low", "l.cpp"), "w") as f:
            f.write('#include "low/l.hpp"\n')
        if violations(tmp):
            print("self-test: a downward include was reported")
            return 1
        with open(os.path.join(tmp, "sim", "low", "l.cpp"), "a") as f:
            f.write('  #include "high/h.hpp"\n')
        bad = violations(tmp)
        if len(bad) != 1 or "sim/low/l.cpp:2" not in bad[0]:
            print("self-test: the upward include was not reported exactly once:", bad)
            return 1
    print("self-test: ok")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    bad = violations(os.path.abspath(a.root))
    for b in bad:
        print(b)
    print(f"{len(bad)} upward include(s)" if bad else "includes go one way (down the pipeline)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
