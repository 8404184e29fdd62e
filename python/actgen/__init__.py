"""actgen from Python: load a .act file and call its kernels (SPEC section 6).

    import actgen
    lib = actgen.load("activations/smu.act", defines={"alpha": "0.1"})
    f = lib["smu"]
    y = f.forward(x)                       # NumPy float32/float64, any shape
    dx, dtheta = f.backward(x, dy)         # dtheta: {"mu": array(...)}

load() compiles the file with actgen and the C compiler once and keeps the
shared object in $XDG_CACHE_HOME/actgen (see _build); later loads of the
same bytes with the same defines, actgen and compiler only open it.
`import actgen.torch` adds a torch.nn.Module on the same kernels.
"""

from . import _build
from ._build import CompileError
from ._kernel import Kernel, Library

__all__ = ["load", "CompileError", "Library", "Kernel"]
__version__ = "0.1.0"


def load(path, defines=None):
    """Compile (or fetch from the cache) the .act file at path; -D NAME=VALUE
    for each item of defines. Returns a Library: lib["name"] is a Kernel."""
    path = str(path)
    entry, cached = _build.build(path, defines)
    try:
        return Library(path, defines, entry, cached)
    except OSError:
        if not cached:
            raise
    # A damaged cache entry (a file removed by hand): build it again.
    _build.discard(entry)
    entry, cached = _build.build(path, defines)
    return Library(path, defines, entry, cached)
