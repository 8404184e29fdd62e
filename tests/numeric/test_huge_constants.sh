#!/bin/sh
# Products of numbers are folded into one double literal (dag.c's c1(c2 y),
# simplify.c's constant products, horner.c's collected coefficients, lower.c's
# times()) only while the folded number is tame (within 2^+-900): 1e300 (1e100
# x) as HUGE_VAL x was NaN at x = 0 in both precisions, and 1e300 hypot(m,
# 1e100 x) as HUGE_VAL hypotin(m/1e100, x) would be NaN at x = m = 0. With
# the products kept apart every output stays within the accuracy targets
# (scaled ULPs: float 0.51, double 4) of the oracle, which evaluates them
# exactly (the old forms: inf at x = 0); and a tame fold still happens
# (1e-3 (2 x) is one product, 0.002 x).
A=${ACTGEN:-./actgen}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
cat >"$T/huge.act" <<'ACT'
learn m = 0.5
activation prod(x) = 1e300 * (1e100 * x)
activation tiny(x) = 1e-300 * (1e-100 * x) + x
activation twice(x) = 1e308 * x + 1e308 * x
activation hyp(x) = 1e300 * hypot(m, 1e100 * x)
activation tame(x) = 1e-3 * (2 * x)
ACT
"$A" --prefix t_ "$T/huge.act" -o "$T/huge.c" || exit 1
grep -q "HUGE_VAL \*" "$T/huge.c" && { echo "a folded product is HUGE_VAL:"; grep -n "HUGE_VAL \*" "$T/huge.c"; fail=1; }
grep -A3 "double actgen_fv\?_t_tame(" "$T/huge.c" | grep -q "0\.002 \* x" ||
  { echo "tame's 1e-3 (2 x) is not folded:"; grep -A3 "double actgen_fv\?_t_tame(" "$T/huge.c"; fail=1; }
"$A" check "$T/huge.act" >"$T/check" 2>&1
awk '$3 !~ /^sum/ && NR > 1 { n++; lim = $2 == "float" ? 0.51 : 4; if (!($4 <= lim)) { print $1 " " $2 " " $3 ": " $4 " ULP (over " lim ")"; bad = 1 } }
     END { if (n != 22) { print "expected 22 rows, found " n; bad = 1 } exit bad }' "$T/check" || { cat "$T/check"; fail=1; }
exit $fail
