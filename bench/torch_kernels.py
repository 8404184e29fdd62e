"""torch_kernels.py -- PyTorch's side of `make bench-kernels` (bench/kernels.sh).

    torch_kernels.py THETA_FILE [--check VALUES_FILE] [--budget S] N...

For every activation named in THETA_FILE (lines "THETA name v0 v1 ..." from
`bench_kernels theta`: actgen's initial theta, float), times in float32 on one
thread PyTorch's own kernel -- the forward function and the aten backward op
that autograd would call (gelu_backward, silu_backward, ...) -- or, where
PyTorch has none, the eager composite of the same formula with autograd for
the backward (dx and dtheta). Prints rows "ROW torch name N fwd fwdbwd" (ns
per element; impl "torch*" for composites) in the format of bench/kernels.c,
with the timing rule of bench/kernels.c (two warm-up repetitions here, as
autograd's blocks settle in the heap only then): at least 3 timed
repetitions and more within the budget (at most 50), minimum reported.

PyTorch allocates its outputs on every call. Its CPU allocator is glibc
malloc, which maps large blocks fresh from the kernel each time (page faults
on every touch); bench/kernels.sh therefore runs this script with glibc's
MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_ and MALLOC_TOP_PAD_ set so that
freed blocks stay in the heap and are reused. The script counts the minor
page faults of the repetitions whose times it reports and prints their
maximum and total, so that the claim is checked in every run.

With --check (the output of `bench_kernels values`: a grid of x and dy and
actgen's y, dx, dtheta there), it first checks that every PyTorch kernel
computes the same function as actgen's, to about float precision, and
exits 1 saying where if one does not.
"""
import math
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

aten = torch.ops.aten
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SMU_ALPHA = 0.25   # activations/smu.act and smu1.act: param alpha

# Own kernels: name -> (forward(x, theta), backward(x, y, dy, theta)); the
# backward returns whatever autograd's op returns (dx, or dx and dtheta).
NATIVE = {
    "relu": (lambda x, t: F.relu(x), lambda x, y, dy, t: aten.threshold_backward(dy, y, 0)),
    "leaky_relu": (lambda x, t: F.leaky_relu(x, 0.01),
                   lambda x, y, dy, t: aten.leaky_relu_backward(dy, x, 0.01, False)),
    "prelu": (lambda x, t: F.prelu(x, t[0]), lambda x, y, dy, t: aten.prelu_backward(dy, x, t[0])),
    "elu": (lambda x, t: F.elu(x), lambda x, y, dy, t: aten.elu_backward(dy, 1.0, 1, 1, False, x)),
    "selu": (lambda x, t: F.selu(x),
             lambda x, y, dy, t: aten.elu_backward(dy, SELU_ALPHA, SELU_SCALE, 1, False, x)),
    "celu": (lambda x, t: F.celu(x, 1.0), lambda x, y, dy, t: aten.elu_backward(dy, 1.0, 1, 1.0, False, x)),
    "sigmoid": (lambda x, t: torch.sigmoid(x), lambda x, y, dy, t: aten.sigmoid_backward(dy, y)),
    "tanh": (lambda x, t: torch.tanh(x), lambda x, y, dy, t: aten.tanh_backward(dy, y)),
    "softplus": (lambda x, t: F.softplus(x), lambda x, y, dy, t: aten.softplus_backward(dy, x, 1, 20)),
    "silu": (lambda x, t: F.silu(x), lambda x, y, dy, t: aten.silu_backward(dy, x)),
    "gelu": (lambda x, t: F.gelu(x), lambda x, y, dy, t: aten.gelu_backward(dy, x)),
    "gelu_tanh": (lambda x, t: F.gelu(x, approximate="tanh"),
                  lambda x, y, dy, t: aten.gelu_backward(dy, x, approximate="tanh")),
    "mish": (lambda x, t: F.mish(x), lambda x, y, dy, t: aten.mish_backward(dy, x)),
}


