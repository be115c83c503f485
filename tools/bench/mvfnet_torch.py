#!/usr/bin/env python3
"""PyTorch reference for `zoo bench video-step`: one MVFNet / C2D / TSM training step (SGD Nesterov 0.9, weight decay
1e-4, clip_grad_norm 40, cross-entropy over the TSN head's average consensus) on a random batch, 2 threads, with the
same architecture as @zoo/plugin-video's model (a bottleneck ResNet, v1.5, with the MVF module on conv1 of the chosen
stages). Usage: mvfnet_torch.py '<json spec>' STEPS. Prints progress on stderr and one JSON line on stdout:
{"ms_per_step": median, "params": n, "peak_rss_mb": m}. Debian: apt-get install python3-torch (used only here, never a dependency)."""
import json
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)


class MultiView(nn.Module):
    """Depthwise 3-tap convs along T, H, W on the first floor(alpha*C) channels, summed; BN3d + hard-swish."""

    def __init__(self, conv, segments, channels, alpha, mode, use_hs):
        super().__init__()
        self.conv, self.t, self.mode, self.use_hs = conv, segments, mode, use_hs
        self.k = int(channels * alpha)
        if self.k:
            k = self.k
            self.view_t = nn.Conv3d(k, k, (3, 1, 1), padding=(1, 0, 0), groups=k, bias=False)
            self.view_h = nn.Conv3d(k, k, (1, 3, 1), padding=(0, 1, 0), groups=k, bias=False) if 'H' in mode else None
            self.view_w = nn.Conv3d(k, k, (1, 1, 3), padding=(0, 0, 1), groups=k, bias=False) if 'W' in mode else None
            self.bn = nn.BatchNorm3d(k)

    def forward(self, x):
        if not self.k:
            return self.conv(x)
        nt, c, h, w = x.shape
        v = x.view(nt // self.t, self.t, c, h, w).transpose(1, 2)
        a, rest = v[:, : self.k], v[:, self.k :]
        y = self.view_t(a)
        if self.view_h is not None:
            y = y + self.view_h(a)
        if self.view_w is not None:
            y = y + self.view_w(a)
        if self.use_hs:
            y = F.hardswish(self.bn(y))
        v = torch.cat([y, rest], 1).transpose(1, 2).reshape(nt, c, h, w)
        return self.conv(v)


class Shift(nn.Module):
    """TSM: 1/8 of the channels from frame t+1, 1/8 from t-1, zero fill; then the wrapped conv."""

    def __init__(self, conv, segments, div=8):
        super().__init__()
        self.conv, self.t, self.div = conv, segments, div

    def forward(self, x):
        nt, c, h, w = x.shape
        v = x.view(nt // self.t, self.t, c, h, w)
        f = c // self.div
        out = torch.zeros_like(v)
        out[:, :-1, :f] = v[:, 1:, :f]
        out[:, 1:, f : 2 * f] = v[:, :-1, f : 2 * f]
        out[:, :, 2 * f :] = v[:, :, 2 * f :]
        return self.conv(out.view(nt, c, h, w))


class TemporalConv1(nn.Module):
    """SlowOnly-like conv1: a full 3x1x1 convolution over time (replaces the 1x1 conv1)."""

    def __init__(self, cin, cout, segments):
        super().__init__()
        self.t = segments
        self.conv = nn.Conv3d(cin, cout, (3, 1, 1), padding=(1, 0, 0), bias=False)

    def forward(self, x):
        nt, c, h, w = x.shape
        v = x.view(nt // self.t, self.t, c, h, w).transpose(1, 2)
        y = self.conv(v)
        return y.transpose(1, 2).reshape(nt, -1, h, w)


class Bottleneck(nn.Module):
    def __init__(self, cin, width, stride):
        super().__init__()
        cout = width * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        o = F.relu(self.bn1(self.conv1(x)))
        o = F.relu(self.bn2(self.conv2(o)))
        o = self.bn3(self.conv3(o))
        return F.relu(o + (self.down(x) if self.down is not None else x))


class VideoResNet(nn.Module):
    def __init__(self, s):
        super().__init__()
        widths, blocks, t = s["widths"], s["blocks"], s["frames"]
        if s["stem"] == "imagenet":
            self.stem = nn.Sequential(nn.Conv2d(s["channels"], widths[0], 7, 2, 3, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        else:
            self.stem = nn.Sequential(nn.Conv2d(s["channels"], widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        layers, cin = [], widths[0]
        for stage, (width, n) in enumerate(zip(widths, blocks)):
            for i in range(n):
                b = Bottleneck(cin, width, 2 if stage > 0 and i == 0 else 1)
                kind = s["temporal"]
                if kind == "mvf" and s["stages"][stage]:
                    b.conv1 = MultiView(b.conv1, t, cin, s["alpha"], s["mode"], s["use_hs"])
                elif kind == "tsm" and s["stages"][stage]:
                    b.conv1 = Shift(b.conv1, t)
                elif kind == "slowonly" and s["stages"][stage]:
                    b.conv1 = TemporalConv1(cin, width, t)
                layers.append(b)
                cin = width * 4
        self.layers = nn.Sequential(*layers)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(cin, s["classes"])
        self.t = t

    def forward(self, clips):
        n, t, c, h, w = clips.shape
        x = self.layers(self.stem(clips.reshape(n * t, c, h, w)))
        logits = self.fc(self.drop(x.mean((2, 3))))
        return logits.view(n, t, -1).mean(1)


def main():
    spec = json.loads(sys.argv[1])
    steps = int(sys.argv[2])
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    model = VideoResNet(spec)
    opt = torch.optim.SGD(model.parameters(), lr=0.015, momentum=0.9, weight_decay=1e-4, nesterov=True)
    x = torch.randn(spec["batch"], spec["frames"], spec["channels"], spec["size"], spec["size"])
    y = torch.randint(0, spec["classes"], (spec["batch"],))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 40)
        opt.step()
        return loss.item()

    times = []
    for s in range(warmup + steps):
        t0 = time.perf_counter()
        loss = step()
        ms = (time.perf_counter() - t0) * 1000
        print(f"pytorch step {s}: {ms:.0f} ms (loss {loss:.3f}){' (warm-up)' if s < warmup else ''}", file=sys.stderr)
        if s >= warmup:
            times.append(ms)
    times.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms_per_step": times[len(times) // 2], "params": sum(p.numel() for p in model.parameters()), "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
