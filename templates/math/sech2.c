/* needs: bits expnegabs */
/* sech2.c — actgen_vsech2(x) = 1/cosh(x)^2, tanh's derivative: the float
 * kernels call it where the DAG has 1/cosh(u)^2 (src/lower.c).
 * Method: with E = e^-2|x| (expnegabs.c of 2x, exact doubling),
 * 1/cosh^2 = 4E/(1 + E)^2: one exponential and one division, where
 * cosh and the reciprocal of its square take two divisions; positive
 * terms only, so the relative error is that of E plus four roundings, also
 * where the result underflows (E = 0 beyond |x| = 373.5: +0).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.85, at x=0x1.e2f2c889c1d4p+2.
 * Special values: +-0 -> 1, +-inf -> +0, NaN -> NaN. */
static inline double actgen_sech2_of(double E)
{
  double d = 1.0 + E;
  return (4.0 * E) / (d * d);
}

static inline double actgen_vsech2(double x)
{
  return actgen_sech2_of(actgen_exp_negabs(x + x));
}

/* the same for |x| <= 300 (src/ops.h, FAST) */
static inline double actgen_vsech2_fast(double x)
{
  return actgen_sech2_of(actgen_exp_negabs_fast(x + x));
}
