/* needs: bits */
/* expclamprange.c — actgen_exp_clamp_range(x): x clamped to [-747, 709.79],
 * the range of exprange.c and expparts.c, at the bound on x's side: |x| is
 * compared with it, so that NaN (|NaN| - bound has a clear sign bit)
 * passes through; +-inf become the bounds. */
static inline double actgen_exp_clamp_range(double x)
{
  uint64_t neg = actgen_mneg(x);
  double lim = actgen_blend(neg, 747.0, 709.79);
  return actgen_blend(actgen_mneg(lim - fabs(x)), actgen_blend(neg, -747.0, 709.79), x);
}

