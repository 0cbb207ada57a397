"""Compares .npy files: compare.py ACTUAL EXPECTED [ACTUAL EXPECTED ...] [--atol A] [--rtol R] [--exact].

Exits 1 (printing the worst element) when shapes differ or values are not close.
"""
import sys

import numpy as np


def main(argv):
    atol, rtol, exact, files = 1e-5, 1e-5, False, []
    i = 0
    while i < len(argv):
        if argv[i] == "--atol":
            atol = float(argv[i + 1]); i += 2
        elif argv[i] == "--rtol":
            rtol = float(argv[i + 1]); i += 2
        elif argv[i] == "--exact":
            exact = True; i += 1
        else:
            files.append(argv[i]); i += 1
    if len(files) % 2:
        print("compare.py: expected pairs of ACTUAL EXPECTED files")
        return 2
    ok = True
    for actual_path, expected_path in zip(files[::2], files[1::2]):
        actual, expected = np.load(actual_path), np.load(expected_path)
        if actual.shape != expected.shape:
            print(f"{actual_path}: shape {actual.shape} != expected {expected.shape}")
            ok = False
            continue
        if actual.dtype != expected.dtype and exact:
            print(f"{actual_path}: dtype {actual.dtype} != expected {expected.dtype}")
            ok = False
            continue
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        close = (a == e) if exact else np.isclose(a, e, atol=atol, rtol=rtol, equal_nan=True)
        if not close.all():
            idx = np.unravel_index(np.argmax(np.abs(a - e)), a.shape)
            print(f"{actual_path}: {int((~close).sum())} of {a.size} elements differ; "
                  f"worst at {idx}: {a[idx]} vs {e[idx]}")
            ok = False
        else:
            print(f"{actual_path}: OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
