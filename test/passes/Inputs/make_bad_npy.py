"""Writes .npy files that break each rule of the calibration data reader
into the directory argv[1] (see calibration-data-errors.test)."""
import os
import struct
import sys

import numpy as np

out = sys.argv[1]


def raw(name, header, data=b""):
    """An .npy v1.0 file with the given header dict text."""
    h = header.encode() + b" " * ((-(len(header) + 11)) % 64) + b"\n"
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data)


np.save(os.path.join(out, "ok.npy"), np.ones((4, 1, 4), np.float32))
np.save(os.path.join(out, "ok2.npy"), np.ones((2, 1, 4), np.float32))
np.save(os.path.join(out, "f16.npy"), np.ones((4, 1, 4), np.float16))
np.save(os.path.join(out, "int8.npy"), np.ones((4, 1, 4), np.int8))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(np.ones((4, 1, 4), np.float32)))
with open(os.path.join(out, "text.npy"), "w") as f:
    f.write("not numpy at all\n")
with open(os.path.join(out, "short_header.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00\x40\x00{'descr'")
raw("no_shape.npy", "{'descr': '<f4', 'fortran_order': False, }")
raw("bad_shape.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4, one, 4), }")
# The header promises 4 samples; the data holds one and a half.
raw("short_data.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 1, 4), }",
    np.ones(6, np.float32).tobytes())
