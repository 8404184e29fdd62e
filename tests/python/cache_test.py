"""The compiled-library cache: a first load compiles and a second one
(in this process or another) only opens the cached object; the key covers
the file's bytes, the defines, the actgen binary's bytes and the
compiler's flags (and the CPU with -march=native); processes racing to build one entry all succeed and
leave one whole entry; a damaged entry is rebuilt. Prints the measured
cost of an uncached and a cached load (a fresh process each)."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

import actgen
import util

# A small file compiles fast; the shipped smu.act for the defines.
SMALL = """learn w = 0.5
## w tanh(x) + x / 2
activation f(x) = w * tanh(x) + x / 2
"""
LOAD = ("import sys, time, actgen; t = time.perf_counter(); lib = actgen.load(sys.argv[1]); "
        "t = time.perf_counter() - t; f = lib['f']; "
        "print(lib.cached, '%.6f' % t, repr(float(f.forward(0.3))))")


class Cache(unittest.TestCase):
    def setUp(self):
        self.old_env = dict(os.environ)
        self.dir = tempfile.mkdtemp()
        os.environ["XDG_CACHE_HOME"] = os.path.join(self.dir, "cache")
        self.root = os.path.join(self.dir, "cache", "actgen")
        self.act = os.path.join(self.dir, "small.act")
        with open(self.act, "w") as f:
            f.write(SMALL)

    def tearDown(self):
        os.environ.clear()
        os.environ.update(self.old_env)
        shutil.rmtree(self.dir)

    def entries(self):
        if not os.path.isdir(self.root):
            return []
        return sorted(e for e in os.listdir(self.root) if not e.startswith(".cc-"))

    def run_load(self):
        out = subprocess.run([sys.executable, "-c", LOAD, self.act], stdout=subprocess.PIPE,
                             check=True).stdout.decode().split()
        return out[0] == "True", float(out[1]), out[2]

    def test_uncached_then_cached(self):
        cached1, t1, v1 = self.run_load()
        cached2, t2, v2 = self.run_load()
        self.assertEqual((cached1, cached2), (False, True))
        self.assertEqual(v1, v2)
        self.assertEqual(len(self.entries()), 1)
        times = [self.run_load()[1] for _ in range(2)]
        print("\nload of a small .act file in a fresh process: uncached %.1f ms, cached %.2f ms (best of 2)"
              % (1e3 * t1, 1e3 * min(times)), file=sys.stderr)
        self.assertLess(min(times), t1)
        self.assertTrue(actgen.load(self.act).cached)

    def test_key(self):
        base = os.environ.get("CFLAGS")   # the runner's (tests/python/common.sh)

        def restore():
            if base is None:
                os.environ.pop("CFLAGS", None)
            else:
                os.environ["CFLAGS"] = base
        self.assertFalse(actgen.load(self.act).cached)
        with open(self.act, "a") as f:                      # the file's bytes
            f.write("# a comment changes the bytes\n")
        self.assertFalse(actgen.load(self.act).cached)
        self.assertTrue(actgen.load(self.act).cached)
        self.assertFalse(actgen.load(os.path.join(util.ACT_DIR, "smu.act"),   # the defines
                                     defines={"alpha": "0.2"}).cached)
        self.assertTrue(actgen.load(os.path.join(util.ACT_DIR, "smu.act"),
                                    defines={"alpha": "0.2"}).cached)
        self.assertFalse(actgen.load(os.path.join(util.ACT_DIR, "smu.act"),
                                     defines={"alpha": "0.3"}).cached)
        os.environ["CFLAGS"] = "-O1"                         # the compiler's flags
        self.assertFalse(actgen.load(self.act).cached)
        self.assertTrue(actgen.load(self.act).cached)
        restore()
        self.assertTrue(actgen.load(self.act).cached)
        # Code for this machine only: the key covers the CPU as well.
        os.environ["CFLAGS"] = "-march=native"
        self.assertFalse(actgen.load(self.act).cached)
        self.assertTrue(actgen.load(self.act).cached)
        here = actgen._build._cpu_identity()
        actgen._build._cpu[:] = [here + "\nanother machine"]
        try:
            self.assertFalse(actgen.load(self.act).cached)
            os.environ["CFLAGS"] = "-O1"       # without a native flag the CPU is not in the key
            self.assertTrue(actgen.load(self.act).cached)
        finally:
            actgen._build._cpu[:] = [here]
        os.environ["CFLAGS"] = "-march=native"
        self.assertTrue(actgen.load(self.act).cached)
        restore()
        # A copy of actgen elsewhere is the same program; a changed one is not.
        copy = os.path.join(self.dir, "actgen-copy")
        shutil.copy(os.environ["ACTGEN"], copy)
        os.environ["ACTGEN"] = copy
        self.assertTrue(actgen.load(self.act).cached)
        with open(copy, "ab") as f:
            f.write(b"\0")
        self.assertFalse(actgen.load(self.act).cached)

    def test_concurrent_builds(self):
        procs = [subprocess.Popen([sys.executable, "-c", LOAD, self.act], stdout=subprocess.PIPE)
                 for _ in range(3)]
        outs = [p.communicate()[0].decode().split() for p in procs]
        self.assertEqual([p.returncode for p in procs], [0] * 3)
        self.assertEqual(len({o[2] for o in outs}), 1)
        self.assertEqual(len(self.entries()), 1)           # no .tmp-* left behind
        entry = os.path.join(self.root, self.entries()[0])
        self.assertEqual(sorted(os.listdir(entry)), ["act.act", "act.c", "act.h", "act.so"])

    def test_damaged_entry(self):
        lib = actgen.load(self.act)
        y = lib["f"].forward(np.linspace(-1, 1, 5))
        entry = glob.glob(os.path.join(self.root, "*"))[0]
        os.remove(os.path.join(entry, "act.so"))
        lib = actgen.load(self.act)
        self.assertFalse(lib.cached)
        np.testing.assert_array_equal(lib["f"].forward(np.linspace(-1, 1, 5)), y)
        with open(os.path.join(entry, "act.so"), "wb") as f:
            f.write(b"not an ELF file")
        # A fresh process (dlopen would reuse this process's handle).
        cached, _, v = self.run_load()
        self.assertFalse(cached)
        self.assertEqual(float(v), float(lib["f"].forward(0.3)))

    def test_stale_temporary_directories_are_swept(self):
        os.makedirs(os.path.join(self.root, ".tmp-dead"))
        old = time.time() - 7200
        os.utime(os.path.join(self.root, ".tmp-dead"), (old, old))
        os.makedirs(os.path.join(self.root, ".tmp-live"))
        actgen.load(self.act)
        self.assertFalse(os.path.exists(os.path.join(self.root, ".tmp-dead")))
        self.assertTrue(os.path.exists(os.path.join(self.root, ".tmp-live")))


if __name__ == "__main__":
    unittest.main()
