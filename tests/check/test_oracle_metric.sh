#!/bin/sh
# The SPEC §4 metric on hand-made cases (exact, one ULP off, midpoint,
# subnormal, zero of the wrong sign, NaN, infinity, scaled), and the forward
# oracle against MPFR's own correctly rounded functions: zero error.
set -e
T=$(mktemp -d "${TMPDIR:-/tmp}/om.XXXXXX")
trap 'rm -rf "$T"' EXIT
make -s build/libactgen.a
${CC:-cc} -O2 -std=c11 -Isrc -Igrammar -Ibuild -o "$T/om" tests/check/oracle_metric.c build/libactgen.a -lmpfr -lgmp -lm -ldl
"$T/om"
