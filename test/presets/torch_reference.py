"""PyTorch reference numbers for test/presets/*.test.ts.

Builds the shape model of the IRMAE reference code (facebookresearch/irmae,
NCHW) with deterministic weights and inputs, so the tfjs presets can be
compared without pasting weights: both sides fill every PyTorch parameter,
flattened in PyTorch's layout, with

    p[i] = u(i, k) * sqrt(24 / fan_in)   (weights: He-like scale)
    p[i] = u(i, k) * 0.2                 (biases)

where u(i, k) in [-0.5, 0.5) is a 32-bit integer hash of the flat index i and
the parameter's index k in `model.parameters()` (exact in both languages), and
fan_in is in_channels * kh * kw of the forward map. Input pixel (n, c, h, w):
((7n + 3c + 5h + 11w) mod 17) / 16.

Run: /usr/bin/python3 test/presets/torch_reference.py
"""
import json
import math

import torch
from torch import nn


def encoder(dim=32):
    return nn.Sequential(
        nn.Conv2d(3, 32, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(64, 128, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(128, 256, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(256, dim, 2, 1, 0),
    )


def decoder(dim=32):
    return nn.Sequential(
        nn.ConvTranspose2d(dim, 256, 2, 1, 0), nn.ReLU(),
        nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(32, 3, 4, 2, 1), nn.Tanh(),
    )


def u(i, k):
    m = 0xFFFFFFFF
    h = (i * 0x9E3779B1 + (k + 1) * 0x85EBCA6B) & m
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & m
    h ^= h >> 12
    return h / 2**32 - 0.5


def fill(module):
    for k, (name, p) in enumerate(module.named_parameters()):
        hashed = torch.tensor([u(j, k) for j in range(p.numel())], dtype=torch.float64)
        if name.endswith('weight'):
            conv = dict(module.named_modules())[name.rsplit('.', 1)[0]]
            fan_in = conv.in_channels * p.shape[2] * p.shape[3]
            v = hashed * math.sqrt(24 / fan_in)
        else:
            v = hashed * 0.2
        with torch.no_grad():
            p.copy_(v.reshape(p.shape).float())


def pattern(n, c, h, w):
    idx = torch.meshgrid(*[torch.arange(s) for s in (n, c, h, w)], indexing='ij')
    return (((7 * idx[0] + 3 * idx[1] + 5 * idx[2] + 11 * idx[3]) % 17) / 16).float()


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous()


def rounded(t):
    return [float(f'{v:.6g}') for v in t.flatten().tolist()]


out = {}

# One conv k4 s2 p1 (3 -> 2 channels, 6x6 -> 3x3) and one transposed conv
# k4 s2 p1 (2 -> 3 channels, 3x3 -> 6x6), single-layer padding checks.
conv = nn.Sequential(nn.Conv2d(3, 2, 4, 2, 1))
fill(conv)
convt = nn.Sequential(nn.ConvTranspose2d(2, 3, 4, 2, 1))
fill(convt)
with torch.no_grad():
    out['conv_k4s2p1'] = rounded(nhwc(conv(pattern(2, 3, 6, 6))))
    out['convt_k4s2p1'] = rounded(nhwc(convt(pattern(2, 2, 3, 3))))

# The full shape model: codes and summary statistics of the reconstruction.
enc, dec = encoder(), decoder()
fill(enc)
fill(dec)
with torch.no_grad():
    x = pattern(2, 3, 32, 32)
    code = enc(x).flatten(1)
    y = nhwc(dec(code[:, :, None, None]))
out['code'] = rounded(code)
out['recon_sum'] = float(f'{y.double().sum().item():.8g}')
out['recon_sum_sq'] = float(f'{(y.double() ** 2).sum().item():.8g}')
out['recon_first_row'] = rounded(y[0, 0, :, :])  # image 0, row 0, all x and channels
out['encoder_params'] = sum(p.numel() for p in enc.parameters())
out['decoder_params'] = sum(p.numel() for p in dec.parameters())
out['linear_params_per_layer'] = nn.Linear(32, 32, bias=False).weight.numel()
print(json.dumps(out))
