#!/bin/sh
# activations/hp.act, every activation in it: f, df/dx, every df/dtheta and
# the backward dtheta sums, float and double, at special and seeded random
# points across the whole range, against the MPFR oracle of the formula as
# written. Tolerances (tests/numeric/run_numcheck.sh): f 1 ULP, derivatives
# 2 ULPs, sums 2 ULPs, in SPEC §4's scaled error. Known inaccuracies beyond
# them, with their measured size, are in tests/library/known/hp.txt.
exec sh tests/numeric/run_numcheck.sh activations/hp.act act_ tests/library/known/hp.txt
