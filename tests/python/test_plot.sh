#!/bin/sh
# python3 -m actgen.plot writes its PNG, measures ULPs against actgen eval, rejects bad usage (plot_test.py).
NEED="numpy matplotlib"
. "$(dirname "$0")/common.sh"
exec "$PY" "$TOP/tests/python/plot_test.py"
