/* needs: bits expclamprange expparts */
/* expm1.c — actgen_vexpm1(x) = e^x - 1.
 * Method: x clamped to [-747, 709.79] as exp.c does (NaN passes), then
 * expparts.c's e^x = 2t (1 + p), t = 2^(k-1): e^x - 1 = 2 ((t - 1/2) + t p)
 * in one multiply-add, and -1 below -600 (where exprange.c scales t by
 * 2^128).  For |x| < ln2/2, k = 0, t = 1/2 and the result is p itself,
 * accurate relative to e^x - 1 (below |x| = 2^-1000 x itself: t p would
 * round in the subnormals, and the _fast form's 2t p does not); beyond, it is at least 0.29 in magnitude,
 * and t - 1/2 is exact for -52 <= k <= 53 (and rounds to 2^-53 of the
 * result beyond).  Large x: the factor 2 overflows to inf, as e^x - 1
 * does.  The sign is copied from x, which makes expm1(-0) = -0 (and is
 * right for every x).
 * Special values: +-0 -> +-0, +inf -> +inf, -inf -> -1, NaN -> NaN.
 * Cost: about 37 operations, no division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.89, at x=0x1.73bb41d7bd2f3p-2.
 */
static inline double actgen_vexpm1(double x)
{
  /* the very steps of exp.c's e^x, so that a kernel taking both (celu's
   * derivative) computes the exponential once */
  double xc = actgen_exp_clamp_range(x), p, t;
  uint64_t under = actgen_mneg(xc + 600.0), tiny = actgen_mneg(fabs(x) - 0x1p-1000);
  t = actgen_exp_parts(xc, under & ((uint64_t)128 << 52), &p);
  /* t = 2^1023 at 709.79: inf; x itself where it is tiny (p = x there, but
   * t p = p/2 would round in the subnormals); + (xc - xc): NaN stays
   * (under may hold for a NaN) */
  double v = actgen_blend(tiny, x, actgen_blend(under, -1.0, fma(t, p, t - 0.5) * 2.0));
  return copysign(v + (xc - xc), x);
}

/* the same for |x| <= 600 (src/ops.h, FAST): no clamp, no scaling; t is
 * raised by 2 instead of the last factor (exprange.c: the same bits) */
static inline double actgen_vexpm1_fast(double x)
{
  double p, t = actgen_exp_parts(x, (uint64_t)1 << 52, &p);
  return copysign(fma(t, p, t - 1.0) + (x - x), x);
}
