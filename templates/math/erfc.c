/* needs: bits twoprod expfast expneg */
/* erfc.c — actgen_verfc(x) = erfc x.
 * Method: for a = |x|, erfc a = e^(-a^2) R(a) with R = erfcx one rational
 * P(a)/Q(a) of degree 8/9 on all of [0, 27.3] (P(0) = 1; its coefficients
 * are all positive, so Estrin's scheme (bits.c) loses nothing; tools/fit_lawson.c erfc:
 * minimax relative error 2^-48.3 with the double coefficients (2^-48.06
 * measured by tests/math/mathcheck.c -n 30, the erfc as a whole); kept
 * under the 2^-44 bound: 7/8 gives 2^-42.6, 8/8 2^-43.5).
 * a^2 = h + l exactly (twoprod.c), and e^(-h-l) = e^(-h) (1 - l) (|l| <=
 * 2^-44, so the dropped l^2/2 is far below 2^-53), so the tail keeps its
 * relative accuracy down to the underflow (without l it would lose up to
 * a^2 2^-53, tens of ulps near a = 27). e^(-h) is exp.c's
 * actgen_vexp_neg(-(x*x)) (expneg.c; the `_fast` form's is actgen_vexp_fast,
 * expfast.c), written exactly as a kernel writes the derivative
 * -2/sqrt(pi) e^(-x^2): where both occur (gelu) the compiler computes the
 * exponential once. x < 0: 2 - erfc |x|.
 * a is clamped to 27.35 for the rational (huge a would make inf/inf):
 * erfc a < 2^-1075 from 27.23 on, where e^(-x^2) is +0 (x^2 > 745.2,
 * expneg.c, without an underflowing multiplication), so 0 is right; NaN
 * passes the clamp.
 * Special values: erfc(+inf) = +0, erfc(-inf) = 2, erfc(+-0) = 1, NaN
 * gives NaN; results below 2^-1022 are subnormal, within 2 subnormal ulps
 * (two roundings: 2^k e^r, then times R).
 * Cost: 12 for a and the clamp, 2 for the two-product, about 30 for
 * e^(-h) (1 - l) (exp.c, shared with a derivative), 34 and one division
 * for R, 4 for the end: about 90 operations, one division.
 * Measured (tests/math/mathcheck.c -n 30, MPFR, about 4e5 samples): max
 * relative error 2^-48.06, at x=0x1.6218f444f81p+2.
 */

/* erfc x from a = |x| (clamped) and e^(-x^2) */
static inline double actgen_erfc_of(double x, double a, double ex2)
{
  double l, a2 = actgen_two_prod(a, a, &l), a4 = a2 * a2, a8 = a4 * a4;
  double e, p, q, y, p0, p1, p2, q0, q1, q2;
  e = ex2 * (1.0 - l);
  /* erfc on [0, 27.3], degree 8/9: fit max 2^-48.31,
   * with the double coefficients 2^-48.32 at 5.53235 */
  p0 = fma(fma(0x1.488ee50f44faap+0, a, 0x1.04d97328a54c3p+1), a2, fma(0x1.042cd75333532p+1, a, 0x1p+0));
  p1 = fma(fma(0x1.122bfe8e7d54ep-8, a, 0x1.0ebcc0b18ec28p-5), a2, fma(0x1.4edb7998a45a7p-3, a, 0x1.19785536b8d9bp-1));
  p2 = 0x1.0ed35c62d56fep-12;
  p = fma(p2, a8, fma(p1, a4, p0));
  q0 = fma(fma(0x1.04836d831f1edp+2, a, 0x1.26b33d3b8f7e1p+2), a2, fma(0x1.949b91d5486adp+1, a, 0x1p+0));
  q1 = fma(fma(0x1.e1be975e13649p-5, a, 0x1.2c8e5de75a6e9p-2), a2, fma(0x1.00e2bb72c4aeap+0, a, 0x1.35400f2ab7adep+1));
  q2 = fma(0x1.e006a3387c4c4p-12, a, 0x1.e5f4fb1e862acp-8);
  q = fma(q2, a8, fma(q1, a4, q0));
  y = e * (p / q);
  return actgen_blend(actgen_mneg(x), 2.0 - y, y);
}

static inline double actgen_verfc(double x)
{
  /* a = min(|x|, 27.35); 27.35 - NaN is a NaN with a clear sign bit, so NaN
   * stays */
  double ax = fabs(x), a = actgen_blend(actgen_mneg(27.35 - ax), 27.35, ax);
  return actgen_erfc_of(x, a, actgen_exp_neg(-(x * x)));
}

/* the same for |x| <= 24 (src/ops.h, FAST): no clamp, and x^2 <= 576 */
static inline double actgen_verfc_fast(double x)
{
  return actgen_erfc_of(x, fabs(x), actgen_exp_range_fast(-(x * x)));
}
