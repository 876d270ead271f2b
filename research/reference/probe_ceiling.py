#!/usr/bin/env python3
"""How much of each generative factor the codes hold, read four ways: a
second implementation of factorProbe's linear and quadratic probes in NumPy,
a linear probe fitted separately for each (size, kind) group, and a small
MLP (PyTorch). A factor the codes hold in a product with another one (colour
scaled by the shape's area) scores low on the first and high on the others.

Input: the JSON that research/export-codes.ts writes; the last quarter of the
rows is held out, as in factorProbe. Prints one line per probe.

    probe_ceiling.py ae-codes.json
"""
import argparse
import json

import numpy as np
import torch

CONTINUOUS = ['x', 'y', 'size', 'r', 'g', 'b']


def held_out_r2(truth, predicted):
    return 1 - ((truth - predicted) ** 2).sum() / ((truth - truth.mean()) ** 2).sum()


def affine_fit(fit_rows, y, rows):
    """Least squares with an intercept (numpy.linalg.lstsq), applied to rows."""
    design = np.c_[fit_rows, np.ones(len(fit_rows))]
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    return np.c_[rows, np.ones(len(rows))] @ weights


def quadratic_features(codes):
    scaled = (codes - codes.mean(0)) / np.where(codes.std(0) > 0, codes.std(0), np.inf)
    upper = np.triu_indices(codes.shape[1])
    return np.c_[scaled, (scaled[:, :, None] * scaled[:, None, :])[:, upper[0], upper[1]]]


def grouped_prediction(codes, y, groups, split):
    predicted = np.zeros(len(codes) - split)
    for group in np.unique(groups):
        fit = np.flatnonzero(groups[:split] == group)
        held = np.flatnonzero(groups[split:] == group)
        predicted[held] = affine_fit(codes[fit], y[fit], codes[split + held])
    return predicted


def mlp_prediction(codes, y, split, epochs, seed):
    torch.manual_seed(seed)
    mean, std = codes[:split].mean(0), codes[:split].std(0) + 1e-12
    x = torch.tensor((codes - mean) / std, dtype=torch.float32)
    target = torch.tensor((y - y[:split].mean()) / y[:split].std(), dtype=torch.float32)
    net = torch.nn.Sequential(torch.nn.Linear(codes.shape[1], 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1))
    optimizer = torch.optim.Adam(net.parameters(), 1e-3, weight_decay=1e-4)
    for _ in range(epochs):
        order = torch.randperm(split)
        for start in range(0, split, 256):
            batch = order[start:start + 256]
            optimizer.zero_grad()
            ((net(x[batch]).squeeze(1) - target[batch]) ** 2).mean().backward()
            optimizer.step()
    with torch.no_grad():
        return net(x[split:]).squeeze(1).numpy() * y[:split].std() + y[:split].mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('codes', help='JSON from research/export-codes.ts')
    parser.add_argument('--mlp-epochs', type=int, default=100)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = json.load(open(args.codes))
    codes = np.array(data['codes'], dtype=np.float64)
    factors = {name: np.array(data['factors'][name], dtype=np.float64) for name in CONTINUOUS}
    kinds = np.array(data['factors']['kind'])
    split = len(codes) - round(len(codes) * 0.25)
    groups = np.array([f'{size:g} {kind}' for size, kind in zip(factors['size'], kinds)])
    quadratic = quadratic_features(codes)
    probes = {
        'linear': lambda y: affine_fit(codes[:split], y[:split], codes[split:]),
        'quadratic': lambda y: affine_fit(quadratic[:split], y[:split], quadratic[split:]),
        'per size and kind': lambda y: grouped_prediction(codes, y, groups, split),
        'mlp 256-256': lambda y: mlp_prediction(codes, y, split, args.mlp_epochs, args.seed),
    }
    for name, predict in probes.items():
        scores = {factor: held_out_r2(y[split:], predict(y)) for factor, y in factors.items()}
        print(f'{name:<18}' + '  '.join(f'{factor} {score:.3f}' for factor, score in scores.items()), flush=True)


if __name__ == '__main__':
    main()
