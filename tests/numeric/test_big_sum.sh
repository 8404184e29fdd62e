#!/bin/sh
# The dtheta sum of swish_backward over 10^7 elements against the exact sum
# of the same terms (MPFR): at most 2 ULPs of the sum of |terms|, however
# large n is (compensated summation); the naive error is printed beside it.
exec sh tests/numeric/run_numcheck.sh activations/logistic.act act_ tests/library/known/logistic.txt --only swish --big-sum 10000000 --random 0
