#!/bin/sh
# actgen check on every shipped activation file against its baseline in
# tests/baselines/: no figure (max and mean scaled ULP error, counts above
# 0.5 and 1 ULP, per activation, precision and output) may be worse.
# `sh tests/check/update_baselines.sh` rewrites them after a deliberate change.
A=${ACTGEN:-./actgen}
fail=0
for f in activations/*.act; do
  b=$(basename "$f" .act)
  if ! "$A" check "$f" --baseline "tests/baselines/$b.txt" >"${TMPDIR:-/tmp}/check.out" 2>&1; then
    echo "$f:"; grep -E "WORSE|not in the baseline|error|API" "${TMPDIR:-/tmp}/check.out"; fail=1
  fi
done
exit $fail
