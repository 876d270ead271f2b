#!/usr/bin/env python3
"""Reference shape generator (NumPy + OpenCV), for comparison only.

Two modes, both driven by bench/shapes.ts:

  shapes.py bench COUNT
      Generates COUNT images one at a time exactly as the IRMAE reference
      code's ShapeDataset.__getitem__ does (np.random draws, np.zeros,
      cv.circle / cv.rectangle, transpose to CHW) and prints one JSON line:
      {"count": ..., "seconds": ..., "imagesPerSecond": ...}.

  shapes.py draw SIZE < factors.json > pixels.f32
      Reads a JSON list of images, each a list of shapes
      {kind, cx, cy, size, r, g, b}, draws them in order with cv.circle /
      cv.rectangle on a black SIZE x SIZE x 3 float32 canvas and writes the
      NHWC float32 pixels (little-endian) to stdout, so the TypeScript
      generator's pixels can be compared byte for byte with OpenCV's.
"""
import json
import sys
import time

import cv2 as cv
import numpy as np


def reference_image(image_size=32):
    """One image, as ShapeDataset.__getitem__ of the reference code draws it."""
    x = np.zeros((image_size, image_size, 3), dtype=np.float32)
    color = tuple(np.random.random(size=[3]))
    center_x = np.random.randint(8, high=25)
    center_y = np.random.randint(8, high=25)
    size = np.random.randint(3, high=9)
    s = np.random.randint(0, high=2)
    if s == 0:
        cv.circle(x, (center_x, center_y), size, color, -1)
    else:
        cv.rectangle(x, (center_x, center_y), (center_x + size, center_y + size), color, -1)
    return np.transpose(x, [2, 0, 1]), s


def bench(count):
    np.random.seed(0)
    reference_image()  # warm up OpenCV's first call
    t0 = time.perf_counter()
    for _ in range(count):
        reference_image()
    seconds = time.perf_counter() - t0
    print(json.dumps({"count": count, "seconds": seconds, "imagesPerSecond": count / seconds}))


def draw(image_size):
    images = json.load(sys.stdin)
    out = np.zeros((len(images), image_size, image_size, 3), dtype=np.float32)
    for canvas, shapes in zip(out, images):
        for f in shapes:
            color = (f["r"], f["g"], f["b"])
            if f["kind"] == "circle":
                cv.circle(canvas, (f["cx"], f["cy"]), f["size"], color, -1)
            else:
                corner = (f["cx"] + f["size"], f["cy"] + f["size"])
                cv.rectangle(canvas, (f["cx"], f["cy"]), corner, color, -1)
    sys.stdout.buffer.write(out.astype("<f4").tobytes())


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(int(sys.argv[2]))
    elif sys.argv[1] == "draw":
        draw(int(sys.argv[2]))
    else:
        sys.exit("usage: shapes.py bench COUNT | shapes.py draw SIZE < factors.json")