def rational(x, c, d, basis):
    """sum_i c_i B_i(x) / (1 + sum_j |d_{j-1}| |B_j(x)|), B_0..B_5 from basis
    (PAU's |x|^k is |x^k|)."""
    b = basis(x)
    num = c[0] * b[0]
    for i in range(1, 6):
        num = num + c[i] * b[i]
    den = 1 + d.abs()[0] * b[1].abs()
    for j in range(2, 5):
        den = den + d.abs()[j - 1] * b[j].abs()
    return num / den


def powers(x):
    p = [torch.ones_like(x), x]
    for _ in range(4):
        p.append(p[-1] * x)
    return p


def hermite(x, phys):
    """H_0..H_5 (physicists') or He_0..He_5 (probabilists') by the recurrence."""
    h = [torch.ones_like(x), 2 * x if phys else x]
    for k in range(1, 5):
        h.append((2 * x * h[k] - 2 * k * h[k - 1]) if phys else (x * h[k] - k * h[k - 1]))
    return h


# Eager composites: name -> f(x, theta) with theta a list of 1-D tensors
# (the learn items in declaration order; a scalar has length 1).
COMPOSITE = {
    "swish": lambda x, t: x * torch.sigmoid(t[0] * x),
    "squareplus": lambda x, t: 0.5 * (x + torch.sqrt(x * x + 4)),
    "smu": lambda x, t: ((1 + SMU_ALPHA) * x
                         + (1 - SMU_ALPHA) * x * torch.erf(t[0] * (1 - SMU_ALPHA) * x)) / 2,
    "smu1": lambda x, t: ((1 + SMU_ALPHA) * x
                          + torch.sqrt(((1 - SMU_ALPHA) * x) ** 2 + t[0] ** 2)) / 2,
    "erfact": lambda x, t: x * torch.erf(t[0] * torch.exp(t[1] * x)),
    "pau": lambda x, t: rational(x, t[0], t[1], powers),
    "hp1": lambda x, t: rational(x, t[0], t[1], lambda u: hermite(u, True)),
    "hp2": lambda x, t: rational(x, t[0], t[1], lambda u: hermite(u, False)),
}
# How theta splits into learn items (vectors of 6 and 4 for the rational units).
SPLIT = {"pau": (6, 4), "hp1": (6, 4), "hp2": (6, 4), "erfact": (1, 1)}

faults = []   # minor page faults in the repetition that set each minimum


def minflt():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def measure(first, second, n, budget):
    """Minimum ns/element of first() and of first() then second(first()).
    The first two repetitions are a warm-up: by their end the heap holds
    every block a repetition needs."""
    reps, r = 50, 0
    b1 = b12 = math.inf
    f1 = f12 = 0
    while r < reps + 2:
        f0 = minflt()
        a = time.perf_counter()
        s = first()
        b = time.perf_counter()
        fb = minflt()
        second(s)
        c = time.perf_counter()
        fc = minflt()
        s = None   # freed before the next repetition allocates
        if r == 1:
            reps = min(50, max(3, math.ceil(budget / (c - a)) if c > a else 50))
        elif r >= 2:
            if b - a < b1:
                b1, f1 = b - a, fb - f0
            if c - a < b12:
                b12, f12 = c - a, fc - f0
        r += 1
    faults.extend((f1, f12))
    return 1e9 * b1 / n, 1e9 * b12 / n


def theta_tensors(name, values, grad):
    sizes = SPLIT.get(name, (len(values),) if values else ())
    out, k = [], 0
    for s in sizes:
        v = torch.tensor(values[k:k + s], dtype=torch.float32)
        out.append(v.requires_grad_(grad))
        k += s
    return out


