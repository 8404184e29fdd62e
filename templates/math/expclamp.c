/* needs: bits */
/* expclamp.c — actgen_exp_clamp(x): x clamped to [-747, 747] (e^-747 = 0,
 * e^747 = inf in double, and the reduction stays in range); NaN stays NaN
 * (747 - |NaN| is a NaN with its sign bit clear). */
static inline double actgen_exp_clamp(double x)
{
  return actgen_blend(actgen_mneg(747.0 - fabs(x)), copysign(747.0, x), x);
}
