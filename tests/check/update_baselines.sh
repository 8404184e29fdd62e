#!/bin/sh
# Rewrite tests/baselines/ from the current compiler (after a deliberate
# change; review the diff: every figure that moved is in it).
A=${ACTGEN:-./actgen}
for f in activations/*.act; do
  "$A" check "$f" --baseline "tests/baselines/$(basename "$f" .act).txt" --update-baseline >/dev/null || exit 1
done
