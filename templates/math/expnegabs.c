/* needs: bits expneg expfast */
/* expnegabs.c — actgen_exp_negabs(x) = e^-|x| in [0, 1], the exponential
 * that sigmoid.c and softplus.c compute, by the very same steps
 * (expneg.c), so that a kernel calling several of sigmoid(x), softplus(x)
 * and the fused tanh(softplus(x)) and cosh(softplus(x)) computes it once
 * (the compiler merges identical steps).  NaN gives NaN.  The `_fast`
 * form (expfast.c) is the same for |x| <= 600, and so are the `_fast`
 * forms of the functions built on it, given E = e^-|x| (sigmoid.c). */
static inline double actgen_exp_negabs(double x)
{
  return actgen_exp_neg(-fabs(x));
}

static inline double actgen_exp_negabs_fast(double x)
{
  return actgen_exp_range_fast(-fabs(x));
}
