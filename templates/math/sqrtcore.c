/* needs: bits */
/* sqrtcore.c — actgen_sqrt_core(x): sqrt.c's method for a positive normal x
 * (not inf; 0 gives 0), shared with hypot.  See sqrt.c. */
static inline double actgen_sqrt_core(double x)
{
  double h = 0.5 * x, y;
  y = actgen_asf64(0x5fe6eb50c7b537a9u - (actgen_asu64(x) >> 1));
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  /* s = x y to about 2^-31; s + (x - s^2) y/2 squares that error away, and
   * the rounding of s^2 (2^-53 x) costs 2^-54 of the result */
  return x * y + (h - 0.5 * ((x * y) * (x * y))) * y;
}
