"""Shared by the Python tests: the shipped activations and where their
derivatives jump, and parameter values for derivative checks."""

import glob
import os

import numpy as np

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACT_DIR = os.path.join(TOP, "activations")


def shipped():
    """[(path, name)] for every activation of every shipped file."""
    import actgen
    out = []
    for path in sorted(glob.glob(os.path.join(ACT_DIR, "*.act"))):
        out += [(path, name) for name in actgen.load(path)]
    return out


def _hermite_roots(module, n_max):
    roots = []
    for n in range(1, n_max + 1):
        roots += list(module(np.eye(n + 1)[n]).real)
    return roots


# Points where f or df/dx is not differentiable, from the definitions in
# activations/ (hp: |H_j(x)| and |He_j(x)| for j = 1..4, roots by NumPy).
# Every shipped activation must be listed: a new one has to be classified.
KINKS = {
    "relu": [0.0], "leaky_relu": [0.0], "prelu": [0.0], "elu": [0.0], "selu": [0.0],
    "celu": [0.0], "pau": [0.0], "smu": [0.0], "smu1": [0.0],
    "hp1": _hermite_roots(np.polynomial.hermite.hermroots, 4),
    "hp2": _hermite_roots(np.polynomial.hermite_e.hermeroots, 4),
    "sigmoid": [], "tanh": [], "softplus": [], "silu": [], "swish": [], "gelu": [],
    "gelu_tanh": [], "mish": [], "squareplus": [], "erfact": [],
}


def away_from_kinks(name, x, margin=1e-3):
    """x without the points closer than margin to a kink of name."""
    keep = np.ones(x.shape, bool)
    for k in KINKS[name]:
        keep &= np.abs(x - k) > margin
    return x[keep]


def check_theta(kernel):
    """Parameter values for derivative checks: the initial values, except
    that entries near 0 (where |b_k| and |d_j| have a kink: PAU's b, hp's
    d) move to 0.05, and SMU's mu moves to a value where f is smooth at the
    scale of finite differences (mu = 1e6 makes it a near-step at 0)."""
    theta = {}
    for name, value in kernel.theta_init.items():
        value = np.where(np.abs(value) < 1e-2, 0.05, value)
        theta[name] = value
    if kernel.name == "smu":
        theta["mu"] = np.array(2.0)
    if kernel.name == "smu1":
        theta["mu"] = np.array(0.5)
    return theta
