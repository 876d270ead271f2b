"""PyTorch reference for test/regularizers: LoRAE's penalty
`torch.linalg.norm(W, ord='nuc')` (tirthajit/LoRAE_WACV24, train.py) and its
autograd gradient, in float64, on float32 matrices.

Cases (16 x 16 unless named): Gaussian; ill-conditioned, U diag(s) V^T with
U, V the Q factors of Gaussian matrices and s log-spaced from 1 to 1e-7;
rank 4, the product of integer matrices 16 x 4 and 4 x 16 divided by 8
(exact in float32); Gaussian 12 x 20. Each matrix is rounded to float32 and
written as it is; the value and gradient are of that float32 matrix in float64.

Run: /usr/bin/python3 test/regularizers/torch_nuclear_norm.py > test/regularizers/torch_nuclear_norm.json
"""
import json

import torch

torch.manual_seed(27)
n = 16


def orthogonal(size):
    return torch.linalg.qr(torch.randn(size, size, dtype=torch.float64))[0]


cases = {
    'gaussian': torch.randn(n, n, dtype=torch.float64),
    'ill-conditioned': orthogonal(n) @ torch.diag(torch.logspace(0, -7, n, dtype=torch.float64)) @ orthogonal(n).T,
    'rank 4': (torch.randint(-4, 5, (n, 4)) @ torch.randint(-4, 5, (4, n))).double() / 8,
    'gaussian 12 x 20': torch.randn(12, 20, dtype=torch.float64),
}

out = {'torch': torch.__version__, 'cases': []}
for name, matrix in cases.items():
    w = matrix.float().double().requires_grad_(True)
    value = torch.linalg.norm(w, ord='nuc')
    value.backward()
    s = torch.linalg.svdvals(w.detach())
    out['cases'].append({
        'name': name,
        'shape': list(w.shape),
        'w': w.detach().flatten().tolist(),
        'value': value.item(),
        'grad': w.grad.flatten().tolist(),
        'singularValues': s.tolist(),
    })
print(json.dumps(out))
