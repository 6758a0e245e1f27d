#!/usr/bin/env python3
"""Writes the bundled Fashion-MNIST subset (data/fashion-mnist-mini) from Debian's full copy.

Takes the first N images of each class, in file order, from the train and test IDX files of
`apt-get install dataset-fashion-mnist`, and writes them as gzip IDX files with the original
names, so `--data fashion-mnist:data/fashion-mnist-mini:train` reads them.
Usage: scripts/tools/make-fashion-mnist-mini.py [SRC_DIR] [OUT_DIR] [TRAIN_PER_CLASS] [TEST_PER_CLASS]
"""
import gzip
import struct
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
out = sys.argv[2] if len(sys.argv) > 2 else "data/fashion-mnist-mini"
per_class = {"train": int(sys.argv[3]) if len(sys.argv) > 3 else 300,
             "t10k": int(sys.argv[4]) if len(sys.argv) > 4 else 100}

for prefix, n in per_class.items():
    with gzip.open(f"{src}/{prefix}-images-idx3-ubyte.gz") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        images = f.read()
    with gzip.open(f"{src}/{prefix}-labels-idx1-ubyte.gz") as f:
        magic_l, count_l = struct.unpack(">II", f.read(8))
        labels = f.read()
    assert magic == 0x803 and magic_l == 0x801 and count == count_l
    taken, seen = [], [0] * 10
    for i, lab in enumerate(labels):
        if seen[lab] < n:
            seen[lab] += 1
            taken.append(i)
    size = rows * cols
    # mtime=0 keeps the files byte-identical between runs
    with gzip.GzipFile(f"{out}/{prefix}-images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, len(taken), rows, cols))
        for i in taken:
            f.write(images[i * size:(i + 1) * size])
    with gzip.GzipFile(f"{out}/{prefix}-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(taken)))
        f.write(bytes(labels[i] for i in taken))
    print(prefix, len(taken), "images")
