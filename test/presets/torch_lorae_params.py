"""PyTorch parameter counts of LoRAE's and RRAE's reference modules, for
test/presets/lorae_rrae.test.ts.

LoRAE (Mazumder et al., WACV 2024; tirthajit/LoRAE_WACV24, model.py): the
AE of that repository, MNIST_Encoder / MNIST_Decoder or Shape_Encoder /
Shape_Decoder with MLP(n, l = 1), one nn.Linear(n, n, bias=False), whose
weight train.py penalizes with torch.linalg.norm(W, ord='nuc'). The modules
are copied from model.py. RRAE's truncated SVD has no parameters: its count
is that of the same networks with l = 0.

Run: /usr/bin/python3 test/presets/torch_lorae_params.py
"""
import json

from torch import nn


class MLP(nn.Module):
    def __init__(self, code_dim, layers):
        super().__init__()
        self.hidden = nn.ModuleList([nn.Linear(code_dim, code_dim, bias=False) for _ in range(layers)])


def shape_encoder(code_dim):
    return nn.Sequential(
        nn.Conv2d(3, 32, 4, 2, 1), nn.ReLU(True),
        nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(True),
        nn.Conv2d(64, 128, 4, 2, 1), nn.ReLU(True),
        nn.Conv2d(128, 256, 4, 2, 1), nn.ReLU(True),
        nn.Conv2d(256, code_dim, 2, 1, 0),
    )


def shape_decoder(code_dim):
    return nn.Sequential(
        nn.ConvTranspose2d(code_dim, 256, 2, 1, 0), nn.ReLU(True),
        nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.ReLU(True),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.ReLU(True),
        nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(True),
        nn.ConvTranspose2d(32, 3, 4, 2, 1), nn.Tanh(),
    )


def mnist_encoder(code_dim):
    return nn.ModuleDict({
        'dcnn': nn.Sequential(
            nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(True),
            nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(True),
            nn.Conv2d(64, 128, 4, 2, 1), nn.ReLU(True),
            nn.Conv2d(128, 256, 4, 2, 1), nn.ReLU(True),
        ),
        'fc': nn.Linear(256 * 2 * 2, code_dim),
    })


def mnist_decoder(code_dim):
    return nn.ModuleDict({
        'fc': nn.Linear(code_dim, 8 * 8 * 128),
        'dcnn': nn.Sequential(
            nn.ReLU(True),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.ReLU(True),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(True),
            nn.ConvTranspose2d(32, 1, 1, 1, 0), nn.Tanh(),
        ),
    })


def count(module):
    return sum(p.numel() for p in module.parameters())


def ae(data, n, layers):
    enc, dec = (mnist_encoder(n), mnist_decoder(n)) if data == 'mnist' else (shape_encoder(n), shape_decoder(n))
    return nn.ModuleDict({'enc': enc, 'dec': dec, 'mlp': MLP(n, layers)})


print(json.dumps({
    'lorae_mnist_128': count(ae('mnist', 128, 1)),
    'lorae_mnist_16': count(ae('mnist', 16, 1)),
    'lorae_shapes_32': count(ae('shapes', 32, 1)),
    'rrae_mnist_128': count(ae('mnist', 128, 0)),
    'rrae_shapes_32': count(ae('shapes', 32, 0)),
}))
