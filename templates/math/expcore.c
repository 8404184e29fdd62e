/* expcore.c — the reduction and the polynomial of the exponentials: exp,
 * expm1, sigmoid and softplus (expparts.c), sinh, cosh and pow (ldexpk.c).
 * x = k ln2 + r with k = round(x/ln2) by the shift trick (no conversion)
 * and r = (x - k ln2hi) - k ln2lo, each step one fused multiply-add (Cody
 * and Waite: ln2hi has 42 bits, so k ln2hi and the first subtraction are
 * exact for |k| < 2^11; the second rounds once), |r| <= ln2/2;
 * e^r - 1 = r + r^2 P(r) with P of degree 9, minimax for the relative
 * error on [-0.3466, 0.3466] (tools/fit_math.c expm1: 2^-52.0 after
 * rounding the coefficients to double), by Horner's rule in multiply-adds
 * (templates/math/bits.c says why fma).  Kept under the 2^-44 bound:
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
  double p = 0x1.aeaafb46f1caep-26;
  p = fma(p, r, 0x1.289165bff53b7p-22);
  p = fma(p, r, 0x1.71de5a3b726c4p-19);
  p = fma(p, r, 0x1.a019b92b41586p-16);
  p = fma(p, r, 0x1.a01a018c3240fp-13);
  p = fma(p, r, 0x1.6c16c17882e9p-10);
  p = fma(p, r, 0x1.1111111114487p-7);
  p = fma(p, r, 0x1.5555555553d7ep-5);
  p = fma(p, r, 0x1.555555555554dp-3);
  p = fma(p, r, 0x1.0000000000001p-1);
  return fma(r * r, p, r);
}
