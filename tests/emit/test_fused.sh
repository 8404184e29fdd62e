#!/bin/sh
# The float kernels' fused forms (src/lower.c): tanh(softplus(u)),
# cosh(softplus(u)), 1/cosh(u)^2 and c sigmoid(u)/cosh(softplus(u))^2 (the
# derivative of the first) of an x-dependent u become the math layer's
# actgen_vtanhsp, actgen_vcoshsp, actgen_vsech2 and actgen_vtanhspd
# (sigmoid(u) sigmoid(-u) actgen_vsigprod: below) (or their
# `_fast` forms, src/ops.h) in the float bodies only (the double bodies and the theta-only values computed once
# per call keep the composition), and the float kernels that use them stay
# within 0.51 ULP of the MPFR oracle, which evaluates the activation as
# written.
A=${ACTGEN:-./actgen}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
# bodies FILE.c REGEX: each function whose first line matches REGEX, as
# "NAME: its lines joined" on one line.
bodies() {
  awk -v re="$2" '$0 ~ re { name = $3; sub(/\(.*/, "", name); body = "" }
       name != "" { body = body $0 }
       name != "" && /^}/ { print name ": " body; name = "" }' "$1"
}
"$A" --prefix t_ tests/emit/fused.act -o "$T/fused.c" || exit 1
# Each body, as "NAME: calls..." on one line.
bodies "$T/fused.c" '^(ACTGEN_INLINE|static) [a-z]+ actgen_(f|dx|dall|fv|dxv|dallv|pre)_t_fused[(]' >"$T/bodies"
for b in actgen_fv_t_fused actgen_dxv_t_fused actgen_dallv_t_fused; do
  grep "^$b:" "$T/bodies" | grep -qE "actgen_vtanhsp(_fast)?\(" || { echo "$b does not call actgen_vtanhsp"; fail=1; }
done
grep "^actgen_fv_t_fused:" "$T/bodies" | grep -qE "actgen_vcoshsp(_fast)?\(" || { echo "actgen_fv_t_fused does not call actgen_vcoshsp"; fail=1; }
for f in actgen_vsech2 actgen_vtanhspd; do
  grep "^actgen_dxv_t_fused:" "$T/bodies" | grep -qE "$f(_fast)?\(" || { echo "actgen_dxv_t_fused does not call $f"; fail=1; }
done
grep "^actgen_dallv_t_fused:" "$T/bodies" | grep -qE "actgen_vtanhspd(_fast)?\(" || { echo "actgen_dallv_t_fused does not call actgen_vtanhspd"; fail=1; }
if grep -E "^actgen_(f|dx|dall|pre)_t_fused:" "$T/bodies" | grep -qE "spd?\(|sech2\("; then
  echo "a double body or the theta-only values call a fused form:"; grep -E "^actgen_(f|dx|dall|pre)_t_fused:" "$T/bodies"; fail=1
fi
[ "$(grep -c . "$T/bodies")" -eq 7 ] || { echo "expected 7 bodies, found:"; cut -d: -f1 "$T/bodies"; fail=1; }
"$A" check tests/emit/fused.act >"$T/check" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print "float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 3) { print "expected 3 float rows, found " n; bad = 1 } exit bad }' "$T/check" || { cat "$T/check"; fail=1; }

# sigmoid(u) * sigmoid(-u) (sigmoid's derivative) of an x-dependent u is
# actgen_vsigprod in the float bodies only; sigmoid(x) * sigmoid(-2x) is
# not that product and stays as written; the float kernels stay within 0.51
# ULP of the oracle.
cat >"$T/sp.act" <<'ACT'
learn b = 1.5
activation sp(x) = x * sigmoid(b * x)
activation spn(x) = sigmoid(x) * sigmoid(-2 * x)
ACT
"$A" --prefix t_ "$T/sp.act" -o "$T/sp.c" || exit 1
bodies "$T/sp.c" '^ACTGEN_INLINE double actgen_(f|dx|dall|fv|dxv|dallv)_t_spn?[(]' >"$T/spbodies"
for b in actgen_dxv_t_sp actgen_dallv_t_sp actgen_dxv_t_spn; do
  grep "^$b:" "$T/spbodies" | grep -qE "actgen_vsigprod(_fast)?\(" || { echo "$b does not call actgen_vsigprod"; fail=1; }
