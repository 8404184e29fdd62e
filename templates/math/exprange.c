/* needs: bits expparts */
/* exprange.c — actgen_exp_range(x) = e^x for x in [-747, 709.79] (callers
 * clamp; NaN gives NaN): 2 t (1 + p) with t and p from expparts.c; t is
 * raised by 2^128 below -600 and the factor 2 becomes 2^-127 there, +0
 * below -745.2 (expparts.c says why).  The same without those scalings
 * for x in [-600, 709.79]: expfast.c; for x <= 0: expneg.c. */
static inline double actgen_exp_range(double x)
{
  uint64_t under = actgen_mneg(x + 600.0), zero = actgen_mneg(x + 745.2);
  double p, t = actgen_exp_parts(x, under & ((uint64_t)128 << 52), &p);
  return fma(t, p, t) * actgen_blend(zero, 0.0, actgen_blend(under, 0x1p-127, 2.0));
}
