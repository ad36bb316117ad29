#!/usr/bin/env python3
"""Where a process's memory grew between two points of the app bench (BENCH_SMAPS=DIR).

Usage: benches/app/smaps-diff.py BEFORE.smaps AFTER.smaps [N]
Prints the N mappings (by file, or [anon] / [heap]) whose PSS grew most, in MB.
"""
import re
import sys
from collections import defaultdict


def pss_by_mapping(path):
    out = defaultdict(float)
    name = None
    with open(path) as f:
        for line in f:
            head = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
            if head:
                name = head.group(1).strip() or "[anon]"
                continue
            if line.startswith("Pss:"):
                out[name] += int(line.split()[1]) / 1024
    return out


def main():
    before, after = pss_by_mapping(sys.argv[1]), pss_by_mapping(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    rows = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in set(before) | set(after)), reverse=True)
    print(f"total {sum(before.values()):.1f} -> {sum(after.values()):.1f} MB")
    for d, k in rows[:n]:
        print(f"{d:+8.2f}  {after.get(k, 0):8.2f}  {k}")
    print("...")
    for d, k in rows[-5:]:
        print(f"{d:+8.2f}  {after.get(k, 0):8.2f}  {k}")


if __name__ == "__main__":
    main()
