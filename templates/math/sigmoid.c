/* needs: bits expnegabs */
/* sigmoid.c — actgen_vsigmoid(x) = 1/(1 + e^-x), accurate in both tails.
 * Method: E = e^-|x| from expnegabs.c (|x| clamped to 747; E in [0, 1], so
 * nothing overflows), R = 1/(1 + E), then R for x >= 0 and E R for x < 0:
 * one exponential and one division, and no cancellation anywhere, so the
 * relative error is that of E plus three roundings, also where the result
 * is as small as e^-745 (subnormal; sigmoid(-800) = +0).  The division
 * is by 1 + E, the same for x and -x: sigmoid'(u) = sigmoid(u) sigmoid(-u),
 * which the derivatives of sigmoid, silu, swish, gelu_tanh and softplus
 * are made of, inlines to one exponential and one division (the compiler
 * merges the identical steps; E/(1 + E) and 1/(1 + E) would be two).
 * Special values: +-0 -> 0.5, +inf -> 1, -inf -> +0, NaN -> NaN.
 * Cost: about 45 operations including one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.49, at x=-0x1.e60720cd9cacp+3.
 */
static inline double actgen_sigmoid_of(double x, double E)
{
  double R = 1.0 / (1.0 + E);
  return actgen_blend(actgen_mneg(x), E * R, R);
}

static inline double actgen_vsigmoid(double x)
{
  return actgen_sigmoid_of(x, actgen_exp_negabs(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vsigmoid_fast(double x)
{
  return actgen_sigmoid_of(x, actgen_exp_negabs_fast(x));
}
