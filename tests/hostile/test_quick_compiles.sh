#!/bin/sh
# Inputs that once took the compiler seconds to minutes compile in moments.
# Each file below must compile (status 0) within 4 s of CPU time, the
# sanitizers' pass included (CPU time, not the clock's: the suite runs its
# scripts side by side; 60 s of the clock stop a hang). Each declares the
# learn items c and a, which only the sixth and the last use.
#
# Powers at the limit of exponents (the first five): the Laurent series at
# 0 (series_laurent.c) and the double-double forms (double_double.c) raise
# to the k-th power by squaring, about 2 log2 k products. They took k - 1:
# x^-999999 alone compiled in 8-20 s, the sum of seven powers in 7 s,
# tests/hostile/powers.act in 29 s, and minutes under the sanitizers, where
# a random-expression search stopped one at its 120 s timeout (now
# 0.03-0.1 s; 0.3 s with them). The fifth, a power kept nested (10^6 *
# 65537 is past the limit), took the series' power of x past 2^31 (signed
# overflow, which UBSan reports in the suite's second pass; the old chain
# got there too, only slower).
#
# A composition whose Taylor series has a pole (the sixth): sqrt(u) at u = 0
# has no series, and compose() in series_laurent.c gives up at the first
# derivative that divides by zero. It built every derivative up to the
# 25th before the check at the end: the file (an output that overflows, so
# the stabilizer tries every form) compiled in 16-24 s, a random one like
# it from tests/hostile/random_expressions.py in 12 s and over 120 s under
# the sanitizers (now 0.25 s; 0.9 s with them).
#
# Derivatives that double in size (the last): series.c's Taylor series
# stopped where a derivative added too many new nodes, but derivatives
# that another output's series had made already were new to none, so each
# output's series went one order further, to the 16th derivative and the
# DAG's limit of 2 million nodes: 14 s (found by a random-expression
# search, seed 20261209), over 60 s under the sanitizers. A derivative much
# larger than its output is no longer differentiated (0.6 s; 2.4 s of CPU
# with the sanitizers).
#
# A constant that is exactly 0 but not rational (the last but one): sin(max(1/2,
# pi)) = sin(pi), which the oracle evaluates to about 2^-p at every
# precision p, so its Ziv loops climbed to their caps (2.6 s, 8.3 s under
# the sanitizers; found by a random-expression search, seed 20261211).
# fold_trig.c folds sin and cos of rational multiples of pi, now also through
# min and max whose order is certain: 0.02 s.
#
# And one the compiler must refuse (status 2, its FILE:LINE:COL: error:)
# within the same limit: a sum of 100000 terms 1e200 i x, whose constants
# exceed the limit on exact constants' bits. dag.c hashed a number by its
# lowest 32 bits, 0 for every 10^200 i, and interning the partial sums in
# one chain took 150 s, minutes more under the sanitizers (found by the
# fuzzer, make fuzz); now 0.4 s.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/quick.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
fail=0
i=0
for e in 'x^-999999' '(x^-999999 / min(exp(e), (0 - 1e-320)))^(-1.5)' \
         'hypot(x^999999, 1) + 1 / (1 + x^999999) + 1 / (2 + x^999997) + 1 / (3 + x^999995) + 1 / (4 + x^999993) + 1 / (5 + x^999991) + 1 / (6 + x^999989)' \
         '1e300 / ((x^-2)^-999999 - 2 / cosh(x))' '((x^1000000)^65537)^x' \
         'sum(k = 0..2, a[k] * (sqrt(x))^k) * (pow(1e300, pi) - 3)' \
         'abs(sin(max(0.5, pi)))^x' 'hypot(x - sum(k = 0..2, a[k] * c^k), pow(1e300, a[2])^0.5 * x)'; do
  i=$((i + 1))
  printf 'learn c = 0.75\nlearn a[3] = {0.5, -1, 2}\nactivation f(x) = %s\n' "$e" >"$T/p$i.act"
  (ulimit -S -t 4 && exec timeout 60 "$A" "$T/p$i.act" -o "$T/p$i.c") >/dev/null 2>"$T/err"
  rc=$?
  [ $rc = 0 ] || { echo "status $rc (152: over 4 s of CPU; 124: over 60 s) on f(x) = $e"; cat "$T/err"; fail=1; }
done
printf 'activation f(x) = sum(i = 1..100000, 1e+00200 * i * x)\n' >"$T/big.act"
(ulimit -S -t 4 && exec timeout 60 "$A" "$T/big.act" -o "$T/big.c") >/dev/null 2>"$T/err"
rc=$?
if [ $rc != 2 ] || ! grep -q "^$T/big.act:1:12: error: activation 'f' is too large to compile" "$T/err" || [ -e "$T/big.c" ]; then
  echo "status $rc (expected 2 with its error, no output; 152: over 4 s of CPU) on the sum of 1e200 i x:"; cat "$T/err"; fail=1
fi
exit $fail
