"""Compares the fix points of an exported .xmodel with those in the IR.

Usage: compare-fix-points.py IR.mlir FIXES.txt [REGION]

IR.mlir is the quantized nndct IR that was exported; FIXES.txt is the output
of `xmodel-check --fixes` for the xmodel of REGION (default: the only graph).
Every `nndct.fix` of the region must appear in the xmodel as the fix op named
`<node>_fix` (`<parameter>_fix` for a fixed dense_resource constant) with the
same fix point, bit width, rounding and signedness; locations may be inline
or `#loc` aliases (--mlir-print-debuginfo);
every other xmodel fix must be one the exporter adds after a layout change
(its input is a reshape/transpose). Prints a summary; exits 1 on mismatch.
"""
import re
import sys

ROUND = {"half_up": "DPU_ROUND", "std_round": "STD_ROUND", "half_even": "PY3_ROUND"}
FIX = re.compile(r"nndct\.fix %\S+ kind <(\w+)> round <(\w+)> bits (\d+)"
                 r"(?: fp (-?\d+))?(.*)$")


ALIAS = re.compile(r'^(#loc\d*) = loc\((.*)\)\s*$')


def first_name(text, aliases, depth=0):
    """The first NameLoc name in a location's text, following aliases."""
    for m in re.finditer(r'"([^"]*)"(?!:)|(#loc\d*)\b', text):
        if m.group(1) is not None:
            return m.group(1)
        if depth < 50 and m.group(2) in aliases:
            name = first_name(aliases[m.group(2)], aliases, depth + 1)
            if name:
                return name
    return None


def ir_fixes(path, region):
    lines = open(path).read().splitlines()
    aliases = {m.group(1): m.group(2) for m in map(ALIAS.match, lines) if m}
    # SSA names repeat across regions: constants are looked up as they are
    # defined, in order.
    consts, fixes, current = {}, {}, None
    for line in lines:
        m = re.search(r'nndct\.region "([^"]+)"', line)
        if m:
            current = m.group(1)
        m = re.search(r'(%\S+) = nndct\.constant dense_resource<([^>]+)>', line)
        if m:
            consts[m.group(1)] = m.group(2).strip('"')
        m = FIX.search(line)
        if not m or (region and current != region):
            continue
        kind, rnd, bits, fp, rest = m.groups()
        signed = "is_signed = false" not in rest
        operand = re.search(r"nndct\.fix (%\S+)", line).group(1)
        if kind in ("weight", "bias") and operand in consts:
            name = consts[operand]
        else:
            loc = rest[rest.rfind(" loc("):]
            name = first_name(loc, aliases)
        fixes[name + "_fix"] = (int(fp), int(bits), ROUND[rnd], int(signed))
    return fixes


def xmodel_fixes(path):
    fixes = {}
    for line in open(path):
        name, fp, bits, rnd, signed, producer = line.split()
        fixes[name] = (int(fp), int(bits), rnd, int(signed), producer)
    return fixes


def main():
    ir = ir_fixes(sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)
    xm = xmodel_fixes(sys.argv[2])
    errors = []
    for name, want in sorted(ir.items()):
        got = xm.get(name)
        if got is None:
            errors.append(f"{name}: in the IR, missing from the xmodel")
        elif got[:4] != want:
            errors.append(f"{name}: IR {want}, xmodel {got[:4]}")
    extra = [n for n in xm if n not in ir]
    for name in extra:
        if xm[name][4] not in ("reshape", "transpose"):
            errors.append(f"{name}: in the xmodel only, after a {xm[name][4]}")
    for e in errors:
        print("MISMATCH " + e)
    print(f"compared {len(ir)} fixes, {len(extra)} layout-change fixes, "
          f"{len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
