#!/usr/bin/env python3
"""PyTorch reference for `zoo bench`: the same workloads as packages/backend-blas/src/bench, on this
machine's CPU with 2 threads. Prints progress on stderr and one JSON line {name: median ms} on stdout.
Debian: apt-get install python3-torch (used only here, never as a dependency of the zoo)."""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)


def median_ms(fn, reps, warmup=1):
    for _ in range(warmup):
        fn()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        t.append((time.perf_counter() - t0) * 1000)
    t.sort()
    return t[len(t) // 2]


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.sc = None
        if stride != 1 or cin != cout:
            self.sc = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        o = F.relu(self.b1(self.c1(x)))
        o = self.b2(self.c2(o))
        return F.relu(o + (self.sc(x) if self.sc is not None else x))


class ResNet18(nn.Module):
    def __init__(self, classes=100):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        layers, cin = [], 64
        for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            for i in range(2):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        return self.fc(self.layers(self.stem(x)).mean((2, 3)))


def bench_sgemm():
    a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
    return median_ms(lambda: torch.mm(a, b), 10)


def bench_conv():
    x = torch.rand(32, 64, 32, 32, requires_grad=True)
    w = (torch.rand(64, 64, 3, 3) * 0.12 - 0.06).requires_grad_()

    def step():
        x.grad = None
        w.grad = None
        F.conv2d(x, w, padding=1).sum().backward()

    return median_ms(step, 5)


def bench_resnet():
    net = ResNet18(100)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    x = torch.rand(32, 3, 32, 32)
    y = torch.tensor([(i * 37) % 100 for i in range(32)])

    def step():
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()

    return median_ms(step, 3)


def bench_gcn():
    n, e = 20000, 200000
    g = torch.Generator().manual_seed(7)
    src = torch.randint(0, n, (e,), generator=g)
    dst = torch.randint(0, n, (e,), generator=g)
    loops = torch.arange(n)
    src, dst = torch.cat([src, loops]), torch.cat([dst, loops])
    deg_out = torch.bincount(src, minlength=n).float()
    deg_in = torch.bincount(dst, minlength=n).float()
    val = 1 / torch.sqrt(deg_out[src] * deg_in[dst])
    a = torch.sparse_coo_tensor(torch.stack([src, dst]), val, (n, n)).coalesce()
    x = torch.rand(n, 128)
    w0 = (torch.rand(128, 128) * 0.4 - 0.2).requires_grad_()
    w1 = (torch.rand(128, 128) * 0.4 - 0.2).requires_grad_()
    y = torch.tensor([(i * 7919) % 128 for i in range(n)])
    opt = torch.optim.SGD([w0, w1], lr=0.1)

    def step():
        opt.zero_grad()
        h = F.relu(torch.sparse.mm(a, x @ w0))
        z = torch.sparse.mm(a, h @ w1)
        F.cross_entropy(z, y).backward()
        opt.step()

    return median_ms(step, 5)


BENCHES = {
    'sgemm-1024': bench_sgemm,
    'conv-layer': bench_conv,
    'resnet18-cifar100-train-b32': bench_resnet,
    'gcn-20k-train': bench_gcn,
}

if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--only', default='')
    args = p.parse_args()
    names = [n for n in args.only.split(',') if n] or list(BENCHES)
    out = {}
    for name in names:
        out[name] = BENCHES[name]()
        print(f'torch {torch.__version__} {name}: {out[name]:.1f} ms', file=sys.stderr)
    print(json.dumps(out))
