/* needs: bits */
/* sqrtcore.c — actgen_sqrt_core(x): sqrt.c's method for a positive normal x
 * (not inf; 0 gives 0), shared with hypot; actgen_rsqrt_steps(x), its
 * 1/sqrt(x) to about 2^-31, shared with rhypotin.c (a kernel computing
 * both sqrt and 1/sqrt of one x computes the steps once: the compiler
 * merges identical steps).  See sqrt.c. */
static inline double actgen_rsqrt_steps(double x)
{
  double h = 0.5 * x, y;
  y = actgen_asf64(0x5fe6eb50c7b537a9u - (actgen_asu64(x) >> 1));
  y = y * fma(-(h * y), y, 1.5);
  y = y * fma(-(h * y), y, 1.5);
  return y * fma(-(h * y), y, 1.5);
}

static inline double actgen_sqrt_core(double x)
{
  double y = actgen_rsqrt_steps(x), s = x * y;
  /* s = x y to about 2^-31; s + (x - s^2) y/2 squares that error away: in
   * multiply-adds, x/2 - s^2/2 has no rounding of s^2 of its own */
  return fma(fma(-0.5 * s, s, 0.5 * x), y, s);
}
