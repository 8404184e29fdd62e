/* needs: bits twoprod mpos ldexpk expcore expclamp u52tof logcore */
/* pow.c — actgen_vpow(x, y) = x^y, with C99 Annex F's special cases.
 * Method: |x|^y = e^(y log|x|).  As |y log|x|| reaches 745 where the
 * result is still normal, log|x| is computed to about 2^-58 relative, as a
 * pair Lh + Ll: logcore.c's split |x| = 2^e m, s = (m - 1)/(m + 1) as sh + sl
 * (sl from the exact residual (m - 1) - sh (m + 1): the exact product (twoprod.c), m + 1
 * and its rounding error, the division replaced by a Newton-refined
 * reciprocal, enough for a correction term), log m = 2(sh + sl) +
 * sh^3 R(sh^2) (logcore.c's R, 2^-59), the sums 2sh + sh^3 R and e ln2hi +
 * that with their rounding errors (Fast2Sum, 2Sum) carried into Ll.
 * Then y (Lh + Ll) = Ph + Pl exactly but for y Ll (twoprod.c), and
 * e^(Ph + Pl) by expcore.c: reduction of Ph, Pl added to r, the polynomial and
 * actgen_ldexpk (overflow, gradual underflow).  Where |Ph| > 746 Pl is
 * dropped (and was possibly NaN).  Error: about |y log x| 2^-58 plus 2^-52.
 * Sign and special values, by masks: for x < 0, y an odd integer negates,
 * a non-integer y gives NaN (finite x only); y integer-ness by rounding
 * (|y| + 2^52) - 2^52 for |y| < 2^52, the last mantissa bit in [2^52, 2^53), even above.
 * log|x| = -inf for x = +-0 and +inf for +-inf make the zero and infinite
 * cases fall out of the same formula; pow(x, +-0) = 1, pow(1, y) = 1 and
 * pow(-1, +-inf or |y| > 2^995) = 1 are set at the end; NaN -> NaN.
 * Cost: about 160 operations including one division.  That is more than
 * gcc's and clang's inlining limits for a function with several call sites
 * (gcc -O3: 200 insns): a file that calls pow in one place gets it inlined
 * and the loop vectorized; a second call site leaves it out of line and
 * its loops scalar (tests/math/test_math_vectorize.sh checks one site).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-48.35, at x=0x1.6d19aaa0a513fp-1, y=0x1.da89c541fb26bp+10.
 */
static inline double actgen_vpow(double x, double y)
{
  double ax = fabs(x), ay = fabs(y), m, e, f, dh, dl, sh, sl, p, pe, inv, z, a1, a2, Lh, Ll, bb, Ph, Pe, Pl, xc, k, r,
         R, h, t, q;
  uint64_t tiny = actgen_mneg(ax - 0x1p-1022), big, small, mid, nonint, odd, neg;
  /* log|x| = Lh + Ll */
  e = actgen_log_split(actgen_blend(tiny, ax * 0x1p54, ax), &m) - actgen_asf64(tiny & actgen_asu64(54.0));
  f = m - 1.0;
  dh = m + 1.0;
  dl = m - (dh - 1.0);                                     /* m + 1 = dh + dl exactly */
  sh = f / dh;
  p = actgen_two_prod(sh, dh, &pe);
  inv = 0x1.f8cbaebe1b658p-1 - 0x1.ea17c4fe2982dp-3 * dh; /* 1/dh within 1.6% */
  inv = inv * (2.0 - dh * inv);                            /* within 2^-12 */
  sl = (((f - p) - pe) - sh * dl) * inv;
  z = sh * sh;
  t = (sh * z) * actgen_log_poly(z);
  a1 = e * 0x1.62e42fefa3800p-1; /* ln2hi */
  a2 = (sh + sh) + t;           /* log m, and its rounding error (Fast2Sum): */
  q = t - (a2 - (sh + sh));
  Lh = a1 + a2;                 /* e ln2hi + log m, and its error (2Sum): */
  bb = Lh - a1;
  Ll = ((a1 - (Lh - bb)) + (a2 - bb)) + (q + ((sl + sl) + e * 0x1.ef35793c76730p-45)) /* ln2lo */;
  Lh += ax - ax;                                                                  /* NaN */
  Lh = actgen_blend(actgen_mneg(ax - 0x1p-1074), -(double)INFINITY, Lh);          /* log 0 */
  Lh = actgen_blend(actgen_mneg(0x1.fffffffffffffp1023 - ax), (double)INFINITY, Lh); /* log inf */
  /* y log|x| = Ph + Pl */
  Ph = actgen_two_prod(y, Lh, &Pe);
  Pl = Pe + y * Ll;
  big = actgen_mneg(746.0 - fabs(Ph));
  Pl = actgen_blend(big, 0.0, Pl);
  /* e^(Ph + Pl) */
  xc = actgen_exp_clamp(Ph);
  r = actgen_exp_reduce(xc, &k) + Pl;
  R = actgen_ldexpk(1.0 + actgen_expm1_poly(r), k) + (xc - xc); /* NaN stays */
  /* y: integer? odd? */
  small = actgen_mneg(ay - 0x1p52);
  mid = actgen_mneg(ay - 0x1p53) & ~small;
  /* (v + 2^52) - 2^52 rounds a v in [0, 2^52) to an integer */
  nonint = small & actgen_mpos(fabs(ay - ((ay + 0x1p52) - 0x1p52)));
  h = 0.5 * ay;
  odd = (small & ~nonint & actgen_mpos(fabs(h - ((h + 0x1p52) - 0x1p52)))) | (mid & (0 - (actgen_asu64(y) & 1)));
  neg = actgen_mneg(x);
  R = actgen_blend(neg & odd, -R, R);
  /* finite x < 0, non-integer y: NaN */
  R = actgen_blend(neg & nonint & actgen_mpos(ax) & actgen_mneg(0.5 * ax - 0x1p1023), (double)NAN, R);
  /* y = +-0, x = 1, or x = -1 with |y| > 2^995 (even) or inf: 1 */
  return actgen_blend(actgen_mneg(ay - 0x1p-1074) | actgen_mneg(fabs(x - 1.0) - 0x1p-1074) |
                          (actgen_mneg(fabs(ax - 1.0) - 0x1p-1074) & actgen_mneg(0x1p995 - ay)),
                      1.0, R);
}
