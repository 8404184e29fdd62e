/* needs: bits expclamptab expparts */
/* expm1.c — actgen_vexpm1(x) = e^x - 1.
 * Method: x clamped to [-747, 709.79] as exp.c does (NaN passes), then
 * expparts.c's e^x = 2t (1 + p): e^x - 1 = 2 ((t - 1/2) + t p), and -1
 * below -600 (where exptab.c scales t by 2^128).  t - 1/2 is exact
 * (t in [1/4, 1] where it matters, Sterbenz); for |x| < ln2/128 the index
 * and k are 0, t = 1/2, and the result is p itself, accurate relative to
 * e^x - 1; beyond, the result is at least 0.0054 and the rounding of
 * T[j] (2^-54 of 2t) at most 2^-46.4 of it.  Large x: the factor 2
 * overflows to inf, as e^x - 1 does.  The sign is copied from x, which makes
 * expm1(-0) = -0 (and is right for every x).
 * Special values: +-0 -> +-0, +inf -> +inf, -inf -> -1, NaN -> NaN.
 * Cost: about 40 operations, no division (60 with expcore.c's
 * polynomial of degree 9 and ldexpk.c).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-47.63, at x=-0x1.62f34443a3a86p-8.
 */
static inline double actgen_vexpm1(double x)
{
  /* the very steps of exp.c's e^x, so that a kernel taking both (celu's
   * derivative) computes the exponential once */
  double xc = actgen_exp_clamp_tab(x), p, t;
  uint64_t under = actgen_mneg(xc + 600.0);
  t = actgen_exp_parts(xc, under & ((uint64_t)128 << 52), &p);
  /* t = 2^1023 T[1] at 709.79: inf; + (xc - xc): NaN stays (under may hold for a NaN) */
  return copysign(actgen_blend(under, -1.0, ((t - 0.5) + t * p) * 2.0) + (xc - xc), x);
}

/* the same for |x| <= 600 (src/ops.h, FAST): no clamp, no scaling */
static inline double actgen_vexpm1_fast(double x)
{
  double p, t = actgen_exp_parts(x, 0, &p);
  return copysign(((t - 0.5) + t * p) * 2.0 + (x - x), x);
}
