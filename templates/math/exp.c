/* needs: bits expclamptab exptab */
/* exp.c — actgen_vexp(x) = e^x.
 * Method: x clamped to [-747, 709.79] (NaN passes), then exptab.c: +inf
 * gives inf (709.79 overflows there), -inf +0, and results below 2^-1022
 * round once into the subnormals.  No division.
 * Cost: 9 for the clamp and about 30 for exptab.c: about 39 operations
 * (49 with expcore.c's polynomial of degree 9 and ldexpk.c).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-52.19, at x=0x1.a631634c77a17p-4.
 */
static inline double actgen_vexp(double x)
{
  return actgen_exp_tab(actgen_exp_clamp_tab(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vexp_fast(double x)
{
  return actgen_exp_tab_fast(x);
}
