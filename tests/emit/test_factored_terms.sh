#!/bin/sh
# The float backward's df/dtheta terms factored by a shared x-dependent
# factor (src/factor_terms.c): in rat, a rational unit, the numerator's
# terms share 1/Q (da[0] is 1/Q itself) and the denominator's share P/Q^2,
# with a theta-only scale -sign(b_j); ds = x shares nothing. The float
# dall body stores each group's factor after the K terms (rows 7 and 8)
# and nothing for da[0]; the double body stores the K terms as they are;
# the float backward adds them by the activation's own sum pass. Then the
# kernels against the MPFR oracle: every float row within 0.51 ULP, and the
# backward's float sums (scalar grad multiplied out, array backward
# summed in blocks, the scale applied after the sum) within 0.5 ULP of the
# exact sums, relative to the sums of their terms' magnitudes.
A=${ACTGEN:-./actgen}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
cat >"$T/fac.act" <<'ACT'
learn a[3] = {1, 0.5, 0.25}
learn b[3] = {0.75, -0.5, 0.3}
learn s = 1.5
activation rat(x) = (a[0] + a[1] * x + a[2] * x^2) / (1 + abs(b[0]) * abs(x) + abs(b[1]) * x^2 + abs(b[2]) * abs(x)^3) + s * x
ACT
"$A" --prefix t_ "$T/fac.act" -o "$T/fac.c" || exit 1
awk '/^ACTGEN_INLINE double actgen_dallv?_t_rat\(/ { name = $3; sub(/\(.*/, "", name); body = "" }
     name != "" { body = body $0 }
     name != "" && /^}/ { print name ": " body; name = "" }' "$T/fac.c" >"$T/bodies"
grep "^actgen_dallv_t_rat:" "$T/bodies" | grep -q "dtheta\[stride \* 8\] = " &&
  ! grep "^actgen_dallv_t_rat:" "$T/bodies" | grep -q "dtheta\[0\] = " ||
  { echo "the float dall body does not store two groups' factors in place of da[0]:"; cat "$T/bodies"; fail=1; }
grep "^actgen_dall_t_rat:" "$T/bodies" | grep -q "dtheta\[0\] = " &&
  ! grep "^actgen_dall_t_rat:" "$T/bodies" | grep -q "dtheta\[stride \* 7\]" ||
  { echo "the double dall body does not store the 7 terms as they are:"; cat "$T/bodies"; fail=1; }
grep -q "actgen_sumf_t_rat(s, e, u, d, w, m);" "$T/fac.c" || { echo "the float backward does not call actgen_sumf_t_rat"; fail=1; }
"$A" check "$T/fac.act" >"$T/check" 2>&1
awk '$2 == "float" && $3 != "sum" { n++; if (!($4 <= 0.51)) { print "float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     $2 == "float" && $3 == "sum" { s++; if (!($5 <= 0.5)) { print "float sum " $4 ": " $5 " ULP (over 0.5)"; bad = 1 } }
     END { if (n != 9 || s != 7) { print "expected 9 float rows and 7 sums, found " n " and " s; bad = 1 } exit bad }' "$T/check" ||
  { cat "$T/check"; fail=1; }
exit $fail
