"""The kernels of one compiled .act file, called through ctypes.

Library parses the generated header (SPEC section 3: `#define P<name>_NTHETA
K`, `#define P<name>_THETA_<item> I` and `..._SIZE N` for vectors, in the
order actgen writes them) to learn each activation's name and the layout of
its theta vector, and binds `P<name>_forward[f]` and `P<name>_backward[f]`.
Kernel is one activation: forward/backward on NumPy arrays, and the raw
pointer entry points that actgen.torch uses on tensors' memory.
"""

import ctypes
import os
import re

import numpy as np

from . import _build

_DEFINE = re.compile(r"^#define (\w+) (\d+)\s*$", re.M)
_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t


def check_dtype(dtype, what="input"):
    """float32 or float64 (either byte order), else TypeError."""
    dtype = np.dtype(dtype)
    if dtype.kind != "f" or dtype.itemsize not in (4, 8):
        raise TypeError("actgen: %s must be float32 or float64, not %s" % (what, dtype))
    return np.dtype(np.float64 if dtype.itemsize == 8 else np.float32)


def parse_header(text, prefix):
    """[(name, K, [(item, offset, size, is_vector)])] in the header's order."""
    acts = []
    for sym, value in _DEFINE.findall(text):
        value = int(value)
        if sym.endswith("_NTHETA") and sym.startswith(prefix):
            acts.append((sym[len(prefix):-len("_NTHETA")], value, []))
            continue
        if not acts:
            continue
        name, _, items = acts[-1]
        lead = prefix + name + "_THETA_"
        if not sym.startswith(lead):
            continue
        item = sym[len(lead):]
        if item.endswith("_SIZE") and any(i[0] == item[:-5] for i in items):
            base = item[:-5]
            items[:] = [(n, o, s, v or n == base) for n, o, s, v in items]
        else:
            items.append((item, value, None, False))
    out = []
    for name, k, items in acts:
        items.sort(key=lambda i: i[1])
        ends = [i[1] for i in items[1:]] + [k]
        out.append((name, k, [(n, o, e - o, v) for (n, o, _, v), e in zip(items, ends)]))
    return out


