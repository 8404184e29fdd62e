/* needs: bits expnegabs */
/* tanhsp.c — actgen_vtanhsp(x) = tanh(softplus(x)) = tanh(log(1 + e^x)),
 * mish's factor: the float kernels call it where the DAG has
 * tanh(softplus(u)) (src/lower.c).
 * Method: with s = 1 + e^x, tanh(log s) = (s^2 - 1)/(s^2 + 1).  G = e^-|x|
 * (expnegabs.c); for x < 0, s = 1 + G and s^2 - 1 = G (G + 2); for x >= 0
 * numerator and denominator are scaled by G^2: (1 + 2G) / (1 + 2G + 2G^2).
 * Every term is non-negative: no cancellation, one exponential and one
 * division instead of softplus's exponential, log and division and tanh's
 * exponential and division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.14, at x=-0x1.0445a0a5ff8fp+5.
 * Special values: -inf -> +0, +inf -> 1, +-0 -> 0.6, NaN -> NaN. */
static inline double actgen_tanhsp_of(double x, double G)
{
  double n = G * (G + 2.0), np = 1.0 + (G + G);
  uint64_t neg = actgen_mneg(x);
  return actgen_blend(neg, n, np) / actgen_blend(neg, n + 2.0, np + 2.0 * (G * G));
}

static inline double actgen_vtanhsp(double x)
{
  return actgen_tanhsp_of(x, actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vtanhsp_fast(double x)
{
  return actgen_tanhsp_of(x, actgen_exp_negabs_fast(x));
}
