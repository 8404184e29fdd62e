/* expcore.c — the reduction and the polynomial of the exponentials: exp,
 * expm1, sigmoid and softplus (expparts.c), sinh, cosh and pow (ldexpk.c).
 * x = k ln2 + r with k = round(x/ln2) by the shift trick (no conversion)
 * and r = (x - k ln2hi) - k ln2lo, each step one fused multiply-add (Cody
 * and Waite: ln2hi has 42 bits, so k ln2hi and the first subtraction are
 * exact for |k| < 2^11; the second rounds once), |r| <= ln2/2;
 * e^r - 1 = r + r^2 P(r) with P of degree 9, minimax for the relative
 * error on [-0.3466, 0.3466] (tools/fit_math.c expm1: 2^-52.0 after
 * rounding the coefficients to double), by Estrin's scheme in multiply-adds
 * (templates/math/bits.c says why fma and why Estrin).  Kept under the 2^-44 bound:
 * degree 8 (2^-49.4 for e^r - 1, one multiply-add less) passed every
 * shipped baseline but made two figures of tests/variants' softclip worse,
 * a form whose cancellation magnifies the exponential's error. */

/* x = k ln2 + r: returns r, sets *k (an integer-valued double), for
 * |x| <= 2^11. */
static inline double actgen_exp_reduce(double x, double *k)
{
  double kk = fma(x, 0x1.71547652b82fep+0, 0x1.8p52) - 0x1.8p52; /* 1/ln2 */
  *k = kk;
  return fma(-kk, 0x1.ef35793c76730p-45, fma(-kk, 0x1.62e42fefa3800p-1, x)); /* ln2hi, ln2lo */
}

/* e^r - 1 for |r| <= 0.3466, relative error 2^-52 (plus rounding) */
static inline double actgen_expm1_poly(double r)
{
  double r2 = r * r, r4 = r2 * r2, p0, p1, p2;
  p0 = fma(fma(0x1.1111111114487p-7, r, 0x1.5555555553d7ep-5), r2, fma(0x1.555555555554dp-3, r, 0x1.0000000000001p-1));
  p1 = fma(fma(0x1.71de5a3b726c4p-19, r, 0x1.a019b92b41586p-16), r2, fma(0x1.a01a018c3240fp-13, r, 0x1.6c16c17882e9p-10));
  p2 = fma(0x1.aeaafb46f1caep-26, r, 0x1.289165bff53b7p-22);
  return fma(r2, fma(fma(p2, r4, p1), r4, p0), r);
}
