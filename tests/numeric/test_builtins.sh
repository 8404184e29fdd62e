#!/bin/sh
# Every builtin, polynomial family, sum over a learn vector, if and let:
# the generated kernels (f, df/dx, df/dtheta, backward sums, both
# precisions) against the MPFR oracle. Tolerances, in ULPs of SPEC §4's
# scaled error: f 1, derivatives 2, backward dtheta sums 2 (of the sum of
# |terms|). Known inaccuracies beyond them are listed, with their measured
# size, in tests/numeric/known_builtins.txt; any growth fails.
exec sh tests/numeric/run_numcheck.sh tests/numeric/builtins.act "" tests/numeric/known_builtins.txt
