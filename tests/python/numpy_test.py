"""actgen.load and its NumPy kernels: the interface of SPEC section 6, the
parameter gradients of every parametric shipped activation against central
finite differences of the forward kernel, float32 against float64, layouts,
defines, and that the results are the C kernels' own (the file's `-D`
overrides change them)."""

import os
import unittest

import numpy as np

import actgen
import util

ACT = util.ACT_DIR


class Interface(unittest.TestCase):
    def test_smu(self):
        lib = actgen.load(os.path.join(ACT, "smu.act"))
        f = lib["smu"]
        self.assertEqual(list(lib), ["smu"])
        self.assertEqual(f.theta_names, ("mu",))
        init = f.theta_init
        self.assertEqual(list(init), ["mu"])
        self.assertEqual(init["mu"].shape, ())
        self.assertEqual(init["mu"].dtype, np.float64)
        self.assertEqual(float(init["mu"]), 1e6)
        x = np.array([-2.0, -0.5, 0.5, 3.0])
        # mu = 1e6: erf saturates, smu is max(x, x/4) away from 0.
        np.testing.assert_array_equal(f.forward(x), np.maximum(x, 0.25 * x))
        y = f.forward(x, theta={"mu": 2.0})
        from math import erf
        ref = [(1.25 * v + 0.75 * v * erf(1.5 * v)) / 2 for v in x]
        np.testing.assert_allclose(y, ref, rtol=1e-15)

    def test_vectors_and_shapes(self):
        f = actgen.load(os.path.join(ACT, "hp.act"))["hp2"]
        self.assertEqual(f.theta_names, ("c2", "d2"))
        self.assertEqual({n: v.shape for n, v in f.theta_init.items()}, {"c2": (6,), "d2": (4,)})
        rng = np.random.default_rng(1)
        x = rng.uniform(-3, 3, (4, 5, 6))
        y = f.forward(x)
        self.assertEqual(y.shape, x.shape)
        self.assertEqual(y.dtype, np.float64)
        flat = f.forward(x.reshape(-1)).reshape(x.shape)
        np.testing.assert_array_equal(y, flat)
        for view in (x[:, ::2, 1:], x.transpose(2, 0, 1), x[1, 2, 3], np.asfortranarray(x),
                     x[:0]):
            np.testing.assert_array_equal(f.forward(view), f.forward(np.ascontiguousarray(view)))
        np.testing.assert_array_equal(f.forward(x.transpose(2, 0, 1)), y.transpose(2, 0, 1))
        self.assertEqual(f.forward(x[1, 2, 3]).shape, ())
        self.assertEqual(f.forward(x[:, ::2]).flags["C_CONTIGUOUS"], True)
        dx, dth = f.backward(x[:0], x[:0])
        self.assertEqual(dx.shape, (0, 5, 6))
        np.testing.assert_array_equal(dth["c2"], np.zeros(6))
        big = x.astype(">f8")                                # non-native byte order
        np.testing.assert_array_equal(f.forward(big), y)

    def test_float32(self):
        f = actgen.load(os.path.join(ACT, "pau.act"))["pau"]
        x = np.linspace(-5, 5, 1001)
        x32 = x.astype(np.float32)
        y32 = f.forward(x32)
        self.assertEqual(y32.dtype, np.float32)
        theta32 = {n: v.astype(np.float32) for n, v in f.theta_init.items()}
        y64 = f.forward(x32.astype(np.float64), theta32)
        dy = np.cos(x)
        dx32, dth32 = f.backward(x32, dy.astype(np.float32))
        dx64, dth64 = f.backward(x32.astype(np.float64), dy.astype(np.float32).astype(np.float64),
                                 theta=theta32)
        # The same inputs through the float and the double kernel: within a
        # few float ULPs of SPEC 4's scale |f| + |x f'| (near PAU's root
        # the relative error of any float evaluation is large).
        scale = np.abs(y64) + np.abs(x32 * dx64 / dy.astype(np.float32))
        self.assertLessEqual(np.max(np.abs(y32 - y64) / scale), 2.0 ** -21)
        np.testing.assert_allclose(dx32, dx64, rtol=1e-6, atol=1e-7)
        for n in dth32:
            self.assertEqual(dth32[n].dtype, np.float64)
            scale = np.abs(dth64[n]).max()
            np.testing.assert_allclose(dth32[n], dth64[n], rtol=0, atol=2e-6 * scale)

    def test_defines(self):
        path = os.path.join(ACT, "smu.act")
        f = actgen.load(path, defines={"alpha": "0.1"})["smu"]
        g = actgen.load(path, defines={"alpha": 0.5})["smu"]
        x = np.array([-4.0, 2.0])
        np.testing.assert_allclose(f.forward(x), [-0.4, 2.0], rtol=1e-15)
        np.testing.assert_allclose(g.forward(x), [-2.0, 2.0], rtol=1e-15)

    def test_backward_overwrites_and_in_place_safe(self):
        f = actgen.load(os.path.join(ACT, "logistic.act"))["swish"]
        x = np.linspace(-3, 3, 11)
        a = f.backward(x, np.ones_like(x))
        b = f.backward(x, np.ones_like(x))
        np.testing.assert_array_equal(a[1]["beta"], b[1]["beta"])
        np.testing.assert_array_equal(a[0], b[0])


class ParameterGradients(unittest.TestCase):
    def test_against_finite_differences(self):
        rng = np.random.default_rng(11)
        n_checked = 0
        for path, name in util.shipped():
            f = actgen.load(path)[name]
            if not f.theta_names:
                continue
            n_checked += 1
            theta = util.check_theta(f)
            x = util.away_from_kinks(name, rng.uniform(-4, 4, 300))
            dy = rng.uniform(-1, 1, x.shape)
            _, dth = f.backward(x, dy, theta)
            for item in f.theta_names:
                base = np.array(theta[item], dtype=np.float64)
                for j in np.ndindex(base.shape):
                    h = 1e-5 * max(1.0, abs(base[j]))
                    plus, minus = dict(theta), dict(theta)
                    plus[item], minus[item] = base.copy(), base.copy()
                    plus[item][j] += h
                    minus[item][j] -= h
                    fd = np.sum(dy * (f.forward(x, plus) - f.forward(x, minus))) / (2 * h)
                    # Central differences err by O(h^2 f''') + rounding; the
                    # scale is the sum of |dy * f|, the size of the terms.
                    scale = np.sum(np.abs(dy * f.forward(x, theta))) + 1
                    with self.subTest(name=name, item=item, index=j):
                        self.assertLessEqual(abs(dth[item][j] - fd), 1e-7 * scale,
                                             "analytic %r, finite difference %r"
                                             % (dth[item][j], fd))
        self.assertEqual(n_checked, 8)   # prelu swish erfact pau hp1 hp2 smu smu1


if __name__ == "__main__":
    unittest.main()
