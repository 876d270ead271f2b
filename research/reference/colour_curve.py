#!/usr/bin/env python3
"""A second implementation of the colour question, in PyTorch: does the
reference shape autoencoder learn colour sooner than the tfjs one?

Trains the IRMAE reference code's shape model (bench/reference/train_shapes.py,
PyTorch's default initialisation, Adam with PyTorch's epsilon 1e-8) on the
synthetic shapes with a linear learning-rate warm-up, as research/recipe-sweep.ts
does, and every --eval-every images prints one JSON line: images, MSE on the
evaluation images and the held-out R² of a linear probe from codes to each
continuous factor (least squares on centred codes, the last quarter held
out), as factorProbe computes it, plus the hue columns r - g and g - b
(0 for a code that carries only brightness, as examples/lib/hue-columns.ts). The shapes are drawn with NumPy (a disc of
radius `size`, a square of side size + 1 from the anchor), close to but not
pixel-equal with OpenCV's rasteriser, so compare curves, not digits.

    colour_curve.py --irm 0 --images 200000 --batch 32 --lr 1e-3 --warmup 10000
    colour_curve.py --images 16000 --train-size 16000 --lr 1e-4 --warmup 0 --eval-every 2000   # the paper's rate
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

# The benchmark's PyTorch model, so that both scripts train the same network.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'bench' / 'reference'))
from train_shapes import shape_autoencoder  # noqa: E402

FACTORS = ['x', 'y', 'size', 'r', 'g', 'b', 'r-g', 'g-b']


def draw_shapes(count, rng):
    """Images NCHW float32 in [0, 1) and their factors [count, 8] (x, y, size, r, g, b, r - g, g - b), kind [count]."""
    colour = rng.random((count, 3), dtype=np.float32)
    cx = rng.integers(8, 25, count)
    cy = rng.integers(8, 25, count)
    size = rng.integers(3, 9, count)
    kind = rng.integers(0, 2, count)
    rows, cols = np.mgrid[0:32, 0:32]
    disc = (cols[None] - cx[:, None, None]) ** 2 + (rows[None] - cy[:, None, None]) ** 2 <= size[:, None, None] ** 2
    square = ((cols[None] >= cx[:, None, None]) & (cols[None] <= (cx + size)[:, None, None])
              & (rows[None] >= cy[:, None, None]) & (rows[None] <= (cy + size)[:, None, None]))
    mask = np.where(kind[:, None, None] == 0, disc, square).astype(np.float32)
    images = mask[:, None] * colour[:, :, None, None]
    hue = np.column_stack([colour[:, 0] - colour[:, 1], colour[:, 1] - colour[:, 2]])
    factors = np.column_stack([cx, cy, size, colour, hue]).astype(np.float64)
    return images, factors, kind


def probe(codes, factors):
    """Held-out R² of an affine least-squares fit per factor column (last quarter held out)."""
    split = len(codes) - round(len(codes) * 0.25)
    mean = codes[:split].mean(0)
    fit, held = codes[:split] - mean, codes[split:] - mean
    scores = {}
    for j, name in enumerate(FACTORS):
        y = factors[:, j]
        w, *_ = np.linalg.lstsq(fit, y[:split] - y[:split].mean(), rcond=None)
        predicted = held @ w + y[:split].mean()
        truth = y[split:]
        scores[name] = round(float(1 - ((truth - predicted) ** 2).sum() / ((truth - truth.mean()) ** 2).sum()), 4)
    return scores


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--irm', type=int, default=0)
    parser.add_argument('--images', type=int, default=200000)
    parser.add_argument('--train-size', type=int, default=50000)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--warmup', type=int, default=10000)
    parser.add_argument('--eval-every', type=int, default=25000)
    parser.add_argument('--eval-size', type=int, default=4000)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--latent', type=int, default=32, help='code size (the reference train.py defaults to 128)')
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train, _, _ = draw_shapes(args.train_size, rng)
    evaluation, eval_factors, _ = draw_shapes(args.eval_size, rng)
    train, evaluation = torch.from_numpy(train), torch.from_numpy(evaluation)
    encoder, decoder = shape_autoencoder(latent=args.latent, irm=args.irm)
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=args.lr)
    loss_fn = nn.MSELoss()
    started = time.perf_counter()

    def report(seen):
        with torch.no_grad():
            codes = torch.cat([encoder(evaluation[i:i + 500]) for i in range(0, len(evaluation), 500)])
            mse = torch.cat([(decoder(codes[i:i + 500]) - evaluation[i:i + 500]).pow(2).flatten(1).mean(1)
                             for i in range(0, len(codes), 500)]).mean().item()
        print(json.dumps({'images': seen, 'seconds': round(time.perf_counter() - started, 1), 'mse': round(mse, 6),
                          'probe': probe(codes.numpy().astype(np.float64), eval_factors)}), flush=True)

    report(0)
    seen, step = 0, 0
    while seen < args.images:
        order = torch.randperm(args.train_size)
        for start in range(0, args.train_size, args.batch):
            x = train[order[start:start + args.batch]]
            for group in optimizer.param_groups:
                group['lr'] = args.lr * min(1.0, (step + 1) * args.batch / args.warmup) if args.warmup else args.lr
            optimizer.zero_grad()
            loss_fn(decoder(encoder(x)), x).backward()
            optimizer.step()
            step += 1
            previous, seen = seen, seen + len(x)
            if seen // args.eval_every > previous // args.eval_every:
                report(seen)
            if seen >= args.images:
                break


if __name__ == '__main__':
    main()
