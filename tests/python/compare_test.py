"""examples/compare_activations.py in a tiny setting (1 epoch, a small
subset): the CSV has one row per activation with a finite loss and an
accuracy in [0, 1] that matches a count of the validation set, the PNG is
a PNG, the summary names every activation; and MNIST IDX files (made here
from the digits, gzipped) go through the same path."""

import csv
import gzip
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import util

SCRIPT = os.path.join(util.TOP, "examples", "compare_activations.py")
ALL = ["sigmoid", "relu", "elu", "leaky_relu", "selu", "gelu", "smu", "smu1", "pau", "hp1", "hp2"]


def run(*args):
    r = subprocess.run([sys.executable, SCRIPT, "--threads", "1"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    out = r.stdout.decode()
    if r.returncode != 0:
        raise AssertionError("compare_activations.py failed:\n" + out)
    return out


def write_idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(n.to_bytes(4, "big") for n in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


class Compare(unittest.TestCase):
    def check_outputs(self, out_dir, names, stdout, n_val):
        with open(os.path.join(out_dir, "results.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["activation"] for r in rows], names)
        for r in rows:
            self.assertEqual(r["epoch"], "1")
            loss, acc = float(r["val_loss"]), float(r["val_acc"])
            self.assertTrue(0 < loss < 20, r)
            self.assertTrue(0 <= acc <= 1, r)
            self.assertAlmostEqual(acc * n_val, round(acc * n_val), places=3)
            self.assertTrue(0 < float(r["train_loss"]) < 20, r)
        # Better than chance for the network that learns fastest here.
        self.assertGreater(max(float(r["val_acc"]) for r in rows), 0.2)
        with open(os.path.join(out_dir, "curves.png"), "rb") as f:
            png = f.read()
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(len(png), 10000)
        with open(os.path.join(out_dir, "summary.txt")) as f:
            table = f.read()
        for name in names:
            self.assertRegex(table, r"(?m)^%s +\d\.\d{4} +\d+\.\d{4}" % name)
            self.assertIn(table.strip(), stdout)

    def test_digits_every_activation(self):
        out = tempfile.mkdtemp()
        stdout = run("--epochs", "1", "--subset", "400", "-o", out)
        self.check_outputs(out, ALL, stdout, 100)

    def test_mnist_idx_files(self):
        from sklearn.datasets import load_digits
        d = load_digits()
        data = tempfile.mkdtemp()
        images = (d.images * 255 / 16).round()
        write_idx(os.path.join(data, "train-images-idx3-ubyte.gz"), images[:300])
        write_idx(os.path.join(data, "train-labels-idx1-ubyte.gz"), d.target[:300])
        write_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz"), images[300:380])
        write_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz"), d.target[300:380])
        out = tempfile.mkdtemp()
        stdout = run("--mnist", data, "--epochs", "1", "--activations", "relu,pau", "-o", out)
        self.assertIn("MNIST", stdout)
        self.check_outputs(out, ["relu", "pau"], stdout, 80)


if __name__ == "__main__":
    unittest.main()
