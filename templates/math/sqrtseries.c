/* needs: bits rsqrtsteps */
/* sqrtseries.c — actgen_sqrt_series(x): sqrt(x) within about 2^-51 for a
 * positive normal x (not inf; 0 gives 0), hypot.c's and hypotin.c's.
 * From rsqrtsteps.c's two steps, y = 1/sqrt(x) to about 2^-17, s =
 * x y, and with e = 1 - s y (one multiply-add: s's rounding costs e about
 * 2^-53), sqrt(x) = s (1 - e)^(-1/2) = s (1 + e/2 + 3e^2/8 + ...), the
 * series to e^2 (the dropped 5e^3/16 is below 2^-51.5): 3 operations fewer
 * than sqrtcore.c (its third step and Newton finish), where sqrt.c keeps
 * 2^-53 for its faithful rounding (smu1's float forward 9% faster). */
static inline double actgen_sqrt_series(double x)
{
  double y = actgen_rsqrt_steps(x), s = x * y, e = fma(-s, y, 1.0);
  return fma(s * e, fma(0.375, e, 0.5), s);
}
