/* needs: bits exprange */
/* expnegabs.c — actgen_exp_negabs(x) = e^-|x| in [0, 1], the exponential
 * that sigmoid.c and softplus.c compute, by the very same steps (|x|
 * clamped to 747, exprange.c), so that a kernel calling several of sigmoid(x), softplus(x)
 * and the fused tanh(softplus(x)) and cosh(softplus(x)) computes it once
 * (the compiler merges identical steps).  NaN gives NaN.  The `_fast`
 * form (exprange.c) is the same for |x| <= 600, and so are the `_fast`
 * forms of the functions built on it, given E = e^-|x| (sigmoid.c). */
static inline double actgen_exp_negabs(double x)
{
  double a = fabs(x);
  a = actgen_blend(actgen_mneg(747.0 - a), 747.0, a); /* NaN stays */
  return actgen_exp_range(-a);
}

static inline double actgen_exp_negabs_fast(double x)
{
  return actgen_exp_range_fast(-fabs(x));
}
