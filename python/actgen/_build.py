"""Compile a .act file into a cached shared object.

build() runs `actgen FILE.act --prefix P -o act.c -H act.h` and then the C
compiler (`$CC`, flags `-std=c99 -O2` plus `$CFLAGS`, `-shared -fPIC`) into
a fresh temporary directory inside the cache root, and renames that
directory to its final name, the hex SHA-256 of everything that decides the
result: the file's bytes, the defines, the actgen binary's bytes, the
compiler's command, `--version` text and flags, this package's FORMAT,
and, when a flag asks for code for this machine (-march=native), the CPU's
model and instruction sets, so that a cache shared between machines never
hands one a shared object that it cannot run. A rename of a directory is atomic, so a reader sees a whole entry or
none; when two processes build the same entry at once, the second rename
fails and that process throws its copy away and uses the winner's. A cache
entry holds act.c, act.h and act.so; the header is the description of the
kernels (SPEC section 3) that the loader parses.

The hash of the actgen binary is kept per process, and the compiler's
`--version` text per process and in the cache root (.cc-*), both keyed by
the file's identity and modification time, so that a cached load runs no
subprocess.
"""

import errno
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time

# Bumped whenever the way an entry is built changes.
FORMAT = "actgen-python-1"
# The private prefix of every generated symbol: an activation may then be
# called `tanh` or `exp` without clashing with the C library.
PREFIX = "agpy_"
BASE_FLAGS = ("-std=c99", "-O2")
SHARED_FLAGS = ("-shared", "-fPIC")


class CompileError(Exception):
    """A .act file that actgen rejects (the message carries actgen's
    `FILE:LINE:COL: error:` lines), or generated C the compiler rejects."""


CompileError.__module__ = "actgen"


_memo = {}


def _file_identity(path):
    st = os.stat(path)
    return (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns)


def _memoized(kind, path, compute):
    key = (kind,) + _file_identity(path)
    if key not in _memo:
        _memo[key] = compute()
    return _memo[key]


def find_actgen():
    """$ACTGEN, else ./actgen at the top of the repository holding this
    package, else `actgen` on PATH, else the one installed beside an
    installed package (PREFIX/bin for PREFIX/lib/python3/dist-packages)."""
    env = os.environ.get("ACTGEN")
    if env:
        found = env if os.sep in env else shutil.which(env)
        if found and os.path.isfile(found):
            return os.path.abspath(found)
        raise FileNotFoundError("$ACTGEN names %r, which is not a program" % env)
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.join(os.path.dirname(os.path.dirname(here)), "actgen")
    if os.path.isfile(repo) and os.access(repo, os.X_OK):
        return repo
    on_path = shutil.which("actgen")
    if on_path:
        return os.path.abspath(on_path)
    prefix_bin = os.path.join(here, "..", "..", "..", "..", "bin", "actgen")
    if os.path.isfile(prefix_bin) and os.access(prefix_bin, os.X_OK):
        return os.path.normpath(prefix_bin)
    raise FileNotFoundError("no actgen program: set $ACTGEN, run `make` in the repository, "
                            "or put actgen on PATH")


def compiler():
    """The compiler's argument vector and flags, from $CC and $CFLAGS."""
    cc = shlex.split(os.environ.get("CC") or "cc")
    flags = list(BASE_FLAGS) + shlex.split(os.environ.get("CFLAGS", ""))
    return cc, flags


