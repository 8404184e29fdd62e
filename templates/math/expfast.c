/* needs: bits expparts */
/* expfast.c — actgen_exp_range_fast(x) = e^x for x in [-600, 709.79]: the
 * same bits as exprange.c's actgen_exp_range there, where its scalings are
 * 1 and 2: t is raised by 2 instead (2t (1 + p) in one multiply-add rounds
 * as t (1 + p), exactly twice as large, where nothing is subnormal or
 * overflows), one multiplication and the masks less, for the vector
 * bodies' `_fast` functions (src/ops.h, FAST), which redo the other lanes
 * with the whole form. */
static inline double actgen_exp_range_fast(double x)
{
  double p, t = actgen_exp_parts(x, (uint64_t)1 << 52, &p);
  return fma(t, p, t);
}
