"""python3 -m actgen.plot: writes a PNG of f, df/dx and df/dtheta, with the
ULP panel measured against `actgen eval`; its ulp() is SPEC section 4's
ulp_T; elu's kernels (not in the known-inaccuracy lists) come out within 1
ULP there; bad arguments exit with status 2 and a message."""

import os
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal

import util
from actgen import plot

ELU = os.path.join(util.ACT_DIR, "elu.act")
HP = os.path.join(util.ACT_DIR, "hp.act")


def run(*args):
    return subprocess.run([sys.executable, "-m", "actgen.plot"] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)


class Plot(unittest.TestCase):
    def is_png(self, path):
        with open(path, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(len(data), 20000)

    def test_ulp(self):
        two = Decimal(2)
        self.assertEqual(plot.ulp(Decimal(1), "double"), two ** -52)
        self.assertEqual(plot.ulp(Decimal("0.999"), "double"), two ** -53)
        self.assertEqual(plot.ulp(Decimal("-0.75"), "float"), two ** -24)
        self.assertEqual(plot.ulp(Decimal(0), "float"), two ** -149)
        self.assertEqual(plot.ulp(two ** -1030, "double"), two ** -1074)
        self.assertEqual(plot.ulp(Decimal("1e-87944632587"), "double"), two ** -1074)
        self.assertEqual(plot.ulp(Decimal("3e300"), "double"), two ** (998 - 52))   # 2^998 = 2.68e300

    def test_parameters_and_ulp_panel(self):
        out = os.path.join(tempfile.mkdtemp(), "hp2.png")
        r = run(HP, "--activation", "hp2", "--range", "-3:3", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.is_png(out)
        out = os.path.join(tempfile.mkdtemp(), "elu.png")
        r = run(ELU, "--activation", "elu", "--ulp", "--ulp-points", "15", "--range", "-4:2",
                "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.is_png(out)
        lines = r.stdout.decode().splitlines()
        maxima = {tuple(l.split()[:3]): float(l.split()[4]) for l in lines if " max " in l}
        self.assertEqual(sorted(maxima), [("elu", p, o) for p in ("double", "float")
                                          for o in ("df/dx", "f")])
        for key, value in maxima.items():
            self.assertTrue(0 <= value <= 1.0, key)

    def test_bad_usage(self):
        r = run(ELU, "--activation", "nope", "-o", os.devnull)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no activation nope", r.stderr.decode())
        r = run(ELU, "--range", "3:1")
        self.assertEqual(r.returncode, 2)
        self.assertIn("LO < HI", r.stderr.decode())
        bad = os.path.join(tempfile.mkdtemp(), "bad.act")
        with open(bad, "w") as f:
            f.write("activation f(x) = x +\n")
        r = run(bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad.act:1:", r.stderr.decode())


if __name__ == "__main__":
    unittest.main()