def bench(name, values, n, budget):
    gen = torch.Generator().manual_seed(n)
    x = torch.rand(n, generator=gen) * 12 - 6
    dy = torch.rand(n, generator=gen) * 2 - 1
    if name in NATIVE:
        fwd, bwd = NATIVE[name]
        t = theta_tensors(name, values, False)
        f, p = measure(lambda: fwd(x, t), lambda y: bwd(x, y, dy, t), n, budget)
        return "torch", f, p
    comp = COMPOSITE[name]
    t = theta_tensors(name, values, False)
    with torch.no_grad():
        f, _ = measure(lambda: comp(x, t), lambda y: None, n, budget)
    xg = x.clone().requires_grad_(True)
    tg = theta_tensors(name, values, True)
    _, p = measure(lambda: comp(xg, tg),
                   lambda y: torch.autograd.grad(y, [xg] + tg, dy), n, budget)
    return "torch*", f, p


def reference(name, values, x, dy):
    """PyTorch's y, dx and dtheta (a list) for one activation."""
    if name in NATIVE:
        fwd, bwd = NATIVE[name]
        t = theta_tensors(name, values, False)
        y = fwd(x, t)
        r = bwd(x, y, dy, t)
        dx, dt = (r[0], [float(v) for v in r[1].flatten()]) if isinstance(r, tuple) else (r, [])
        return y, dx, dt
    xg = x.clone().requires_grad_(True)
    tg = theta_tensors(name, values, True)
    y = COMPOSITE[name](xg, tg)
    g = torch.autograd.grad(y, [xg] + tg, dy)
    return y.detach(), g[0], [float(v) for v in torch.cat([v.flatten() for v in g[1:]])] if tg else []


def check(acts, values_file):
    """Count the activations whose PyTorch kernel differs from actgen's."""
    v = {}
    with open(values_file) as fh:
        for line in fh:
            w = line.split()
            key = w[0] if w[0] in ("X", "DY") else (w[0], w[1])
            v[key] = [float(u) for u in w[(1 if w[0] in ("X", "DY") else 2):]]
    x, dy = torch.tensor(v["X"]), torch.tensor(v["DY"])
    bad = 0
    for name, values in acts:
        if name not in NATIVE and name not in COMPOSITE:
            continue
        y, dx, dt = reference(name, values, x, dy)
        for what, mine, theirs in (("y", v[("Y", name)], y.tolist()), ("dx", v[("DX", name)], dx.tolist()),
                                   ("dtheta", v[("DT", name)], dt)):
            off = [i for i, (a, b) in enumerate(zip(mine, theirs))
                   if not abs(a - b) <= 1e-3 * max(1.0, abs(a))]
            if len(mine) != len(theirs) or off:
                i = off[0] if off else 0
                where = f"theta[{i}]" if what == "dtheta" else f"x = {v['X'][i]}"
                print(f"torch check: {name} {what} differs from actgen's at {where}: "
                      f"actgen {mine[i:i + 1]}, torch {theirs[i:i + 1]}")
                bad += 1
    return bad


def main(argv):
    theta_file, budget, sizes, values_file = argv[0], 0.3, [], None
    i = 1
    while i < len(argv):
        if argv[i] == "--budget":
            budget = float(argv[i + 1])
            i += 1
        elif argv[i] == "--check":
            values_file = argv[i + 1]
            i += 1
        else:
            sizes.append(int(argv[i]))
        i += 1
    torch.set_num_threads(1)
    acts = []
    with open(theta_file) as fh:
        for line in fh:
            w = line.split()
            if w and w[0] == "THETA":
                acts.append((w[1], [float(v) for v in w[2:]]))
    if values_file and check(acts, values_file):
        sys.exit(1)
    env = " ".join(f"{k}={os.environ[k]}" for k in
                   ("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_") if k in os.environ)
    for n in sizes:
        for name, values in acts:
            if name not in NATIVE and name not in COMPOSITE:
                print(f"INFO torch: no kernel for {name}", flush=True)
                continue
            impl, f, p = bench(name, values, n, budget)
            print(f"ROW {impl} {name} {n} {f:.4f} {p:.4f}", flush=True)
    print(f"INFO torch {torch.__version__}, {torch.get_num_threads()} thread; allocator: "
          f"glibc malloc with {env or 'default settings'}; minor page faults in the "
          f"repetitions reported: max {max(faults) if faults else 0}, total {sum(faults)}")


if __name__ == "__main__":
    main(sys.argv[1:])