done
grep -E "^actgen_(f|dx|dall)_t_spn?:|^actgen_fv_t_spn:" "$T/spbodies" | grep -q "sigprod" &&
  { echo "a double body, or spn's f, calls actgen_vsigprod:"; cat "$T/spbodies"; fail=1; }
"$A" check "$T/sp.act" >"$T/spcheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print "float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 5) { print "expected 5 float rows, found " n; bad = 1 } exit bad }' "$T/spcheck" || { cat "$T/spcheck"; fail=1; }

# u v + c and its kin, whose product is used nowhere else, are one fma() in
# the float bodies only (src/lower.c): horner's steps; not where the other
# operand is a product too (twoprod's x sin(x) - x cos(x), which would no
# longer be exactly 0 where the two are equal). But a product by a power
# of two is exact: 0.5 sin(x) + x cos(x) is fma(0.5, sin(x), x cos(x)),
# the same bits (exact's f), and 0.25 (c sin(x)), c theta-only, is
# (0.25 c) sin(x), 0.25 c computed once per call (scaled's f and df/dx,
# whose double bodies multiply by 0.25). The float kernels stay within
# 0.51 ULP of the oracle.
cat >"$T/fm.act" <<'ACT'
learn c = 0.3
activation horner(x) = 0.5 + x * (0.25 + x * (0.125 + x * sin(x)))
activation twoprod(x) = x * sin(x) - x * cos(x) + 1
activation exact(x) = 0.5 * sin(x) + x * cos(x)
activation scaled(x) = 0.25 * (c * sin(x)) + x
ACT
"$A" --prefix t_ "$T/fm.act" -o "$T/fm.c" || exit 1
bodies "$T/fm.c" '^ACTGEN_INLINE double actgen_(f|dx|fv|dxv)_t_[a-z]*[(]' >"$T/fmbodies"
[ "$(grep -E '^actgen_(fv|dxv)_t_horner:' "$T/fmbodies" | grep -c 'fma(x, fma(x, ')" -eq 2 ] ||
  { echo "horner's float bodies do not take its steps by fma():"; cat "$T/fmbodies"; fail=1; }
grep "^actgen_fv_t_twoprod:" "$T/fmbodies" | grep -q "fma(" &&
  { echo "twoprod's float f fuses one of two products:"; cat "$T/fmbodies"; fail=1; }
grep -E "^actgen_(f|dx)_t_" "$T/fmbodies" | grep -q "fma(" &&
  { echo "a double body calls fma():"; cat "$T/fmbodies"; fail=1; }
grep "^actgen_fv_t_exact:" "$T/fmbodies" | grep -q "fma(0.5, actgen_vsin(x), x \* actgen_vcos(x))" ||
  { echo "exact's float f does not fuse its product by 0.5:"; cat "$T/fmbodies"; fail=1; }
grep -E "^actgen_(fv|dxv)_t_scaled:" "$T/fmbodies" | grep -q "0\.25" &&
  { echo "scaled's float bodies multiply by 0.25 per element:"; cat "$T/fmbodies"; fail=1; }
[ "$(grep -E "^actgen_(f|dx)_t_scaled:" "$T/fmbodies" | grep -c "0\.25")" -eq 2 ] ||
  { echo "scaled's double bodies do not keep 0.25:"; cat "$T/fmbodies"; fail=1; }
grep -A3 "^static void actgen_pre_t_scaled" "$T/fm.c" | grep -q "= 0.25 \* p\[0\];" ||
  { echo "0.25 c is not computed once per call:"; grep -A3 "^static void actgen_pre_t_scaled" "$T/fm.c"; fail=1; }
"$A" check "$T/fm.act" >"$T/fmcheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 9) { print "expected 9 float rows, found " n; bad = 1 } exit bad }' "$T/fmcheck" || { cat "$T/fmcheck"; fail=1; }

