/* needs: bits */
/* exp.c — actgen_vexp(x) = e^x, and the pieces that expm1, sinh, cosh,
 * tanh, sigmoid, softplus and pow share with it.
 * Method: x = k ln2 + r with k = round(x/ln2) by the shift trick (no
 * conversion) and r = (x - k ln2hi) - k ln2lo (Cody and Waite: ln2hi has 42
 * bits, so k ln2hi and the first subtraction are exact), |r| <= ln2/2;
 * e^r - 1 = r + r^2 P(r) with P of degree 9, minimax for the relative error
 * on [-0.3466, 0.3466] (tools/fit_math.c expm1: 2^-52.0 after rounding the
 * coefficients to double); e^x = 2^k (1 + (r + r^2 P(r))), the 2^k by
 * actgen_ldexpk (overflow to inf, gradual underflow, one rounding).
 * x is clamped to [-746, 746] first, so +-inf give inf and +0; NaN passes.
 * Cost: 8 for the clamp, 3 for k, 4 for r, 21 for the polynomial, 11
 * for the scaling, 2 for NaN: about 49 operations, no division.
 * Measured (tests/math/mathcheck.c against MPFR): max relative error
 * see below.
 */
static const double actgen_ln2hi = 0x1.62e42fefa3800p-1;
static const double actgen_ln2lo = 0x1.ef35793c76730p-45;
static const double actgen_invln2 = 0x1.71547652b82fep+0;

/* x = k ln2 + r: returns r, sets *k (an integer-valued double), for
 * |x| <= 2^11. */
static inline double actgen_exp_reduce(double x, double *k)
{
  double kk = (x * actgen_invln2 + actgen_shift) - actgen_shift;
  *k = kk;
  return (x - kk * actgen_ln2hi) - kk * actgen_ln2lo;
}

/* e^r - 1 for |r| <= 0.3466, relative error 2^-52 (plus rounding) */
static inline double actgen_expm1_poly(double r)
{
  double p = 0x1.aeaafb46f1caep-26;
  p = p * r + 0x1.289165bff53b7p-22;
  p = p * r + 0x1.71de5a3b726c4p-19;
  p = p * r + 0x1.a019b92b41586p-16;
  p = p * r + 0x1.a01a018c3240fp-13;
  p = p * r + 0x1.6c16c17882e9p-10;
  p = p * r + 0x1.1111111114487p-7;
  p = p * r + 0x1.5555555553d7ep-5;
  p = p * r + 0x1.555555555554dp-3;
  p = p * r + 0x1.0000000000001p-1;
  return r + (r * r) * p;
}

/* x clamped to [-746, 746]; NaN stays NaN (746 - |NaN| is a NaN whose sign
 * bit is clear, the sign of |NaN|). */
static inline double actgen_exp_clamp(double x)
{
  return actgen_blend(actgen_mneg(746.0 - fabs(x)), copysign(746.0, x), x);
}

static inline double actgen_vexp(double x)
{
  double xc = actgen_exp_clamp(x), k, r = actgen_exp_reduce(xc, &k);
  /* + (xc - xc): 0, or NaN for a NaN x (the scaling loses NaNs) */
  return actgen_ldexpk(1.0 + actgen_expm1_poly(r), k) + (xc - xc);
}
