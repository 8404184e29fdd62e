"""Draw an activation of a .act file: f, df/dx and every df/dtheta over a
range, and optionally the generated kernels' ULP error against actgen's
MPFR oracle, into a PNG.

    python3 -m actgen.plot activations/pau.act [--activation pau] [--range -5:5]
                           [-D NAME=VALUE]... [--ulp] [-o pau.png]

Values come from the compiled double kernels (actgen.load) at the initial
theta. With --ulp, `actgen eval` gives the oracle's f and df/dx at
--ulp-points inputs (float32 values, so that both precisions see the same
x), and a last panel shows, per kernel, SPEC section 4's scaled error of f
and of df/dx (S = |X| + |x dX/dx|, the figure accuracy gates use), in ULPs
of the kernel's type; f'' for the scale of df/dx comes from the oracle's
df/dx at x -+ h by central differences (three evals per point). The oracle takes theta at
its initial values rounded to double; the float kernel runs with theta
rounded to float, which adds up to |theta df/dtheta| 2^-24 to its error.
The largest errors are also printed. Exit status 2 on bad usage.
"""

import argparse
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, getcontext

import numpy as np

from . import load, CompileError, _build

getcontext().prec = 60
FORMATS = {"double": (np.float64, 53, -1022), "float": (np.float32, 24, -126)}


def ulp(value, fmt):
    """ulp_T(X) of SPEC section 4, as a Decimal."""
    _, p, emin = FORMATS[fmt]
    a, two = abs(value), Decimal(2)
    if a < two ** emin:
        e = emin
    else:   # floor(log2 a) from the decimal exponent, then exact steps
        e = int(a.adjusted() * 3.321928094887362)
        while two ** e > a:
            e -= 1
        while two ** (e + 1) <= a:
            e += 1
    return two ** (e - p + 1)


def oracle(path, name, x, defines):
    """The oracle's (f, df/dx) at the exact decimal x, as Decimals."""
    argv = [_build.find_actgen(), "eval", path, name, str(x), "--digits", "40"]
    for k, v in _build.normalize_defines(defines):
        argv += ["-D", "%s=%s" % (k, v)]
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if r.returncode != 0:
        raise CompileError(r.stderr.decode(errors="replace"))
    vals = {}
    for line in r.stdout.decode().splitlines():
        if " = " in line and not line.startswith("#"):
            key, val = line.split(" = ", 1)
            try:
                vals[key] = Decimal(val)
            except ArithmeticError:             # "(beyond the oracle's exponent range)"
                vals[key] = None
    return vals.get("f"), vals.get("df/dx")


def ulp_errors(path, kernel, xs, defines):
    """{(fmt, output): array of errors} at xs (float32 values)."""
    # At x, and at x -+ h for f'' by central differences: only a scale,
    # S = |f'| + |x f''| for the error of df/dx, so O(h^2) does not matter.
    pts = []
    for x in xs:
        d, h = Decimal(float(x)), Decimal(2) ** -20 * max(1, abs(Decimal(float(x))))
        pts += [d, d - h, d + h]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        vals = list(pool.map(lambda x: oracle(path, kernel.name, x, defines), pts))
    exact = []
    for i in range(len(xs)):
        (F, D), (_, Dm), (_, Dp) = vals[3 * i:3 * i + 3]
        h = (pts[3 * i + 2] - pts[3 * i]) if None not in (Dm, Dp) else None
        exact.append((F, D, (Dp - Dm) / (2 * h) if h else None))
    out = {}
    for fmt, (dtype, _, _) in FORMATS.items():
        xt = xs.astype(dtype)
        f = kernel.forward(xt)
        d, _ = kernel.backward(xt, np.ones_like(xt))
        ef, ed = [], []
        for x, y, dy, (F, D, D2) in zip(xt, f, d, exact):
            if None in (F, D, D2) or not (np.isfinite(y) and np.isfinite(dy)):
                ef.append(np.nan)
                ed.append(np.nan)
                continue
            xd = Decimal(float(x))
            ef.append(float(abs(Decimal(float(y)) - F) / ulp(abs(F) + abs(xd * D), fmt)))
            ed.append(float(abs(Decimal(float(dy)) - D) / ulp(abs(D) + abs(xd * D2), fmt)))
        out[(fmt, "f")] = np.array(ef)
        out[(fmt, "df/dx")] = np.array(ed)
    return out


