/* needs: bits split */
/* sqrtcore.c — actgen_sqrt_core(x): sqrt.c's method for a positive normal x
 * (not inf; 0 gives 0), shared with hypot.  See sqrt.c. */
static inline double actgen_sqrt_core(double x)
{
  double h = 0.5 * x, y, s, d, lo, hi;
  y = actgen_asf64(0x5fe6eb50c7b537a9u - (actgen_asu64(x) >> 1));
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  s = x * y;
  hi = actgen_split(s, &lo);
  d = ((x - hi * hi) - 2.0 * hi * lo) - lo * lo; /* x - s*s, exact but for lo*lo */
  return s + d * (0.5 * y);
}
