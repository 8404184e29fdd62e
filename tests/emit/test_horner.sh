#!/bin/sh
# Polynomials in x in the float kernels (src/horner.c): a sum of orthogonal
# polynomials with trainable coefficients, and its derivative (which the
# differentiator builds by the product rule), are collected into Horner
# form: a polynomial of degree d in at most 2d operations on x, the
# coefficients computed once per call. Products and powers of polynomials
# that are not monomials keep their factored form (expanded, (x - 1)^6
# would lose its digits near 1): every float body of theirs, where the
# float kernels have their own (a product fused into fma(), src/lower.c),
# still computes the factor x - 1. Every float kernel stays within 0.51
# ULP of the MPFR oracle, which evaluates the activations as written.
A=${ACTGEN:-./actgen}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
cat >"$T/h.act" <<'ACT'
learn c[3] = {0.5, -1.25, 0.75}
activation herm(x) = sum(i = 0..2, c[i] * hermite(i + 2, x))
activation pow6(x) = (x - 1)^6 + x
activation prod3(x) = (x - 1) * (x + 2) * (x - 3)
ACT
"$A" --prefix t_ "$T/h.act" -o "$T/h.c" || exit 1
# herm is of degree 4: f in at most 8 operations, df/dx (degree 3) in 6
ops() { sed -n "s|^/\* t_$1: $2, with the math layer; \([0-9]*\) operations\. \*/\$|\1|p" "$T/h.c"; }
f=$(ops herm 'f(x)') dx=$(ops herm 'df/dx')
[ -n "$f" ] && [ "$f" -le 8 ] && [ -n "$dx" ] && [ "$dx" -le 6 ] ||
  { echo "herm's float f ($f operations) or df/dx ($dx) is not in Horner form:"; grep -A8 "t_herm: .*math layer" "$T/h.c"; fail=1; }
for a in pow6 prod3; do
  awk -v a="$a" '$0 ~ "^ACTGEN_INLINE double actgen_(fv|dxv)_t_" a "\\(" { body = "" ; on = 1 }
       on { body = body $0 }
       on && /^}/ { if (body !~ /x - 1\.0/) bad = 1; on = 0 }
       END { exit bad }' "$T/h.c" ||
    { echo "$a's float kernels expand a product of polynomials:"; grep -A8 "t_$a: .*math layer" "$T/h.c"; fail=1; }
done
"$A" check "$T/h.act" >"$T/check" 2>&1
awk '$2 == "float" && $3 !~ /^sum/ { n++; if (!($4 <= 0.51)) { print $1 " float " $3 ": " $4 " ULP (over 0.51)"; bad = 1 } }
     END { if (n != 9) { print "expected 9 float rows, found " n; bad = 1 } exit bad }' "$T/check" || { cat "$T/check"; fail=1; }
exit $fail
