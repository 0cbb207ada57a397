"""Compares the shifts on the ops of an exported .xmodel with the IR's.

Usage: compare-shifts.py IR.mlir LISTING.txt

IR.mlir is the quantized nndct IR that was exported, LISTING.txt the output
of `xmodel-check` for its xmodel. Every `#nndct.shifts<...>` of the IR must
appear on an XIR op as shift_cut / shift_bias / shift_read / shift_write
with the same values, and no XIR op may carry shifts the IR does not have.
Prints a summary; exits 1 on mismatch.
"""
import re
import sys

KEYS = ("cut", "bias", "read", "write")


def ir_shifts(text):
    out = []
    for m in re.finditer(r"#nndct\.shifts<([^>]*)>", text):
        d = dict(re.findall(r"(\w+) = (-?\d+)", m.group(1)))
        out.append(tuple(d.get(k) for k in KEYS))
    return sorted(out, key=str)


def xmodel_shifts(text):
    out = []
    for line in text.splitlines():
        d = dict(re.findall(r"\bshift_(\w+)=(-?\d+)", line))
        if d:
            out.append(tuple(d.get(k) for k in KEYS))
    return sorted(out, key=str)


def main():
    a = ir_shifts(open(sys.argv[1]).read())
    b = xmodel_shifts(open(sys.argv[2]).read())
    if a != b:
        print(f"mismatch: IR {a} vs xmodel {b}")
        return 1
    print(f"shifts: {len(a)} ops, all equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
