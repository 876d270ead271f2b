#!/usr/bin/env python3
"""PyTorch reference for bench/training.ts: the same autoencoders, timed on the CPU.

Comparison only; the library does not depend on Python. `--model shapes`
(the default) is the IRMAE reference code's shape model (NCHW): encoder
Conv(3->32->64->128->256, k4 s2 p1) + ReLU, Conv(256->32, k2 s1 p0); `irm`
bias-free Linear(32, 32) layers (the paper's l); decoder ConvT(32->256, k2 s1
p0) + ReLU, ConvT(256->128->64->32, k4 s2 p1) + ReLU, ConvT(32->3, k4 s2 p1)
+ Tanh. `--model mnist` is its MNIST model: Conv(1->32->64->128->256, k4 s2
p1) + ReLU, Linear(1024 -> 128); `irm` Linear(128, 128) layers; Linear(128 ->
8*8*128), ReLU, ConvT(128->64->32, k4 s2 p1) + ReLU, ConvT(32->1, k1) + Tanh.
Adam(lr 1e-4), MSE, batch 32, inputs uniform in [0, 1).

    train_shapes.py --threads T --steps N --irm L --encode-count M [--model mnist]

prints one JSON line:
    {"threads": T, "trainImagesPerSecond": ..., "encodeImagesPerSecond": ...,
     "trainCpuImagesPerSecond": ..., "encodeCpuImagesPerSecond": ...,
     "trainSteps": N, "batch": 32, "encodeCount": M, "torch": "2.x"}
"""
import argparse
import json
import time

import torch
from torch import nn


def shape_autoencoder(latent=32, irm=2):
    encoder = nn.Sequential(
        nn.Conv2d(3, 32, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 128, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(128, 256, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(256, latent, 2, 1, 0), nn.Flatten(),
        *[nn.Linear(latent, latent, bias=False) for _ in range(irm)],
    )
    decoder = nn.Sequential(
        nn.Unflatten(1, (latent, 1, 1)),
        nn.ConvTranspose2d(latent, 256, 2, 1, 0), nn.ReLU(),
        nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(32, 3, 4, 2, 1), nn.Tanh(),
    )
    return encoder, decoder


def mnist_autoencoder(latent=128, irm=8):
    encoder = nn.Sequential(
        nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 128, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(128, 256, 4, 2, 1), nn.ReLU(),
        nn.Flatten(), nn.Linear(256 * 2 * 2, latent),
        *[nn.Linear(latent, latent, bias=False) for _ in range(irm)],
    )
    decoder = nn.Sequential(
        nn.Linear(latent, 8 * 8 * 128), nn.Unflatten(1, (128, 8, 8)), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(32, 1, 1, 1, 0), nn.Tanh(),
    )
    return encoder, decoder


MODELS = {'shapes': (shape_autoencoder, 3), 'mnist': (mnist_autoencoder, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--steps', type=int, default=30)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--irm', type=int, default=2)
    parser.add_argument('--encode-count', type=int, default=10000)
    parser.add_argument('--encode-batch', type=int, default=500)
    parser.add_argument('--model', choices=sorted(MODELS), default='shapes')
    args = parser.parse_args()
    build, channels = MODELS[args.model]

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    encoder, decoder = build(irm=args.irm)
    params = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-4)
    loss_fn = nn.MSELoss()
    x = torch.rand(args.batch, channels, 32, 32)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(decoder(encoder(x)), x)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    train_seconds = time.perf_counter() - start
    train_cpu_seconds = time.process_time() - start_cpu

    images = torch.rand(args.encode_count, channels, 32, 32)
    with torch.no_grad():
        encoder(images[: args.encode_batch])
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(0, args.encode_count, args.encode_batch):
            encoder(images[i : i + args.encode_batch]).numpy()
        encode_seconds = time.perf_counter() - start
        encode_cpu_seconds = time.process_time() - start_cpu

    print(json.dumps({
        'threads': args.threads,
        'trainImagesPerSecond': args.steps * args.batch / train_seconds,
        'encodeImagesPerSecond': args.encode_count / encode_seconds,
        # Per second of CPU time (all threads): what the cores would do without other jobs.
        'trainCpuImagesPerSecond': args.steps * args.batch / train_cpu_seconds,
        'encodeCpuImagesPerSecond': args.encode_count / encode_cpu_seconds,
        'trainSteps': args.steps,
        'batch': args.batch,
        'encodeCount': args.encode_count,
        'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
