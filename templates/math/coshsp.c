/* needs: bits expnegabs */
/* coshsp.c — actgen_vcoshsp(x) = cosh(softplus(x)) = cosh(log(1 + e^x)),
 * which mish's derivative divides by (squared): the float kernels call it
 * where the DAG has cosh(softplus(u)) (src/lower.c).
 * Method: with s = 1 + e^x, cosh(log s) = (s^2 + 1)/(2s).  G = e^-|x|
 * (expnegabs.c); for x < 0, s = 1 + G and s^2 + 1 = G (G + 2) + 2; for
 * x >= 0 scaled by G^2: (1 + 2G + 2G^2) / (2G (1 + G)), which overflows to
 * inf with cosh itself (G = 0 beyond x = 745).  The numerators are
 * tanhsp.c's denominators: mish's derivative computes them once.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.27, at x=0x1.631866a68d0ddp+9.
 * Special values: -inf -> 1, +inf -> +inf, NaN -> NaN. */
static inline double actgen_coshsp_of(double x, double G)
{
  double n = G * (G + 2.0), np = 1.0 + (G + G);
  uint64_t neg = actgen_mneg(x);
  return actgen_blend(neg, n + 2.0, np + 2.0 * (G * G)) / ((2.0 * (1.0 + G)) * actgen_blend(neg, 1.0, G));
}

static inline double actgen_vcoshsp(double x)
{
  return actgen_coshsp_of(x, actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vcoshsp_fast(double x)
{
  return actgen_coshsp_of(x, actgen_exp_negabs_fast(x));
}
