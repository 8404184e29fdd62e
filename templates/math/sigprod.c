/* needs: bits expnegabs */
/* sigprod.c — actgen_vsigprod(x) = sigmoid(x) sigmoid(-x), sigmoid's
 * derivative, and a factor of silu's, swish's, gelu_tanh's: the float
 * kernels call it where the DAG multiplies sigmoid(u) by sigmoid(-u)
 * (src/lower.c).
 * Method: with E = e^-|x| and R = 1/(1 + E) (sigmoid.c's steps, which the
 * compiler shares with a sigmoid(x) of the same kernel), the two factors
 * are E R and R in one order or the other, by the sign of x; their
 * product is (E R) R for either sign, so the two selects of the
 * composition (sign masks, blends) are not needed: the same results (a
 * NaN's sign bit aside) with about 6 operations less.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.81, at x=0x1.cdd9f759116p+3.
 * Special values: +-0 -> 1/4, +-inf -> +0, NaN -> NaN. */
static inline double actgen_sigprod_of(double E)
{
  double R = 1.0 / (1.0 + E);
  return (E * R) * R;
}

static inline double actgen_vsigprod(double x)
{
  return actgen_sigprod_of(actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vsigprod_fast(double x)
{
  return actgen_sigprod_of(actgen_exp_negabs_fast(x));
}
