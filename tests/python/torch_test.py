"""actgen.torch.Activation against independent references:
- torch.autograd.gradcheck (float64 finite differences) for every shipped
  activation, on x away from its kinks, with respect to x and theta;
- PyTorch's own functions (F.gelu, F.silu, ...) for f and df/dx;
- the same formulas written with torch operations and differentiated by
  autograd, for the parametric units (x.grad and every parameter's grad);
- gradient accumulation, float64 parameters with float32 inputs,
  non-contiguous inputs, and a short training loop.
"""

import math
import os
import unittest

import numpy as np
import torch
import torch.nn.functional as F

import actgen.torch as at
import util

torch.set_num_threads(1)
ACT = util.ACT_DIR


def act_file(name):
    return os.path.join(ACT, name + ".act")


class GradCheck(unittest.TestCase):
    def test_every_shipped_activation(self):
        acts = util.shipped()
        self.assertEqual(sorted(n for _, n in acts), sorted(util.KINKS))
        rng = np.random.default_rng(7)
        for path, name in acts:
            with self.subTest(name=name):
                mod = at.Activation(path, name, dtype=torch.float64)
                theta = util.check_theta(mod.kernel)
                params = [torch.tensor(theta[n], dtype=torch.float64, requires_grad=True)
                          for n in mod.kernel.theta_names]
                x = util.away_from_kinks(name, rng.uniform(-4, 4, 48))
                x = torch.tensor(x, requires_grad=True)
                fn = lambda x, *p: at._Apply.apply(mod.kernel, x, *p)  # noqa: E731
                self.assertTrue(torch.autograd.gradcheck(fn, (x, *params), eps=1e-6,
                                                         atol=1e-7, rtol=1e-5))


# (file, activation) -> PyTorch's own function.
TORCH_REFS = {
    "gelu": ("gelu", F.gelu),
    "gelu_tanh": ("gelu", lambda x: F.gelu(x, approximate="tanh")),
    "silu": ("logistic", F.silu),
    "swish": ("logistic", F.silu),                   # beta = 1 initially
    "sigmoid": ("logistic", torch.sigmoid),
    "tanh": ("logistic", torch.tanh),
    "softplus": ("logistic", lambda x: F.softplus(x, threshold=40)),
    "elu": ("elu", F.elu),
    "selu": ("elu", F.selu),
    "celu": ("elu", F.celu),
    "mish": ("mish", F.mish),
    "leaky_relu": ("rectifiers", F.leaky_relu),
    "relu": ("rectifiers", F.relu),
    "prelu": ("rectifiers", lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype))),
}

# Activations whose derivative at x = 0 follows another convention than PyTorch's.
AT_ZERO = ("leaky_relu", "prelu")

# |ours - torch| <= TOL * (|torch| + 1), x uniform in [-30, 30]. Relative
# alone is not usable: PyTorch's formulas lose all digits in the tails
# (its gelu(-30) comes out as 0 in float32); measured maxima were 2.6e-7
# (f) and 1.0e-6 (gelu_tanh's df/dx) in float32, 4.9e-15 in float64.
TOL = {torch.float32: 4e-6, torch.float64: 2e-14}


def compare(test, ours, ref, tol, what):
    err = ((ours - ref).abs() / (ref.abs() + 1)).max().item()
    test.assertLessEqual(err, tol, "%s: error %.3g > %.3g" % (what, err, tol))


class AgainstPyTorch(unittest.TestCase):
    def test_functions(self):
        for dtype in (torch.float32, torch.float64):
            gen = torch.Generator().manual_seed(1)
            x0 = torch.rand(4000, generator=gen, dtype=dtype) * 60 - 30
            x0 = torch.cat([x0, torch.tensor([0.0, -0.0, 1e-30, -1e-30, 0.5, -0.5], dtype=dtype)])
            for name, (fname, ref) in TORCH_REFS.items():
                with self.subTest(name=name, dtype=dtype):
                    mod = at.Activation(act_file(fname), name, dtype=dtype)
                    x, xr = x0.clone().requires_grad_(), x0.clone().requires_grad_()
                    y, yr = mod(x), ref(xr)
                    dy = torch.rand(x0.shape, generator=gen, dtype=dtype)
                    (y * dy).sum().backward()
                    (yr * dy).sum().backward()
                    compare(self, y.detach(), yr.detach(), TOL[dtype], name + " f")
                    keep = x0 != 0
                    if name in AT_ZERO:
                        # The .act files write `if x >= 0 then x else ...`, and
                        # SPEC 1 differentiates the branch taken: slope 1 at 0,
                        # where PyTorch takes the negative side's slope.
                        self.assertTrue(torch.all(x.grad[~keep] == dy[~keep]))
                    else:
                        keep[:] = True
                    compare(self, x.grad[keep], xr.grad[keep], TOL[dtype], name + " df/dx")


