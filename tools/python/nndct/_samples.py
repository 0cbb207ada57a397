"""The batches quant_model sees, kept on disk instead of in memory.

One .npy file per model input in a temporary folder: each batch is appended
as it comes, and the header (written with room to spare) gets the final
sample count when the files are handed to the compiler, which streams them
like `nndct quantize --calib-data` files. Calibrating on 1000 ImageNet
images then costs disk, not 600 MB of memory.
"""

import os
import tempfile

import numpy as np

# Magic, version, header length, then the padded header: 256 bytes leave
# room for any shape.
_HEADER_BYTES = 256


def _header(shape):
    text = repr({"descr": "<f4", "fortran_order": False, "shape": tuple(shape)})
    room = _HEADER_BYTES - 10
    text = text.ljust(room - 1) + "\n"
    if len(text) != room:
        raise ValueError(f"sample shape {shape} is too long for the header")
    return b"\x93NUMPY\x01\x00" + room.to_bytes(2, "little") + text.encode("latin1")


class SampleFiles:
    """Batches of one N x sample float32 array per input, appended to
    files; `paths()` completes them."""

    def __init__(self, what):
        self.what = what
        self.count = 0
        self._folder = None
        self._files = []
        self._shapes = None

    def __len__(self):
        return self.count

    def append(self, arrays):
        shapes = [a.shape[1:] for a in arrays]
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="nndct-samples-")
            self._shapes = shapes
            for i, shape in enumerate(shapes):
                f = open(os.path.join(self._folder.name, f"input_{i}.npy"), "wb")
                f.write(_header((0, *shape)))
                self._files.append(f)
        elif shapes != self._shapes:
            raise ValueError(f"{self.what}: a batch of samples shaped {shapes}, "
                             f"the first were {self._shapes}")
        for f, a in zip(self._files, arrays):
            f.write(np.ascontiguousarray(a, dtype="<f4").tobytes())
        self.count += arrays[0].shape[0]

    def paths(self):
        """The files, complete (the batches so far)."""
        for f, shape in zip(self._files, self._shapes):
            f.flush()
            end = f.tell()
            f.seek(0)
            f.write(_header((self.count, *shape)))
            f.seek(end)
            f.flush()
        return [f.name for f in self._files]

    def close(self):
        for f in self._files:
            f.close()
        if self._folder is not None:
            self._folder.cleanup()
        self._folder, self._files, self.count = None, [], 0
