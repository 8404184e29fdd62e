/* needs: bits */
/* rsqrtsteps.c — actgen_rsqrt_steps(x): 1/sqrt(x) to about 2^-17 for a
 * positive normal x (not inf), sqrt.c's method: the bit trick
 * 0x5fe6eb50c7b537a9 - bits/2 (about 5 bits), then two Newton steps in
 * multiply-adds.  sqrtcore.c takes one more step and finishes it into
 * sqrt(x), sqrtseries.c into sqrt(x) and rhypotin.c into 1/sqrt(x) by a
 * series; a kernel computing several of one x computes the steps once (the
 * compiler merges identical steps).  See sqrt.c. */
static inline double actgen_rsqrt_steps(double x)
{
  double h = 0.5 * x, y;
  y = actgen_asf64(0x5fe6eb50c7b537a9u - (actgen_asu64(x) >> 1));
  y = y * fma(-(h * y), y, 1.5);
  return y * fma(-(h * y), y, 1.5);
}