def hermite(n, x, probabilists):
    """H_n (physicists') or He_n by the three-term recurrence."""
    p0, p1 = torch.ones_like(x), (x if probabilists else 2 * x)
    out = [p0, p1]
    for k in range(1, n):
        p0, p1 = p1, (x * p1 - k * p0 if probabilists else 2 * x * p1 - 2 * k * p0)
        out.append(p1)
    return out[:n + 1]


def pau_ref(x, a, b):
    num = sum(a[k] * x ** k for k in range(6))
    return num / (1 + sum(b[k - 1].abs() * x.abs() ** k for k in range(1, 5)))


def hp_ref(probabilists):
    def f(x, c, d):
        h = hermite(5, x, probabilists)
        return sum(c[i] * h[i] for i in range(6)) / (
            1 + sum(d[j - 1].abs() * h[j].abs() for j in range(1, 5)))
    return f


# Formulas of the parametric units written directly in torch (SPEC section 5).
AUTOGRAD_REFS = {
    "pau": ("pau", pau_ref),
    "hp1": ("hp", hp_ref(False)),
    "hp2": ("hp", hp_ref(True)),
    "smu": ("smu", lambda x, mu: (1.25 * x + 0.75 * x * torch.erf(mu * 0.75 * x)) / 2),
    "smu1": ("smu1", lambda x, mu: (1.25 * x + torch.sqrt((0.75 * x) ** 2 + mu ** 2)) / 2),
    "erfact": ("erfact", lambda x, a, b: x * torch.erf(a * torch.exp(b * x))),
    "swish": ("logistic", lambda x, beta: x * torch.sigmoid(beta * x)),
    "prelu": ("rectifiers", lambda x, alpha: torch.where(x >= 0, x, alpha * x)),
    "squareplus": ("mish", lambda x: (x + torch.sqrt(x * x + 4)) / 2),
}


class AgainstAutograd(unittest.TestCase):
    def test_parametric_units(self):
        gen = torch.Generator().manual_seed(2)
        for name, (fname, ref) in AUTOGRAD_REFS.items():
            with self.subTest(name=name):
                mod = at.Activation(act_file(fname), name, dtype=torch.float64)
                theta = util.check_theta(mod.kernel)
                with torch.no_grad():
                    for n, p in mod.named_parameters():
                        p.copy_(torch.as_tensor(theta[n]) * 1.1)
                x0 = torch.tensor(util.away_from_kinks(
                    name, torch.rand(500, generator=gen, dtype=torch.float64).numpy() * 8 - 4))
                x, xr = x0.clone().requires_grad_(), x0.clone().requires_grad_()
                refp = [p.detach().clone().requires_grad_() for p in mod.parameters()]
                dy = torch.rand(x0.shape, generator=gen, dtype=torch.float64)
                (mod(x) * dy).sum().backward()
                y, yr = mod(x).detach(), ref(xr, *refp)
                (yr * dy).sum().backward()
                scale = (yr.abs() + 1).detach()
                self.assertLessEqual(((y - yr.detach()).abs() / scale).max().item(), 1e-13)
                self.assertLessEqual(((x.grad - xr.grad).abs() / (xr.grad.abs() + 1)).max().item(), 1e-12)
                for p, pr in zip(mod.parameters(), refp):
                    rel = ((p.grad - pr.grad).abs() / (pr.grad.abs() + 1e-9)).max().item()
                    self.assertLessEqual(rel, 1e-10, "%s: a parameter gradient differs" % name)


