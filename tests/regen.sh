#!/bin/sh
# regen.sh — rewrite generated/ from activations/: for each FILE.act,
# generated/FILE.c and generated/FILE.h, with the library-wide prefix
# "act_" so that names like tanh or erf cannot clash with <math.h>.
# With --check, write into a scratch directory and fail if generated/ differs.
set -eu
ACTGEN=${ACTGEN:-./actgen}
out=generated
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
for act in activations/*.act; do
  base=$(basename "$act" .act)
  "$ACTGEN" "$act" --prefix act_ -o "$out/$base.c" -H "$out/$base.h"
done
if [ "${1:-}" = "--check" ]; then
  diff -r -x .gitignore generated "$out"
fi
