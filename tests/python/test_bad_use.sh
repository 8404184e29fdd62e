#!/bin/sh
# Every bad use of SPEC section 6 gets its Python exception (baduse_test.py).
. "$(dirname "$0")/common.sh"
exec "$PY" "$TOP/tests/python/baduse_test.py"
