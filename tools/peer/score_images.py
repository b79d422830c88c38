#!/usr/bin/env python3
"""The peer of Neuron's image-folder scoring, for jobs/bench-eval.sh: one process, one core.

Lists FOLDER recursively, decodes every file with Pillow, converts it to grey ('L': ITU-R 601 luma,
the weights Neuron uses), shrinks it to SIDE x SIDE with Pillow's BOX filter (area averaging, as
Neuron does) when its size differs, divides by 255, and runs the 784-512-10 forward pass (relu,
softmax) in numpy float32 over batches of 512 with random weights (only speed matters). The label
is the parent folder's name. Prints one RESULT line: images, wall and CPU seconds (listing
included; Python's start and the imports of numpy and Pillow are not), images/s.

With --draft, a JPEG is first decoded at a reduced scale (Pillow's `draft('L', (SIDE, SIDE))`:
libjpeg's scale_denom, the smallest of 1/2, 1/4, 1/8 that keeps the image at least SIDE, and its
Y plane straight from the decoder), as Neuron's --resize-draft does.

    OPENBLAS_NUM_THREADS=1 python3 tools/peer/score_images.py FOLDER [SIDE] [--draft]
"""
import os
import sys
import time

import numpy as np
from PIL import Image


def main():
    argv = sys.argv[1:]
    shard, shards = 0, 1
    if '--shard' in argv:
        at = argv.index('--shard')
        shard, shards = (int(x) for x in argv[at + 1].split('/'))
        del argv[at:at + 2]
    args = [a for a in argv if a != '--draft']
    draft = '--draft' in argv
    folder = args[0]
    side = int(args[1]) if len(args) > 1 else 28
    t0, c0 = time.perf_counter(), time.process_time()
    files = []
    for d, _, names in os.walk(folder):
        files.extend(os.path.join(d, n) for n in names if not n.startswith(('.', '_')))
    if shards > 1:
        files = sorted(files)[shard::shards]
    listing = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    w1 = rng.standard_normal((side * side, 512), dtype=np.float32) * 0.05
    b1 = np.zeros(512, np.float32)
    w2 = rng.standard_normal((512, 10), dtype=np.float32) * 0.05
    b2 = np.zeros(10, np.float32)
    batch = np.empty((512, side * side), np.float32)
    labels = np.empty(512, np.int64)
    correct = count = 0

    def forward(n):
        h = np.maximum(batch[:n] @ w1 + b1, 0)
        z = h @ w2 + b2
        z = np.exp(z - z.max(axis=1, keepdims=True))
        p = z / z.sum(axis=1, keepdims=True)
        return int((p.argmax(axis=1) == labels[:n]).sum())

    n = 0
    for f in files:
        with Image.open(f) as img:
            if draft:
                img.draft('L', (side, side))
            g = img.convert('L')
            if g.size != (side, side):
                g = g.resize((side, side), Image.BOX)
            batch[n] = np.asarray(g, dtype=np.float32).reshape(-1) / 255.0
        parent = os.path.basename(os.path.dirname(f))
        labels[n] = int(parent) if parent.isdigit() else -1
        n += 1
        if n == 512:
            correct += forward(n)
            count += n
            n = 0
    if n:
        correct += forward(n)
        count += n
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"RESULT peer images variant={'draft' if draft else 'plain'} shard={shard}/{shards} n={count} seconds={wall:.2f} cpu-seconds={cpu:.2f} listing-seconds={listing:.2f}"
          f" images/s={count / wall:.0f} per-core(wall)={count / wall:.0f}"
          f" per-cpu-second={count / cpu:.0f} accuracy={correct / max(count, 1):.4f}")


if __name__ == "__main__":
    main()
