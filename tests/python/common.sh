# Sourced by tests/python/test_*.sh: choose a Python 3 that has the modules
# named in $NEED (`python3` first, then Debian's /usr/bin/python3, which
# has python3-torch and friends when `python3` is another interpreter),
# point PYTHONPATH at the repository's package, and keep the compiled
# kernels in one cache per test run (tests/run.sh names it in
# $ACTGEN_TEST_CACHE; a script run alone keeps it under its $TMPDIR).
# CFLAGS is cleared: the package appends $CFLAGS to its compile line, and
# a sanitizer flag from the caller would make the shared objects
# unloadable into a Python that is not built with that sanitizer. In the
# sanitizer pass (tests/run.sh) it is -DACTGEN_NO_DISPATCH instead: that
# pass is there for actgen, and the kernels' dispatch copies triple their
# compile (the plain pass builds them as users do).
NEED=${NEED:-torch numpy}
PY=
for p in python3 /usr/bin/python3; do
  # find_spec looks for the modules without importing them (torch takes seconds).
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys, importlib.util as u
sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))' $NEED >/dev/null 2>&1; then
    PY=$p
    break
  fi
done
if [ -z "$PY" ]; then
  echo "no python3 can import: $NEED (apt-get install python3-torch python3-numpy python3-matplotlib python3-sklearn)"
  exit 1
fi
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export PYTHONPATH="$TOP/python:$TOP/tests/python"
export XDG_CACHE_HOME="${ACTGEN_TEST_CACHE:-${TMPDIR:-/tmp}/actgen-python-cache}"
export ACTGEN="${ACTGEN:-./actgen}"
unset CFLAGS
[ -z "${ACTGEN_TEST_SANITIZE:-}" ] || export CFLAGS=-DACTGEN_NO_DISPATCH
