/* needs: bits */
/* expclamp.c — actgen_exp_clamp(x): x clamped to [-746, 746] (e^-746 = 0,
 * e^746 = inf in double, and the reduction stays in range); NaN stays NaN
 * (746 - |NaN| is a NaN with its sign bit clear). */
static inline double actgen_exp_clamp(double x)
{
  return actgen_blend(actgen_mneg(746.0 - fabs(x)), copysign(746.0, x), x);
}
