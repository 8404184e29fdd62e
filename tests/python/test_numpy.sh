#!/bin/sh
# actgen.load and the NumPy kernels: interface, layouts, dtypes, defines, parameter gradients against finite differences (numpy_test.py).
. "$(dirname "$0")/common.sh"
exec "$PY" "$TOP/tests/python/numpy_test.py"
