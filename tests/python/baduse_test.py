"""Every bad use of SPEC section 6 raises its Python exception (never a
crash): KeyError for unknown names, TypeError for other dtypes, ValueError
for other devices and shape mismatches, actgen.CompileError carrying
actgen's own `FILE:LINE:COL: error:` lines, and a clear refusal of double
backward."""

import os
import subprocess
import tempfile
import unittest

import numpy as np
import torch

import actgen
import actgen.torch as at
import util

SMU = os.path.join(util.ACT_DIR, "smu.act")
PAU = os.path.join(util.ACT_DIR, "pau.act")
BAD_DTYPES_NP = (np.int32, np.int64, np.float16, np.complex128, np.bool_, np.longdouble)
BAD_DTYPES_TORCH = (torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.complex64,
                    torch.bool)


def write(text, name="bad.act"):
    d = tempfile.mkdtemp()
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class NumPyBadUse(unittest.TestCase):
    def setUp(self):
        self.f = actgen.load(PAU)["pau"]

    def test_unknown_activation(self):
        with self.assertRaisesRegex(KeyError, "no activation 'nope'.*pau"):
            actgen.load(PAU)["nope"]

    def test_dtypes(self):
        for dtype in BAD_DTYPES_NP:
            with self.subTest(dtype=dtype):
                with self.assertRaisesRegex(TypeError, "float32 or float64"):
                    self.f.forward(np.ones(3, dtype))
                with self.assertRaises(TypeError):
                    self.f.backward(np.ones(3, dtype), np.ones(3))
                with self.assertRaises(TypeError):
                    self.f.backward(np.ones(3), np.ones(3, dtype))
        with self.assertRaises(TypeError):
            self.f.forward(["a", "b"])

    def test_shapes(self):
        with self.assertRaisesRegex(ValueError, "dy has shape"):
            self.f.backward(np.ones((2, 3)), np.ones((3, 2)))
        with self.assertRaisesRegex(ValueError, "shape"):
            self.f.forward(np.ones(3), theta={"a": np.ones(5)})
        with self.assertRaisesRegex(ValueError, "shape"):
            actgen.load(SMU)["smu"].forward(np.ones(3), theta={"mu": np.ones(1)})
        with self.assertRaisesRegex(KeyError, "no learn item 'c'"):
            self.f.forward(np.ones(3), theta={"c": 1.0})

    def test_files_and_programs(self):
        with self.assertRaises(FileNotFoundError):
            actgen.load(os.path.join(util.ACT_DIR, "no_such_file.act"))
        with self.assertRaises(ValueError):
            actgen.load(SMU, defines={"not a name": 1})
        old = os.environ.get("ACTGEN")
        os.environ["ACTGEN"] = "/nonexistent/actgen"
        try:
            with self.assertRaisesRegex(FileNotFoundError, "ACTGEN"):
                actgen.load(SMU)
        finally:
            os.environ["ACTGEN"] = old

    def test_compile_error_carries_actgen_diagnostics(self):
        path = write("learn w = 1\nactivation f(x) = w * exp(x, 1)\nactivation g(x) = nosuch(x)\n")
        actgen_bin = os.path.abspath(os.environ["ACTGEN"])
        ref = subprocess.run([actgen_bin, path, "-o", os.devnull], stderr=subprocess.PIPE,
                             check=False)
        self.assertEqual(ref.returncode, 2)
        expect = ref.stderr.decode().rstrip()
        self.assertIn("%s:2:" % path, expect)
        self.assertIn("%s:3:" % path, expect)
        with self.assertRaises(actgen.CompileError) as cm:
            actgen.load(path)
        self.assertIn(expect, str(cm.exception))
        with self.assertRaises(actgen.CompileError) as cm:
            actgen.load(SMU, defines={"alpha": "x"})
        self.assertIn("error:", str(cm.exception))

    def test_compiler_failure(self):
        old = os.environ.get("CC")
        os.environ["CC"] = "false"
        try:
            with self.assertRaisesRegex(actgen.CompileError, "C compiler"):
                actgen.load(SMU)
        finally:
            if old is None:
                del os.environ["CC"]
            else:
                os.environ["CC"] = old


class TorchBadUse(unittest.TestCase):
    def setUp(self):
        self.act = at.Activation(PAU, "pau")

    def test_unknown_activation(self):
        with self.assertRaisesRegex(KeyError, "nope"):
            at.Activation(PAU, "nope")

    def test_dtypes(self):
        for dtype in BAD_DTYPES_TORCH:
            with self.subTest(dtype=dtype):
                with self.assertRaisesRegex(TypeError, "float32 or float64"):
                    self.act(torch.ones(3, dtype=dtype))
        with self.assertRaisesRegex(TypeError, "torch.Tensor"):
            self.act(np.ones(3))

    def test_device(self):
        with self.assertRaisesRegex(ValueError, "device meta"):
            self.act(torch.ones(3, device="meta"))
        meta = at.Activation(SMU, "smu")
        meta.mu = torch.nn.Parameter(torch.ones((), device="meta"))
        with self.assertRaisesRegex(ValueError, "parameter mu is on device meta"):
            meta(torch.ones(3))

    def test_parameter_shape(self):
        self.act.b = torch.nn.Parameter(torch.ones(3))
        with self.assertRaisesRegex(ValueError, r"parameter b has shape \(3,\)"):
            self.act(torch.ones(3))

    def test_double_backward(self):
        x = torch.randn(5, dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(self.act(x).sum(), x, create_graph=True)
        with self.assertRaisesRegex(RuntimeError, "double backward is not supported"):
            g.sum().backward()
        # Only the parameters' first derivatives requested twice: also refused.
        g = torch.autograd.grad(self.act(x.detach()).sum(), self.act.a, create_graph=True)[0]
        with self.assertRaisesRegex(RuntimeError, "double backward is not supported"):
            g.sum().backward()

    def test_compile_error_and_name_clash(self):
        with self.assertRaisesRegex(actgen.CompileError, r"bad\.act:1:\d+: error:"):
            at.Activation(write("activation f(x) = x +\n"), "f")
        clash = write("learn forward = 1\nactivation f(x) = forward * x\n", "clash.act")
        with self.assertRaisesRegex(ValueError, "'forward' .*clashes"):
            at.Activation(clash, "f")


if __name__ == "__main__":
    unittest.main()