class Kernel:
    """One activation of a loaded file (SPEC section 6)."""

    def __init__(self, lib, name, k, items, origin):
        self.name = name
        self.ntheta = k
        self._items = items                      # (name, offset, size, is_vector)
        self._origin = origin                    # (path, defines) for pickling
        sym = _build.PREFIX + name
        self._fwd, self._bwd = {}, {}
        for dtype, suffix in ((np.dtype(np.float64), ""), (np.dtype(np.float32), "f")):
            f = getattr(lib, sym + "_forward" + suffix)
            f.argtypes, f.restype = [_SIZE, _P, _P, _P], None
            b = getattr(lib, sym + "_backward" + suffix)
            b.argtypes, b.restype = [_SIZE, _P, _P, _P, _P, _P], None
            self._fwd[dtype], self._bwd[dtype] = f, b
        init = (ctypes.c_double * max(k, 1)).in_dll(lib, sym + "_theta_init")
        self._init = np.array(init[:k], dtype=np.float64)

    # -- the description of theta --------------------------------------
    @property
    def theta_names(self):
        return tuple(i[0] for i in self._items)

    def theta_layout(self):
        """[(name, offset, shape)] in theta's order."""
        return [(n, o, (s,) if v else ()) for n, o, s, v in self._items]

    @property
    def theta_init(self):
        return {n: self._init[o:o + (s[0] if s else 1)].reshape(s).copy()
                for n, o, s in self.theta_layout()}

    def pack_theta(self, theta, dtype):
        """theta dict (None: the initial values) -> contiguous array of K."""
        flat = self._init.copy()
        if theta is not None:
            layout = {n: (o, s) for n, o, s in self.theta_layout()}
            for name, value in theta.items():
                if name not in layout:
                    raise KeyError("actgen: %s has no learn item %r (it has %s)"
                                   % (self.name, name, ", ".join(self.theta_names) or "none"))
                o, s = layout[name]
                value = np.asarray(value)
                if value.dtype.kind not in "fiu":
                    raise TypeError("actgen: theta[%r] must be real numbers, not %s"
                                    % (name, value.dtype))
                if value.shape != s:
                    raise ValueError("actgen: theta[%r] has shape %s, %s needs %s"
                                     % (name, value.shape, self.name, s))
                flat[o:o + max(1, value.size)] = value.reshape(-1)
        return np.ascontiguousarray(flat, dtype=dtype)

    def unpack_dtheta(self, flat):
        return {n: np.array(flat[o:o + (s[0] if s else 1)], dtype=np.float64).reshape(s)
                for n, o, s in self.theta_layout()}

    # -- raw entry points: n elements at the given addresses ------------
    def forward_raw(self, dtype, n, x, y, theta):
        self._fwd[np.dtype(dtype)](n, x, y, theta)

    def backward_raw(self, dtype, n, x, dy, dx, theta, dtheta):
        self._bwd[np.dtype(dtype)](n, x, dy, dx, theta, dtheta)

    # -- NumPy ----------------------------------------------------------
    @staticmethod
    def _input(x):
        x = np.asarray(x)
        dtype = check_dtype(x.dtype)
        return np.asarray(x, dtype=dtype, order="C"), dtype

    def forward(self, x, theta=None):
        """f(x) elementwise; x float32 or float64, any shape and layout."""
        x, dtype = self._input(x)
        th = self.pack_theta(theta, dtype)
        y = np.empty(x.shape, dtype)
        self.forward_raw(dtype, x.size, x.ctypes.data, y.ctypes.data, th.ctypes.data)
        return y

    def backward(self, x, dy, theta=None):
        """(dy * df/dx, {name: sum of dy * df/dname}) for dy of x's shape."""
        x, dtype = self._input(x)
        dy = np.asarray(dy)
        check_dtype(dy.dtype, "dy")
        if dy.shape != x.shape:
            raise ValueError("actgen: dy has shape %s, x has %s" % (dy.shape, x.shape))
        dy = np.asarray(dy, dtype=dtype, order="C")
        th = self.pack_theta(theta, dtype)
        dx = np.empty(x.shape, dtype)
        dth = np.zeros(max(self.ntheta, 1), dtype)
        self.backward_raw(dtype, x.size, x.ctypes.data, dy.ctypes.data, dx.ctypes.data,
                          th.ctypes.data, dth.ctypes.data if self.ntheta else None)
        return dx, self.unpack_dtheta(dth)

    def __repr__(self):
        return "<actgen kernel %s(x), theta: %s>" % (self.name, ", ".join(
            "%s%s" % (n, "[%d]" % s[0] if s else "") for n, _, s in self.theta_layout()) or "none")

    # A kernel is immutable: copies share it, and pickles reload the file.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (_reload, self._origin + (self.name,))


def _reload(path, defines, name):
    from . import load
    return load(path, defines)[name]


class Library:
    """The activations of one .act file: lib["name"] is a Kernel."""

    def __init__(self, path, defines, entry, cached):
        self.path, self.defines, self.cached, self.entry = path, defines, cached, entry
        with open(os.path.join(entry, "act.h")) as f:
            header = f.read()
        self._so = ctypes.CDLL(os.path.join(entry, "act.so"))
        origin = (os.path.abspath(path), dict(defines) if defines else None)
        self._kernels = {name: Kernel(self._so, name, k, items, origin)
                         for name, k, items in parse_header(header, _build.PREFIX)}

    def __getitem__(self, name):
        try:
            return self._kernels[name]
        except KeyError:
            raise KeyError("actgen: %s has no activation %r (it has %s)" % (
                self.path, name, ", ".join(self._kernels))) from None

    def __contains__(self, name):
        return name in self._kernels

    def __iter__(self):
        return iter(self._kernels)

    def __len__(self):
        return len(self._kernels)

    def keys(self):
        return self._kernels.keys()

    def __repr__(self):
        return "<actgen library %s: %s>" % (self.path, ", ".join(self._kernels))
