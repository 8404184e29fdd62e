#!/bin/sh
# run_numcheck.sh FILE.act PREFIX KNOWN [numcheck options...]
# Compile FILE.act with actgen, build the C as a shared object, and run
# build/numcheck on it with the tolerances of SPEC §4 (f 1 ULP, derivatives
# 2 ULPs, sums 2 ULPs) and the list of known inaccuracies KNOWN.
# UPDATE_KNOWN=1 rewrites KNOWN from the measurement instead.
set -e
A=${ACTGEN:-./actgen}
NUMCHECK=${NUMCHECK:-build/numcheck}
T=$(mktemp -d "${TMPDIR:-/tmp}/num.XXXXXX")
trap 'rm -rf "$T"' EXIT
file=$1 prefix=$2 known=$3
shift 3
[ -x "$NUMCHECK" ] || make -s "$NUMCHECK"
"$A" "$file" --prefix "$prefix" -o "$T/k.c"
# (no dispatch copies: the same bits, tests/emit/test_same_bits.sh, at a third of the compile)
${CC:-cc} -O2 -shared -fPIC -std=c99 -DACTGEN_NO_DISPATCH -o "$T/k.so" "$T/k.c" -lm
if [ "${UPDATE_KNOWN:-}" = 1 ]; then
  "$NUMCHECK" "$file" "$T/k.so" --prefix "$prefix" --tol-f 1 --tol-dx 2 --tol-dtheta 2 --tol-sum 2 --write-baseline "$known" "$@"
else
  "$NUMCHECK" "$file" "$T/k.so" --prefix "$prefix" --tol-f 1 --tol-dx 2 --tol-dtheta 2 --tol-sum 2 --baseline "$known" "$@"
fi
