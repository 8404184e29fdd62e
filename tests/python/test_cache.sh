#!/bin/sh
# The compiled-library cache: cached and uncached loads, the key, racing builds, damaged entries (cache_test.py).
. "$(dirname "$0")/common.sh"
exec "$PY" "$TOP/tests/python/cache_test.py"
