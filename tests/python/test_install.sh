#!/bin/sh
# make install into a DESTDIR: the installed actgen compiles a shipped file
# (from share/actgen) into warning-free C, the .act library and man page are
# the repository's, the installed Python package (PYTHONPATH at it, no
# $ACTGEN, no actgen on PATH) finds the installed actgen and gives the same
# values as the repository's package; make uninstall leaves no file behind.
. "$(dirname "$0")/common.sh"
set -e
D=$(mktemp -d "${TMPDIR:-/tmp}/install.XXXXXX")
trap 'rm -rf "$D"' EXIT
# -o actgen: install what the suite built, never rebuild inside the tests.
make -s -o actgen install DESTDIR="$D/root" PREFIX=/opt/ag PYTHON="$PY" >"$D/log" 2>&1 || { cat "$D/log"; exit 1; }
R=$D/root/opt/ag
PYDIR=$(cd "$R/lib/python"*/dist-packages && pwd)
case $PYDIR in
  */lib/python3.*/dist-packages) ;;
  *) echo "package installed in $PYDIR"; exit 1 ;;
esac
cmp actgen "$R/bin/actgen"
cmp docs/actgen.1 "$R/share/man/man1/actgen.1"
for f in activations/*.act; do cmp "$f" "$R/share/actgen/$(basename "$f")"; done
for f in python/actgen/*.py; do cmp "$f" "$PYDIR/actgen/$(basename "$f")"; done
"$R/bin/actgen" "$R/share/actgen/hp.act" -o "$D/hp.c" -H "$D/hp.h"
${CC:-cc} -std=c99 -Wall -Wextra -pedantic -Werror -c -o "$D/hp.o" "$D/hp.c"
if command -v groff >/dev/null 2>&1; then
  groff -man -ww -z "$R/share/man/man1/actgen.1" 2>"$D/groff" && [ ! -s "$D/groff" ] || { cat "$D/groff"; exit 1; }
fi
# The repository's package, for reference values.
"$PY" -c '
import sys, numpy as np, actgen
x = np.linspace(-3, 3, 7)
f = actgen.load(sys.argv[1])["hp1"]
np.save(sys.argv[2], np.concatenate([f.forward(x), f.backward(x, np.ones(7))[1]["c1"]]))
' "$R/share/actgen/hp.act" "$D/ref.npy"
env -u ACTGEN PATH=/usr/bin:/bin PYTHONPATH="$PYDIR" XDG_CACHE_HOME="$D/cache" "$PY" -c '
import os, sys, numpy as np, torch
import actgen, actgen.torch
from actgen import _build
root = sys.argv[1]
assert actgen.__file__.startswith(root), actgen.__file__
assert os.path.samefile(_build.find_actgen(), os.path.join(root, "opt/ag/bin/actgen")), _build.find_actgen()
path = os.path.join(root, "opt/ag/share/actgen/hp.act")
x = np.linspace(-3, 3, 7)
f = actgen.load(path)["hp1"]
got = np.concatenate([f.forward(x), f.backward(x, np.ones(7))[1]["c1"]])
assert np.array_equal(got, np.load(sys.argv[2])), (got, np.load(sys.argv[2]))
act = actgen.torch.Activation(path, "hp1", dtype=torch.float64)
t = torch.tensor(x, requires_grad=True)
act(t).sum().backward()
assert torch.equal(act.c1.grad, torch.tensor(got[7:]))
' "$D/root" "$D/ref.npy"
make -s uninstall DESTDIR="$D/root" PREFIX=/opt/ag PYTHON="$PY"
left=$(find "$D/root" -type f -o -name '*actgen*')
[ -z "$left" ] || { echo "left behind after uninstall:"; echo "$left"; exit 1; }