def parse_range(text):
    try:
        lo, hi = (float(v) for v in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError("--range takes LO:HI, not %r" % text) from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise argparse.ArgumentTypeError("--range needs finite LO < HI, not %r" % text)
    return lo, hi


def parse_define(text):
    name, eq, value = text.partition("=")
    if not eq or not name:
        raise argparse.ArgumentTypeError("-D takes NAME=VALUE, not %r" % text)
    return name, value


def draw(args, names, lib):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    lo, hi = args.range
    x = np.linspace(lo, hi, args.points)
    any_theta = any(lib[n].theta_names for n in names)
    cols = 1 + any_theta + bool(args.ulp)
    fig, axes = plt.subplots(len(names), cols, figsize=(5.6 * cols, 4 * len(names)), squeeze=False)
    defines = dict(args.define)
    report = []
    for row, name in zip(axes, names):
        k = lib[name]
        y = k.forward(x)
        dx, _ = k.backward(x, np.ones_like(x))
        row[0].plot(x, y, label="f(x)")
        row[0].plot(x, dx, "--", label="df/dx")
        row[0].set_title("%s: f and df/dx" % name)
        row[0].legend()
        # Each df/dtheta_k is the backward's dtheta for dy = 1 at one x.
        grads = {}
        for i, xi in enumerate(x):
            _, dth = k.backward(np.array([xi]), np.ones(1))
            for item, v in dth.items():
                for j, g in enumerate(np.atleast_1d(v)):
                    grads.setdefault(item + ("[%d]" % j if np.ndim(v) else ""), []).append(g)
        if any_theta:
            for label, g in grads.items():
                row[1].plot(x, g, label="df/d" + label)
            row[1].set_title("%s: df/dtheta at the initial theta" % name if grads
                             else "%s: no trainable parameters" % name)
            if grads:
                row[1].legend(fontsize=7, ncol=2 if len(grads) > 6 else 1)
        if args.ulp:
            xs = np.linspace(lo, hi, args.ulp_points).astype(np.float32)
            errs = ulp_errors(args.file, k, xs, defines)
            ax = row[-1]
            for (fmt, out), e in errs.items():
                ax.plot(xs, e, "o" if out == "f" else "x", markersize=3, label="%s %s" % (fmt, out))
                worst = int(np.nanargmax(e)) if np.any(np.isfinite(e)) else 0
                report.append("%-12s %-6s %-6s max %.3g ULP at x = %.9g"
                              % (name, fmt, out, np.nanmax(e), xs[worst]))
            ax.set_title("%s: scaled error against the MPFR oracle" % name)
            ax.set_ylabel("ULPs (SPEC 4's err_s)")
            ax.set_yscale("symlog", linthresh=1)
            ax.axhline(1, color="gray", linewidth=0.8, linestyle=":")
            ax.legend(fontsize=8)
        for ax in row:
            ax.set_xlabel("x")
            ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.output, dpi=90)
    plt.close(fig)
    return report


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m actgen.plot",
                                description="Plot f, df/dx and df/dtheta of a .act file.")
    p.add_argument("file", help="the .act file")
    p.add_argument("--activation", action="append", metavar="NAME",
                   help="the activation(s) to draw (default: every one in the file)")
    p.add_argument("--range", type=parse_range, default=(-5.0, 5.0), metavar="LO:HI")
    p.add_argument("--points", type=int, default=801)
    p.add_argument("-D", dest="define", type=parse_define, action="append", default=[],
                   metavar="NAME=VALUE", help="override a param, as actgen -D")
    p.add_argument("--ulp", action="store_true", help="add the ULP error against the oracle")
    p.add_argument("--ulp-points", type=int, default=161)
    p.add_argument("-o", "--output", help="the PNG to write (default: FILE's stem .png)")
    # argparse takes "-3:3" for an option: glue it to --range.
    argv = list(sys.argv[1:] if argv is None else argv)
    i = 0
    while i < len(argv) - 1:
        if argv[i] == "--range":
            argv[i:i + 2] = ["--range=" + argv[i + 1]]
        i += 1
    args = p.parse_args(argv)
    if args.points < 2 or args.ulp_points < 1:
        p.error("--points must be at least 2 and --ulp-points at least 1")
    args.output = args.output or os.path.splitext(os.path.basename(args.file))[0] + ".png"
    try:
        lib = load(args.file, dict(args.define) or None)
    except (CompileError, OSError, ValueError) as e:
        print("actgen.plot: %s" % e, file=sys.stderr)
        return 2
    names = args.activation or list(lib)
    missing = [n for n in names if n not in lib]
    if missing:
        print("actgen.plot: %s has no activation %s (it has %s)"
              % (args.file, ", ".join(missing), ", ".join(lib)), file=sys.stderr)
        return 2
    for line in draw(args, names, lib):
        print(line)
    print("wrote %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