# A root's c u + d v (c, d numbers) is one fma() too, even with two
# products: no operation after it can see a zero that it no longer is
# exactly (csum's f and df/dx); not inside another operation (cinner's
# exp). The float kernels stay within 0.51 ULP of the oracle.
printf 'activation csum(x) = 0.3 * sin(x) + 0.7 * cos(x)\nactivation cinner(x) = exp(0.3 * sin(x) + 0.7 * cos(x))\n' >"$T/cs.act"
"$A" --prefix t_ "$T/cs.act" -o "$T/cs.c" || exit 1
bodies "$T/cs.c" '^ACTGEN_INLINE double actgen_(f|dx|fv|dxv)_t_c[a-z]*[(]' >"$T/csbodies"
[ "$(grep -E '^actgen_(fv|dxv)_t_csum:' "$T/csbodies" | grep -c 'fma(0\.3, actgen_v')" -eq 2 ] ||
  { echo "csum's float bodies do not fuse one of their products:"; cat "$T/csbodies"; fail=1; }
grep -E "^actgen_(f|dx)_t_csum:|^actgen_fv_t_cinner:" "$T/csbodies" | grep -q "fma(" &&
  { echo "a double body, or cinner's inner sum, is fused:"; cat "$T/csbodies"; fail=1; }
"$A" check "$T/cs.act" >"$T/cscheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 4) { print "expected 4 float rows, found " n; bad = 1 } exit bad }' "$T/cscheck" || { cat "$T/cscheck"; fail=1; }

# A division by a constant is a multiplication by its reciprocal in the
# float bodies (one more rounding in double, far below a float ULP); the
# double bodies keep the division, and the float kernels stay within 0.51
# ULP of the oracle.
printf 'activation recip(x) = x / 3 * erf(x / sqrt(2))\n' >"$T/recip.act"
"$A" --prefix t_ "$T/recip.act" -o "$T/recip.c" || exit 1
bodies "$T/recip.c" '^ACTGEN_INLINE double actgen_(f|dx|fv|dxv)_t_recip[(]' >"$T/rbodies"
grep -E "^actgen_(fv|dxv)_t_recip:" "$T/rbodies" | grep -q " / " && { echo "a float body divides by a constant:"; cat "$T/rbodies"; fail=1; }
[ "$(grep -E '^actgen_(fv|dxv)_t_recip:' "$T/rbodies" | grep -c '0.70710678118654')" -eq 2 ] ||
  { echo "the float bodies do not multiply by 1/sqrt(2):"; cat "$T/rbodies"; fail=1; }
[ "$(grep -E '^actgen_(f|dx)_t_recip:' "$T/rbodies" | grep -c ' / 1.414')" -eq 2 ] ||
  { echo "the double bodies do not keep x / sqrt(2):"; cat "$T/rbodies"; fail=1; }
"$A" check "$T/recip.act" >"$T/rcheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print "float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 2) { print "expected 2 float rows, found " n; bad = 1 } exit bad }' "$T/rcheck" || { cat "$T/rcheck"; fail=1; }

# hypot of operands that src/ranges.c bounds within [2^-500, 2^500] (x is a
# float: x - x/4 is 0 or at least 2^-151 in magnitude) is hypotin.c's
# unscaled form in the float bodies (hin's hypot(0.75 x, 3) as 0.75
# hypotin(4, x): below); operands that may leave that range
# keep hypot.c's scaling, without which the first two would overflow or
# underflow in x^2 + y^2 at the ends of the float range. The float kernels
# stay within 0.51 ULP of the oracle over check's samples, which reach
# both ends of the float range. hin's derivative divides by its hypot and
# uses it nowhere else: a multiplication by rhypotin.c's reciprocal, without
# a division; hsq's derivative, hypot + x^2/hypot, needs the hypot itself
# and keeps the division.
cat >"$T/hyp.act" <<'ACT'
activation hin(x) = hypot(x - x / 4, 3)
activation hbig(x) = hypot(x * 1e200, 1) * 1e-200
activation hsmall(x) = hypot(x * 1e-200, x * 1e-201) * 1e200
activation hsq(x) = x * hypot(2, x)
ACT
"$A" --prefix t_ "$T/hyp.act" -o "$T/hyp.c" || exit 1
for f in hin hbig hsmall hsq; do
  bodies "$T/hyp.c" "^ACTGEN_INLINE double actgen_(fv|dxv)_t_$f[(]"
done >"$T/hbodies"
[ "$(grep -c "^actgen_fv_t_hin:.*actgen_vhypotin_rare(4\.0, x).*0\.75 \* actgen_vhypotin_fast(4\.0, x)" "$T/hbodies")" -eq 1 ] ||
  { echo "hin's float body does not call actgen_vhypotin_fast, flagging lanes by actgen_vhypotin_rare:"; cat "$T/hbodies"; fail=1; }
