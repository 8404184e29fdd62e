/* needs: bits */
/* erf.c — actgen_verf(x) = erf x.
 * Method: no exponential: for a = |x| <= 6, erf a = a P(z)/Q(z) with
 * z = a^2, one rational of degree 10/11 in z (Q(0) = 1), minimax for the
 * relative error on [0, 36] (tools/fit_lawson.c erf: 2^-46.17 with the
 * double coefficients; P(0) = 2/sqrt(pi) rounded, so that erf of tiny and
 * subnormal x is 2x/sqrt(pi) within an ulp).  All coefficients are
 * positive, so Estrin's scheme (bits.c) loses nothing even at z = 36.  Beyond 6 the result is 1 (erfc 6 <
 * 2^-55); the rational, which falls like 1/a there and gives inf/inf = NaN
 * for huge a, is not selected.  The sign of x is put back last.
 * Until the bound went from 2^-46 to 2^-44, erf was a E(a^2) (degree 7) for
 * a < 0.5 and 1 - e^(-a^2) R(a) beyond, both computed: about 92 operations
 * with an exponential (shared only when a kernel also computes e^(-x^2)).
 * Special values: erf(+-0) = +-0, erf(+-inf) = +-1, NaN gives NaN (6 - |NaN|
 * has a clear sign bit, so NaN takes the rational's path and stays NaN); erf
 * of tiny and subnormal x is 2x/sqrt(pi) rounded.
 * Cost: 42 for P and Q, 3 for z's powers, 1 for z, 1 for a P, 6 for |x|, the select and the
 * sign: about 50 operations and one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-46.11, at x=0x1.08b2b8952b128p-1.
 */
static inline double actgen_verf(double x)
{
  double a = fabs(x), z = a * a, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
  double p, q, p0, p1, p2, q0, q1, q2;
  /* erf on [0, 36], degree 10/11: fit max 2^-46.17,
   * with the double coefficients 2^-46.17 at 35.4006 */
  p0 = fma(fma(0x1.c019dbd7b874fp-8, z, 0x1.0daacd3003b99p-4), z2, fma(0x1.c61ce9c5998e3p-3, z, 0x1.20dd750429b6dp+0));
  p1 = fma(fma(0x1.160b066c8a8b9p-23, z, 0x1.c910e35e8e486p-19), z2, fma(0x1.bcb7860740ed4p-15, z, 0x1.b0ee316172217p-11));
  p2 = fma(0x1.fe84b041b87cdp-44, z2, fma(0x1.daefced0bdd3cp-35, z, 0x1.285bc59f680fep-28));
  p = fma(p2, z8, fma(p1, z4, p0));
  q0 = fma(fma(0x1.66583e0081d82p-6, z, 0x1.1465d37b8bd9p-3), z2, fma(0x1.0f4748390b923p-1, z, 0x1p+0));
  q1 = fma(fma(0x1.72f5497a0689ap-21, z, 0x1.d621ad3de6ddfp-17), z2, fma(0x1.c31238cc4f927p-13, z, 0x1.494030ee31978p-9));
  q2 = fma(fma(0x1.f020f017fb7fdp-50, z, 0x1.ca209a578008cp-39), z2, fma(0x1.3e167578158c9p-31, z, 0x1.a90f9545d45a9p-26));
  q = fma(q2, z8, fma(q1, z4, q0));
  return copysign(actgen_blend(actgen_mneg(6.0 - a), 1.0, a * (p / q)), x);
}
