/* needs: bits rsqrtsteps */
/* sqrtcore.c — actgen_sqrt_core(x): sqrt.c's method for a positive normal x
 * (not inf; 0 gives 0).  See sqrt.c; hypot.c has a shorter one,
 * sqrtseries.c. */
static inline double actgen_sqrt_core(double x)
{
  double y = actgen_rsqrt_steps(x), s;
  y = y * fma(-((0.5 * x) * y), y, 1.5);   /* the third Newton step */
  s = x * y;
  /* s = x y to about 2^-31; s + (x - s^2) y/2 squares that error away: in
   * multiply-adds, x/2 - s^2/2 has no rounding of s^2 of its own */
  return fma(fma(-0.5 * s, s, 0.5 * x), y, s);
}