class Behaviour(unittest.TestCase):
    def setUp(self):
        self.mod = at.Activation(act_file("pau"), "pau", dtype=torch.float64)

    def test_named_parameters(self):
        params = dict(self.mod.named_parameters())
        self.assertEqual(sorted(params), ["a", "b"])
        self.assertEqual(params["a"].shape, (6,))
        self.assertEqual(params["b"].shape, (4,))
        smu = at.Activation(act_file("smu"), "smu")
        self.assertEqual({n: p.shape for n, p in smu.named_parameters()}, {"mu": ()})
        self.assertEqual(smu.mu.item(), 1e6)
        self.assertEqual(list(at.Activation(act_file("gelu"), "gelu").parameters()), [])

    def test_gradient_accumulation(self):
        # Three backward calls accumulate into .grad exactly as one
        # backward of the sum does (on a fresh module and fresh leaves).
        gen = torch.Generator().manual_seed(3)
        x1 = torch.randn(7, 3, generator=gen, dtype=torch.float64, requires_grad=True)
        x2 = torch.randn(5, generator=gen, dtype=torch.float64)
        losses = (lambda m, x: m(x).sum(), lambda m, x: (2 * m(x2)).sum(),
                  lambda m, x: m(x).pow(2).sum())
        for loss in losses:
            loss(self.mod, x1).backward()
        fresh = at.Activation(act_file("pau"), "pau", dtype=torch.float64)
        x1b = x1.detach().clone().requires_grad_()
        sum(loss(fresh, x1b) for loss in losses).backward()
        self.assertTrue(torch.allclose(x1.grad, x1b.grad, rtol=1e-12, atol=0))
        for (n, p), q in zip(self.mod.named_parameters(), fresh.parameters()):
            self.assertTrue(torch.allclose(p.grad, q.grad, rtol=1e-12, atol=0), n)
        self.assertFalse(torch.equal(x1.grad, torch.zeros_like(x1)))

    def test_layouts_and_dtypes(self):
        gen = torch.Generator().manual_seed(4)
        base = torch.randn(6, 8, generator=gen, dtype=torch.float64)
        want = self.mod(base.contiguous())
        for x, ref in ((base.t(), want.t()), (base[:, ::3], want[:, ::3]),
                       (base[2, 5], want[2, 5]), (base[:0], want[:0]),
                       (base[:1, :1].expand(3, 4), want[:1, :1].expand(3, 4))):
            self.assertTrue(torch.equal(self.mod(x), ref))
        # float32 input, float64 parameters: the kernel runs in float32,
        # gradients come back in float64.
        x = base.float().t().requires_grad_()
        y = self.mod(x)
        self.assertEqual(y.dtype, torch.float32)
        y.sum().backward()
        self.assertEqual(x.grad.dtype, torch.float32)
        self.assertEqual(self.mod.a.grad.dtype, torch.float64)
        x64 = base.t().clone().requires_grad_()
        m64 = at.Activation(act_file("pau"), "pau", dtype=torch.float64)
        m64(x64).sum().backward()
        self.assertTrue(torch.allclose(self.mod.a.grad, m64.a.grad, rtol=1e-5))
        self.assertTrue(torch.allclose(x.grad.double(), x64.grad, rtol=1e-5, atol=1e-6))

    def test_only_parameters_need_grad(self):
        x = torch.randn(10, dtype=torch.float64)
        self.mod(x).sum().backward()
        self.assertIsNotNone(self.mod.a.grad)
        self.mod.requires_grad_(False)
        x.requires_grad_()
        self.mod(x).sum().backward()
        self.assertEqual(x.grad.shape, x.shape)

    def test_training_fits_a_target(self):
        # swish's beta from 1 to 1.7, and PAU to GELU: the loss must drop.
        torch.manual_seed(5)
        x = torch.linspace(-4, 4, 257, dtype=torch.float64)
        swish = at.Activation(act_file("logistic"), "swish", dtype=torch.float64)
        opt = torch.optim.Adam(swish.parameters(), lr=0.05)
        target = x * torch.sigmoid(1.7 * x)
        for _ in range(150):
            opt.zero_grad()
            loss = (swish(x) - target).pow(2).mean()
            loss.backward()
            opt.step()
        self.assertLess(abs(swish.beta.item() - 1.7), 0.02)
        pau = at.Activation(act_file("pau"), "pau", dtype=torch.float64)
        opt = torch.optim.Adam(pau.parameters(), lr=0.01)
        target = F.gelu(x)
        losses = []
        for _ in range(200):
            opt.zero_grad()
            loss = (pau(x) - target).pow(2).mean()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        self.assertLess(losses[-1], losses[0] / 20)
        self.assertTrue(all(math.isfinite(v) for v in losses))

    def test_in_a_network(self):
        torch.manual_seed(6)
        net = torch.nn.Sequential(torch.nn.Linear(4, 8), at.Activation(act_file("smu1"), "smu1"),
                                  torch.nn.Linear(8, 1))
        names = [n for n, _ in net.named_parameters()]
        self.assertIn("1.mu", names)
        net(torch.randn(3, 4)).sum().backward()
        self.assertIsNotNone(net[1].mu.grad)
        import copy
        import pickle
        twin = copy.deepcopy(net)
        self.assertTrue(torch.equal(twin(torch.ones(2, 4)), net(torch.ones(2, 4))))
        # torch.save pickles the module: the kernel reloads from its file.
        twin = pickle.loads(pickle.dumps(net))
        self.assertIsNot(twin[1].mu, net[1].mu)
        self.assertTrue(torch.equal(twin(torch.ones(2, 4)), net(torch.ones(2, 4))))


if __name__ == "__main__":
    unittest.main()
