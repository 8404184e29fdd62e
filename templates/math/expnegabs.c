/* needs: bits ldexpk expcore */
/* expnegabs.c — actgen_exp_negabs(x) = e^-|x| in [0, 1], the exponential
 * that sigmoid.c and softplus.c compute, by the very same steps (|x|
 * clamped to 747, expcore.c's reduction and polynomial, ldexpk.c's
 * scaling), so that a kernel calling several of sigmoid(x), softplus(x)
 * and the fused tanh(softplus(x)) and cosh(softplus(x)) computes it once
 * (the compiler merges identical steps).  NaN gives NaN. */
static inline double actgen_exp_negabs(double x)
{
  double a = fabs(x), k, r;
  a = actgen_blend(actgen_mneg(747.0 - a), 747.0, a); /* NaN stays */
  r = actgen_exp_reduce(-a, &k);
  return actgen_ldexpk(1.0 + actgen_expm1_poly(r), k) + (a - a); /* NaN stays */
}
