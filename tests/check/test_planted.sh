#!/bin/sh
# Planted regressions must make the checks fail:
#  1. a derivative rule of the compiler made 1% wrong (the test hook
#     ACTGEN_TEST_WRONG_RULE): actgen check --baseline exits 1 and names
#     df/dx; the numerical tests fail too;
#  2. a less accurate kernel for the same activation (gelu's 1 + erf(u)
#     written as 2 - erfc(u), which cancels for u << 0 and which actgen does
#     not rewrite): exits 1.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/plant.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
ACTGEN_TEST_WRONG_RULE=ERFC "$A" check activations/gelu.act --baseline tests/baselines/gelu.txt >"$T/out"
[ $? -eq 1 ] && grep -q "gelu .*df/dx .*WORSE" "$T/out" || { echo "wrong erfc rule not caught by check"; cat "$T/out"; fail=1; }
if ACTGEN_TEST_WRONG_RULE=ERFC sh tests/numeric/run_numcheck.sh activations/gelu.act act_ tests/library/known/gelu.txt >"$T/num" 2>&1; then
  echo "wrong erfc rule not caught by the numerical tests"; fail=1
fi
sed 's|(1 + erf(x / sqrt(2)))|(2 - erfc(x / sqrt(2)))|' activations/gelu.act >"$T/gelu.act"
grep -q "2 - erfc" "$T/gelu.act" || { echo "could not plant"; fail=1; }
"$A" check "$T/gelu.act" --baseline tests/baselines/gelu.txt >"$T/out2"
[ $? -eq 1 ] && grep -q "gelu .*double f .*WORSE" "$T/out2" || { echo "worse gelu kernel not caught"; cat "$T/out2"; fail=1; }
exit $fail
