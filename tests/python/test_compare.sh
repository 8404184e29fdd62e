#!/bin/sh
# examples/compare_activations.py in a tiny setting writes a sane CSV, PNG and summary (compare_test.py).
NEED="torch numpy matplotlib sklearn"
. "$(dirname "$0")/common.sh"
export OMP_WAIT_POLICY=PASSIVE
exec "$PY" "$TOP/tests/python/compare_test.py"