def _compiler_version(cc):
    exe = shutil.which(cc[0])
    if exe is None:
        raise FileNotFoundError("no C compiler %r (set $CC)" % cc[0])

    def run():
        # Kept on disk too, named by the compiler's identity: running
        # `cc --version` would be most of the cost of a cached load.
        ident = repr((cc, _file_identity(exe))).encode()
        memo = os.path.join(cache_root(), ".cc-" + hashlib.sha256(ident).hexdigest()[:32])
        try:
            with open(memo, "rb") as f:
                return f.read()
        except OSError:
            pass
        r = subprocess.run(cc + ["--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, check=False)
        try:
            os.makedirs(cache_root(), exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=cache_root())
            with os.fdopen(fd, "wb") as f:
                f.write(r.stdout)
            os.replace(tmp, memo)
        except OSError:
            pass
        return r.stdout
    return _memoized(("cc", cache_root()) + tuple(cc), exe, run)


def _sha256_of_file(path):
    def run():
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    return _memoized("sha", path, run)


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):       # the XDG rule: relative paths are ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "actgen")


def normalize_defines(defines):
    """{name: value} -> sorted [(name, text)], values as actgen reads them."""
    out = []
    for name, value in (defines or {}).items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError("define name %r is not a name" % (name,))
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError("define %s: value must be a number or a string, not %s"
                            % (name, type(value).__name__))
        out.append((name, value if isinstance(value, str) else repr(value)))
    return sorted(out)


_cpu = []


def _cpu_identity():
    """What -march=native depends on: the first processor's model and
    instruction-set lines of /proc/cpuinfo (x86 "flags", ARM "Features"),
    else the platform's machine and processor names. Read once per process."""
    if not _cpu:
        lines = []
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if not line.strip():
                        break                    # the first processor's block only
                    if line.split(":")[0].strip() in ("model name", "flags", "Features",
                                                      "CPU implementer", "CPU part"):
                        lines.append(line.strip())
        except OSError:
            pass
        if not lines:
            import platform
            lines = [platform.machine(), platform.processor()]
        _cpu.append("\n".join(lines))
    return _cpu[0]


def _key(source, defines, actgen, cc, flags):
    h = hashlib.sha256()
    parts = [FORMAT, PREFIX, _sha256_of_file(actgen)]
    parts += ["cc"] + cc + ["flags"] + flags + list(SHARED_FLAGS)
    if any("native" in f for f in flags):   # -march=native: code for this CPU only
        parts += ["cpu", _cpu_identity()]
    parts += ["D%s=%s" % d for d in defines]
    for p in parts:
        h.update(p.encode() + b"\0")
    h.update(_compiler_version(cc))
    h.update(b"\0source\0" + source)
    return h.hexdigest()[:40]


def _run(argv, cwd, what):
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=False)
    if r.returncode != 0:
        text = (r.stderr + r.stdout).decode(errors="replace").rstrip()
        raise CompileError("%s failed (exit status %d):\n%s" % (what, r.returncode, text))


def _sweep(root):
    """Remove temporary directories that a killed process left behind."""
    now = time.time()
    for name in os.listdir(root):
        if name.startswith(".tmp-"):
            p = os.path.join(root, name)
            try:
                if now - os.stat(p).st_mtime > 3600:
                    if os.path.isdir(p):
                        shutil.rmtree(p, ignore_errors=True)
                    else:
                        os.remove(p)
            except OSError:
                pass


def build(path, defines=None):
    """Return (entry directory, whether it was already cached)."""
    defs = normalize_defines(defines)
    with open(path, "rb") as f:
        source = f.read()
    actgen = find_actgen()
    cc, flags = compiler()
    root = cache_root()
    entry = os.path.join(root, _key(source, defs, actgen, cc, flags))
    if os.path.isfile(os.path.join(entry, "act.so")) and os.path.isfile(os.path.join(entry, "act.h")):
        return entry, True
    if os.path.isdir(entry):            # damaged by hand: build it again
        discard(entry)
    os.makedirs(root, exist_ok=True)
    _sweep(root)
    tmp = tempfile.mkdtemp(prefix=".tmp-", dir=root)
    try:
        src = os.path.join(tmp, "act.act")
        with open(src, "wb") as f:      # compile exactly the bytes that were hashed
            f.write(source)
        argv = [actgen, src, "--prefix", PREFIX, "-o", os.path.join(tmp, "act.c"),
                "-H", os.path.join(tmp, "act.h")]
        for name, value in defs:
            argv += ["-D", "%s=%s" % (name, value)]
        try:
            _run(argv, tmp, "actgen")
        except CompileError as e:
            # Name the user's file, not the private copy, in actgen's messages.
            raise CompileError(str(e).replace(src, path)) from None
        _run(cc + flags + list(SHARED_FLAGS) + ["-o", "act.so", "act.c", "-lm"], tmp,
             "the C compiler (%s)" % " ".join(cc))
        try:
            os.rename(tmp, entry)
        except OSError as e:
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            # Another process finished the same entry first: use its copy.
            shutil.rmtree(tmp, ignore_errors=True)
        return entry, False
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def discard(entry):
    """Drop an entry that failed to load, so that the next build redoes it."""
    doomed = entry + ".bad-%d" % os.getpid()
    try:
        os.rename(entry, doomed)
    except OSError:
        return
    shutil.rmtree(doomed, ignore_errors=True)
