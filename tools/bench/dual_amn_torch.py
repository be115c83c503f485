#!/usr/bin/env python3
"""PyTorch reference for `zoo bench dual-amn-step`: one Dual-AMN training step (Mao et al. 2021) written
the way the official code computes it (per-edge gathers, a segment softmax, dense B×N loss matrices), on
the graph the zoo exported, on this machine's CPU with 2 threads.

Usage: dual_amn_torch.py DIR STEPS [--flush-denormal]   (DIR holds meta.json and the int32/float32 arrays
the bench wrote; --flush-denormal: torch.set_flush_denormal(True), subnormal floats read as 0)
Prints progress on stderr and one JSON line {"ms_per_step": median, "steps": [...], "loss": first} on stdout.
Debian: apt-get install python3-torch (used only here, never as a dependency of the zoo)."""
import json
import warnings
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(2)
warnings.filterwarnings('ignore', message='.*beta')  # sparse CSR, scatter_reduce
torch.manual_seed(0)


def load(d):
    meta = json.load(open(os.path.join(d, 'meta.json')))
    arr = {}
    for name, dtype in meta['arrays'].items():
        arr[name] = torch.from_numpy(np.fromfile(os.path.join(d, name + '.bin'), dtype=dtype).copy())
    return meta, arr


def sparse(indptr, indices, values, rows, cols):
    return torch.sparse_csr_tensor(indptr.long(), indices.long(), values, size=(rows, cols)).to_sparse_coo()


def main():
    d, steps = sys.argv[1], int(sys.argv[2])
    if '--flush-denormal' in sys.argv:
        torch.set_flush_denormal(True)
    meta, a = load(d)
    N, R, hidden, depth, M = meta['N'], meta['R'], 128, 2, 64
    D = hidden * (depth + 1)
    ent_adj = sparse(a['ent_indptr'], a['ent_indices'], a['ent_values'], N, N)
    rel_adj = sparse(a['rel_indptr'], a['rel_indices'], a['rel_values'], N, 2 * R)
    kind_rel = sparse(a['kind_indptr'], a['kind_indices'], a['kind_values'], meta['K'], 2 * R)
    src, dst, kind = a['src'].long(), a['dst'].long(), a['kind'].long()
    left, right = a['left'].long(), a['right'].long()

    def param(*shape, init='uniform'):
        t = torch.empty(*shape)
        if init == 'uniform':
            torch.nn.init.uniform_(t, -0.05, 0.05)
        elif init == 'zeros':
            torch.nn.init.zeros_(t)
        else:
            torch.nn.init.xavier_uniform_(t)
        return torch.nn.Parameter(t)

    ent_emb, rel_emb = param(N, hidden), param(2 * R, hidden)
    enc = {}
    for e in 'er':
        enc[e] = dict(attn=[param(hidden, 1, init='glorot') for _ in range(depth)], proxy=param(M, D, init='glorot'),
                      gate=param(D, D, init='glorot'), bias=param(D, init='zeros'))
    params = [ent_emb, rel_emb] + [p for e in enc.values() for p in e['attn'] + [e['proxy'], e['gate'], e['bias']]]
    opt = torch.optim.RMSprop(params, lr=0.005, alpha=0.9, eps=1e-7)  # Keras RMSprop defaults

    def encoder(x, u_edge, p):
        outs = [torch.tanh(x)]
        for l in range(depth):
            h = outs[-1]
            z = (u_edge @ p['attn'][l]).squeeze(1)
            zmax = torch.full((N,), -float('inf')).scatter_reduce(0, src, z, reduce='amax', include_self=True)
            ez = torch.exp(z - zmax[src])
            alpha = ez / torch.zeros(N).index_add_(0, src, ez)[src]
            hj = h[dst]
            m = hj - 2 * (hj * u_edge).sum(1, keepdim=True) * u_edge
            outs.append(torch.tanh(torch.zeros(N, hidden).index_add_(0, src, alpha[:, None] * m)))
        out = torch.cat(outs, 1)
        att = torch.softmax(torch.nn.functional.normalize(out, dim=1) @ torch.nn.functional.normalize(p['proxy'], dim=1).t(), 1)
        delta = out - att @ p['proxy']
        g = torch.sigmoid(delta @ p['gate'] + p['bias'])
        return g * out + (1 - g) * delta

    def squared_dist(A, B):
        return (A * A).sum(1, keepdim=True) + (B * B).sum(1)[None, :] - 2 * A @ B.t()

    def loss_fn():
        ent_f = torch.sparse.mm(ent_adj, ent_emb)
        rel_f = torch.sparse.mm(rel_adj, rel_emb)
        u = torch.sparse.mm(kind_rel, rel_emb)[kind]
        u = torch.nn.functional.normalize(u, dim=1)
        emb = torch.cat([encoder(ent_f, u, enc['e']), encoder(rel_f, u, enc['r'])], 1)
        emb = torch.nn.functional.dropout(emb, 0.3, training=True)
        l, r = emb[left], emb[right]
        pos = ((l - r) ** 2).sum(1, keepdim=True)
        mask = torch.ones(len(left), N)
        mask[torch.arange(len(left)), left] = 0
        mask[torch.arange(len(left)), right] = 0
        total = 0
        for anchor in (l, r):
            x = (pos - squared_dist(anchor, emb) + 1) * mask
            x = (x - x.mean(1, keepdim=True).detach()) / x.std(1, unbiased=False, keepdim=True).detach()
            total = total + torch.logsumexp(30 * x + 10, 1)
        return total.mean()

    times, first = [], None
    for s in range(steps + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        ms = (time.perf_counter() - t0) * 1000
        if first is None:
            first = float(loss)
        print(f'pytorch dual-amn step {s}: {ms:.0f} ms (loss {float(loss):.3f}){" (warm-up)" if s == 0 else ""}', file=sys.stderr)
        if s > 0:
            times.append(ms)
    times.sort()
    print(json.dumps({'ms_per_step': times[len(times) // 2], 'steps': times, 'loss': first}))


if __name__ == '__main__':
    main()
