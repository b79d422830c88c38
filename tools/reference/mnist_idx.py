"""The MNIST IDX files as numpy arrays, header checked: the one loader of the Python scripts under
tools/ (reference/ and peer/). numpy only, so that every peer environment can import it.

  images, labels = load(DATA, "train")   # float32 (n, 784) in [0, 1], uint8 (n,)

A file whose magic number, sizes or length do not match stops the program (exit status 2) with a
message naming the file, what was expected and what was found.
"""
import struct
import sys

import numpy as np


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def idx(path, magic, dims):
    """An IDX file's payload as uint8, after checking its magic number and dimensions (None: any)."""
    with open(path, "rb") as f:
        header = f.read(4 + 4 * len(dims))
        if len(header) < 4 + 4 * len(dims):
            fail(f"{path}: header: expected {4 + 4 * len(dims)} bytes, found {len(header)}")
        found = struct.unpack(">%dI" % (1 + len(dims)), header)
        if found[0] != magic or any(d is not None and d != n for d, n in zip(dims, found[1:])):
            fail(f"{path}: header: expected magic {magic:#x} and sizes {dims}, found"
                 f" {found[0]:#x} and {list(found[1:])}")
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(found[1:])):
        fail(f"{path}: expected {int(np.prod(found[1:]))} bytes after the header, found {data.size}")
    return data


def load(data, prefix):
    """DATA/PREFIX-images-idx3-ubyte / 255 as float32 rows of 784, and the labels as uint8."""
    data = data.rstrip("/")
    images = idx(f"{data}/{prefix}-images-idx3-ubyte", 0x803, (None, 28, 28))
    labels = idx(f"{data}/{prefix}-labels-idx1-ubyte", 0x801, (None,))
    x = images.reshape(-1, 784).astype(np.float32) / 255
    if len(x) != len(labels):
        fail(f"{data}/{prefix}: {len(x)} images but {len(labels)} labels")
    if labels.size and labels.max() > 9:
        at = int(np.argmax(labels > 9))
        fail(f"{data}/{prefix}-labels-idx1-ubyte: record {at}: expected a label 0-9, found"
             f" {labels[at]}")
    return x, labels
