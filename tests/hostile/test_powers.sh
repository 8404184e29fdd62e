#!/bin/sh
# Integer powers with exponents up to the limit (docs/limits.md), merged
# ((x^1000)^1000), kept nested where merging would pass the limit
# ((x^3)^1000000), negative, odd and even: the kernels' f and df/dx agree
# with the MPFR oracle at points where x^n is far from 1 in value (issue 10,
# findings 3 and 4; the exponents beyond the limit are tests/parse/
# err_exponent.act).
exec sh tests/hostile/kernel_vs_oracle.sh tests/hostile/powers.act 1e-6 -1 1.0000001 -0.9999999 1.00000004 -1.00000002
