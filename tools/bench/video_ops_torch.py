#!/usr/bin/env python3
"""PyTorch reference for `zoo bench video-ops`: MVFNet's ops as the official code computes them (NCTHW / NCHW,
2 threads): the MVF module's three depthwise Conv3d (3x1x1, 1x3x1, 1x1x3, groups = C) summed, hard swish
(F.hardswish) and mmaction2's TSM shift (view, slices, cat with a blank frame). Median ms of the forward and of
forward + backward (gradients of every input for a fixed dy). Progress on stderr, one JSON line
{op: {"fwd": ms, "train": ms}} on stdout. Debian: apt-get install python3-torch (never a dependency of the zoo)."""
import argparse
import json
import math
import sys

import torch
import torch.nn.functional as F

from torch_bench import median_ms  # noqa: E402 (also sets 2 threads; the scripts sit side by side)


def det(shape, seed):
    n = math.prod(shape)
    i = torch.arange(n, dtype=torch.float64)
    return torch.sin(i * 12.9898 + seed * 78.233).float().reshape(shape)


SHAPES = {
    'mvfnet': {'mvf-14x14x128': [2, 8, 14, 14, 128], 'mvf-7x7x256': [2, 8, 7, 7, 256], 'hard-swish': [16, 28, 28, 256], 'temporal-shift': [16, 28, 28, 256]},
    'tiny': {'mvf-14x14x128': [1, 4, 6, 6, 16], 'mvf-7x7x256': [1, 4, 4, 4, 32], 'hard-swish': [8, 8, 8, 16], 'temporal-shift': [8, 8, 8, 16]},
}


def mvf(x, wt, wh, ww):
    c = x.shape[1]
    return (F.conv3d(x, wt, padding=(1, 0, 0), groups=c) + F.conv3d(x, wh, padding=(0, 1, 0), groups=c)
            + F.conv3d(x, ww, padding=(0, 0, 1), groups=c))


def tsm_shift(x, num_segments, shift_div=8):
    # mmaction2 TemporalShift.shift
    n, c, h, w = x.size()
    x = x.view(-1, num_segments, c, h * w)
    fold = c // shift_div
    left, mid, right = x[:, :, :fold, :], x[:, :, fold:2 * fold, :], x[:, :, 2 * fold:, :]
    blank = (left - left)[:, :1]
    left = torch.cat((left[:, 1:], blank), 1)
    blank = (mid - mid)[:, :1]
    mid = torch.cat((blank, mid[:, :-1]), 1)
    return torch.cat((left, mid, right), 2).view(n, c, h, w)


def case(op, shape):
    if op.startswith('mvf'):
        n, t, h, w, c = shape
        x = det([n, t, h, w, c], 1).permute(0, 4, 1, 2, 3).contiguous()
        ws = [(det([3, c], s) * 0.3).t().contiguous() for s in (2, 3, 4)]
        wt, wh, ww = ws[0].view(c, 1, 3, 1, 1), ws[1].view(c, 1, 1, 3, 1), ws[2].view(c, 1, 1, 1, 3)
        return [x, wt, wh, ww], mvf
    x = det(shape, 1).permute(0, 3, 1, 2).contiguous()
    if op == 'hard-swish':
        return [x * 4], F.hardswish
    return [x], lambda t: tsm_shift(t, 8)


def bench(op, shape, reps):
    xs, f = case(op, shape)
    xs = [x.detach().requires_grad_() for x in xs]
    with torch.no_grad():
        fwd = median_ms(lambda: f(*xs), reps)
    dy = torch.rand_like(f(*xs))

    def train():
        for x in xs:
            x.grad = None
        f(*xs).backward(dy)

    return {'fwd': fwd, 'train': median_ms(train, reps)}


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--size', default='mvfnet', choices=list(SHAPES))
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--only', default='')
    args = p.parse_args()
    names = [n for n in args.only.split(',') if n] or list(SHAPES[args.size])
    out = {}
    for name in names:
        out[name] = bench(name, SHAPES[args.size][name], args.reps)
        print(f"torch {torch.__version__} {name}: forward {out[name]['fwd']:.2f} ms, forward+backward {out[name]['train']:.2f} ms", file=sys.stderr)
    print(json.dumps(out))
