/* needs: bits expnegabs */
/* tanhspd.c — actgen_vtanhspd(x) = sigmoid(x) / cosh(softplus(x))^2, the
 * derivative of tanh(softplus(x)) (mish's): the float kernels call it
 * where the DAG has sigmoid(u) / cosh(softplus(u))^2 (src/lower.c).
 * Method: G = e^-|x| (expnegabs.c) and D, tanhsp.c's denominator: for
 * x < 0, sigmoid = G/(1 + G) and cosh(softplus(x)) = D/(2 (1 + G)) with
 * D = G (G + 2) + 2; for x >= 0, sigmoid = 1/(1 + G) and cosh(softplus(x))
 * = D/(2G (1 + G)) with D = 1 + 2G + 2G^2. So the quotient is
 * 4G (1 + G)/D^2, and 4G^2 (1 + G)/D^2 for x >= 0: every term is
 * non-negative and D is in [1, 5], one division where sigmoid.c's,
 * coshsp.c's and the quotient took three (mish's float backward about 12%
 * faster). The exponential is the one tanhsp.c's and sigmoid.c's share.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.22, at x=0x1.32d09280a8e8p+2.
 * Special values: +-inf -> +0, NaN -> NaN. */
static inline double actgen_tanhspd_of(double x, double G)
{
  double n = G * (G + 2.0), np = 1.0 + (G + G);
  uint64_t neg = actgen_mneg(x);
  double d = actgen_blend(neg, n + 2.0, np + 2.0 * (G * G));
  return ((4.0 * G) * ((1.0 + G) * actgen_blend(neg, 1.0, G))) / (d * d);
}

static inline double actgen_vtanhspd(double x)
{
  return actgen_tanhspd_of(x, actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vtanhspd_fast(double x)
{
  return actgen_tanhspd_of(x, actgen_exp_negabs_fast(x));
}