[ "$(grep -E "^actgen_fv_t_(hbig|hsmall):" "$T/hbodies" | grep -c "actgen_vhypot(")" -eq 2 ] ||
  { echo "hbig's and hsmall's float bodies do not keep actgen_vhypot:"; cat "$T/hbodies"; fail=1; }
grep "^actgen_dxv_t_hin:" "$T/hbodies" | grep -q "actgen_vrhypotin_fast(" &&
  ! grep "^actgen_dxv_t_hin:" "$T/hbodies" | grep -q " / " ||
  { echo "hin's float derivative does not multiply by actgen_vrhypotin without a division:"; cat "$T/hbodies"; fail=1; }
grep "^actgen_dxv_t_hsq:" "$T/hbodies" | grep -q " / " &&
  ! grep "^actgen_dxv_t_hsq:" "$T/hbodies" | grep -qE "actgen_vrhypotin(_fast)?\(" ||
  { echo "hsq's float derivative does not keep its division by the hypot:"; cat "$T/hbodies"; fail=1; }
"$A" check "$T/hyp.act" >"$T/hcheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 8) { print "expected 8 float rows, found " n; bad = 1 } exit bad }' "$T/hcheck" || { cat "$T/hcheck"; fail=1; }

# hypot(a, k u), a theta-only and k a number, is |k| hypotin(a/|k|, u) in
# the float bodies: a/|k| once per call, |k| multiplied into the numbers
# around it, so that no body multiplies x by k (hs: 0.5 hypot(m, -3x) is
# 1.5 hypotin(m/3, x); its derivatives 1.5 x rhypotin(m/3, x) and m
# rhypotin(m/3, x)/6, that m/6 computed once per call, as hr's m x
# rhypotin(m/0.75, x)/0.75). The double bodies keep the hypot as written,
# and the float kernels stay within 0.51 ULP of the oracle.
cat >"$T/hs.act" <<'ACT'
learn m = 0.01
activation hs(x) = x + hypot(m, -3 * x) / 2
activation hr(x) = m * x / hypot(x - x / 4, m) + x
ACT
"$A" --prefix t_ "$T/hs.act" -o "$T/hs.c" || exit 1
bodies "$T/hs.c" '^(ACTGEN_INLINE|static) [a-z]+ actgen_(f|dx|fv|dxv|dallv|pre)_t_h[sr][(]' >"$T/sbodies"
for b in fv dxv dallv; do
  grep "^actgen_${b}_t_hs:" "$T/sbodies" | grep -qE "actgen_vr?hypotin_fast\(p\[[0-9]+\], x\)" ||
    { echo "hs's float body $b does not call hypotin of x itself:"; cat "$T/sbodies"; fail=1; }
done
grep -E "^actgen_(fv|dxv|dallv)_t_h[sr]:" "$T/sbodies" | grep -qE "3\.0 \* x|0\.75 \* x|x \* 0\.75" &&
  { echo "a float body multiplies x by the hypot's scale:"; cat "$T/sbodies"; fail=1; }
grep "^actgen_pre_t_hs:" "$T/sbodies" | grep -q "= p\[0\] / 3\.0;.*= 0\.16666666666666666 \* p\[0\];" ||
  { echo "m/3 and m/6 are not computed once per call:"; grep "^actgen_pre_t_hs:" "$T/sbodies"; fail=1; }
[ "$(grep -E "^actgen_(f|dx)_t_hs:" "$T/sbodies" | grep "hypot(p\[0\], " | grep -c "(-3\.0) \* x")" -eq 2 ] ||
  { echo "hs's double bodies do not keep hypot(m, -3 x):"; cat "$T/sbodies"; fail=1; }
"$A" check "$T/hs.act" >"$T/scheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 6) { print "expected 6 float rows, found " n; bad = 1 } exit bad }' "$T/scheck" || { cat "$T/scheck"; fail=1; }

# A float df/dtheta that is a product with a theta-only factor leaves it
# out of every element's term: hs's dm is (m/6) rhypotin(m/3, x), and its
# float API multiplies m/6 (p[3]) once into the sum, and into the one
# element of _grad (lower.c, factor_theta); the double API keeps the
# product, and so does hr's float dm, a select. Not where rare lanes are redone by the double bodies, which
# keep it (rl: sin's rare lanes). The sums stay within 2 ULPs of the sum
# of the terms' magnitudes (SPEC), the elements within 0.51 ULP (above).
grep -A8 "^ACTGEN_INLINE double actgen_dallv_t_hs(" "$T/hs.c" | grep "dtheta\[0\] = " | grep -q "p\[" &&
  { echo "hs's float df/dm still multiplies by theta:"; grep -A8 "^ACTGEN_INLINE double actgen_dallv_t_hs(" "$T/hs.c"; fail=1; }
[ "$(grep -c "^  dtheta\[0\] = (float)(d\[0\] \* p\[3\]);\|^  dtheta\[0\] = (float)(actgen_sum_get(acc\[0\], acc\[1\]) \* p\[3\] + 0\.0);" "$T/hs.c")" -eq 2 ] ||
  { echo "hs's float API does not multiply its sum and element by the factor:"; grep -n "dtheta\[0\] = (float)\|dtheta\[k\] = (float)" "$T/hs.c"; fail=1; }
[ "$(grep -c "dtheta\[k\] = (double)" "$T/hs.c")" -eq 4 ] ||
  { echo "the double API does not keep its loops over dtheta:"; grep -n "dtheta\[k\] = (double)" "$T/hs.c"; fail=1; }
awk '$3 == "sum" { n++; if (!($5 <= 2)) { print $1 " " $2 " sum " $4 ": " $5 " ULP (over 2)"; bad = 1 } }
     END { if (n != 4) { print "expected 4 sum rows, found " n; bad = 1 } exit bad }' "$T/scheck" || { cat "$T/scheck"; fail=1; }
printf 'learn c = 0.3\nactivation rl(x) = -(sin(x) * (c * c * exp(x / 8)))\n' >"$T/rl.act"
"$A" --prefix t_ "$T/rl.act" -o "$T/rl.c" || exit 1
grep -q "dtheta\[0\] = (float)(" "$T/rl.c" &&
  { echo "rl's float API multiplies by a factor that its double fallback keeps:"; grep -n "dtheta\[" "$T/rl.c"; fail=1; }

# Divisions by a theta-only value, or by an x-dependent value that several
# divisions share, are multiplications by its reciprocal in the float
# bodies when ranges.c bounds the divisor within [2^-1000, 2^1000]: rshared
# divides once per element (by 1 + x^2; 1/c is computed once per call),
# while rbig's and rsmall's shared divisors may leave that range (1e300 x^8,
# 1e-300 x^8) and keep both divisions. The double bodies keep every
# division, and the float kernels stay within 0.51 ULP over check's samples.
cat >"$T/rd.act" <<'ACT'
learn c = 0.5
activation rshared(x) = (x + c) / (1 + x^2) + x^2 / (1 + x^2) + x / c
activation rbig(x) = (x + 1) / (2 + x^8 * 1e300) + x / (2 + x^8 * 1e300)
activation rsmall(x) = (x + 1) / (x^8 * 1e-300) + x / (x^8 * 1e-300)
ACT
"$A" --prefix t_ "$T/rd.act" -o "$T/rd.c" || exit 1
bodies "$T/rd.c" '^ACTGEN_INLINE double actgen_(f|fv)_t_r[a-z]*[(]' >"$T/dbodies"
# divs BODY: its divisions; tdivs BODY: those by a named temporary (t2)
divs() { grep "^$1:" "$T/dbodies" | tr -cd / | wc -c; }
tdivs() { grep "^$1:" "$T/dbodies" | grep -o "/ t[0-9]" | wc -l; }
[ "$(divs actgen_fv_t_rshared)" -eq 1 ] || { echo "rshared's float body should divide once:"; cat "$T/dbodies"; fail=1; }
[ "$(divs actgen_f_t_rshared)" -ge 3 ] || { echo "rshared's double body should keep its divisions:"; cat "$T/dbodies"; fail=1; }
for f in rbig rsmall; do
  [ "$(tdivs actgen_fv_t_$f)" -eq 2 ] || { echo "$f's float body should keep both divisions:"; cat "$T/dbodies"; fail=1; }
done
"$A" check "$T/rd.act" >"$T/dcheck" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 7) { print "expected 7 float rows, found " n; bad = 1 } exit bad }' "$T/dcheck" || { cat "$T/dcheck"; fail=1; }
exit $fail
