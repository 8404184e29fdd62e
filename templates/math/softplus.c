/* needs: bits expnegabs mpos */
/* softplus.c — actgen_vsoftplus(x) = log(1 + e^x), accurate in both tails.
 * Method: softplus(x) = max(x, 0) + log1p(E) with E = e^-|x| in [0, 1]
 * from expnegabs.c (|x| clamped to 747), and log1p(E) = 2 atanh(s) with
 * s = E/(2 + E) in [0, 1/3] (one division; no split of 1 + E into
 * exponent and mantissa, no rounding error term): 2s + s^3 R(s^2), R of
 * degree 7 in z = s^2 <= 1/9, minimax weighted by z (tools/fit_math.c
 * log1p2s: 2^-47.4 weighted, the term's error relative to log1p(E) at most
 * 2^-48.7).  Two non-negative terms: no cancellation, so
 * softplus(1000) = 1000 and softplus(-1000) = e^-1000 = +0,
 * softplus(-740) = e^-740 (subnormal, within a few subnormal ulps), and
 * softplus(-745) the smallest subnormal as e^-745 rounds (2s is computed
 * as 2E/(2 + E): s itself rounded to 0 there, and sqrt(softplus(x))'s
 * float derivative sigmoid(x)/(2 sqrt(softplus(x))) was inf at -745).
 * Special values: +inf -> +inf, -inf -> +0, NaN -> NaN.
 * Cost: about 35 for E, 22 and one division for log1p(E), 5 for max(x, 0):
 * about 62 operations including one division (was 85: the log1p of
 * log1pcore.c, split and error term, with a degree-6 R on z <= 0.0294).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-48.71, at x=0x1.891ad49ee6fadp-27.
 */
static inline double actgen_softplus_of(double x, double E)
{
  double t, z, z2, z4, p, p0, p1;
  t = (E + E) / (2.0 + E); /* 2s: E/(2 + E) of the smallest subnormal E rounded to 0 */
  z = (t * t) * 0.25;     /* s^2, as s * s: the scalings by powers of 2 are exact */
  z2 = z * z;
  z4 = z2 * z2;
  p0 = fma(fma(0x1.c71ed479b8211p-3, z, 0x1.249242bc26901p-2), z2, fma(0x1.999999aa315c9p-2, z, 0x1.555555554e01fp-1));
  p1 = fma(fma(0x1.7efe1a71a3eb7p-3, z, 0x1.e22fc9c9eab06p-4), z2, fma(0x1.3ec7833342e1cp-3, z, 0x1.741e868813602p-3));
  p = fma(p1, z4, p0);
  /* max(x, 0): x where x > 0 (0 - x negative), else +0; NaN -> NaN via E */
  return actgen_blend(actgen_mpos(x), x, 0.0) + (t + ((t * z) * 0.5) * p);
}

static inline double actgen_vsoftplus(double x)
{
  return actgen_softplus_of(x, actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vsoftplus_fast(double x)
{
  return actgen_softplus_of(x, actgen_exp_negabs_fast(x));
}
