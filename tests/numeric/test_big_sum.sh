#!/bin/sh
# The dtheta sums of swish_backward over 10^7 elements, double and float,
# against the exact sum (MPFR) of the same per-element terms: at most 2 ULPs
# of the sum of |terms| (SPEC §3: compensated or pairwise in double, double
# accumulation for float). Two batches: random terms with cancellation, and
# repeated terms with dy = 1, where a naive running sum is off by about
# 4e5 ULPs (printed beside each figure, so the batch is seen to discriminate).
exec sh tests/numeric/run_numcheck.sh activations/logistic.act act_ tests/library/known/logistic.txt --only swish --big-sum 10000000 --random 0
