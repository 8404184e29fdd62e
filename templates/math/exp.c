/* needs: bits ldexpk expcore expclamp */
/* exp.c — actgen_vexp(x) = e^x.
 * Method: x clamped to [-747, 747] (expclamp.c), so +-inf give inf and +0
 * and NaN passes; x = k ln2 + r and e^r - 1 = r + r^2 P(r), P of degree
 * 9 (expcore.c: Cody-Waite reduction with a two-part ln2, minimax P);
 * e^x = 2^k (1 + (e^r - 1)), the 2^k by actgen_ldexpk (ldexpk.c: overflow
 * to inf, gradual underflow, one rounding).  No division.
 * Cost: 8 for the clamp, 3 for k, 4 for r, 21 for the polynomial, 11
 * for the scaling, 2 for NaN: about 49 operations.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-52.54, at x=-0x1.6204a91ccfba4p+9.
 */
static inline double actgen_vexp(double x)
{
  double xc = actgen_exp_clamp(x), k, r = actgen_exp_reduce(xc, &k);
  /* + (xc - xc): 0, or NaN for a NaN x (the scaling loses NaNs) */
  return actgen_ldexpk(1.0 + actgen_expm1_poly(r), k) + (xc - xc);
}
