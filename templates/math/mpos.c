/* needs: bits */
/* mpos.c — actgen_mpos(v): all ones where v > 0 or v is a NaN with its
 * sign bit clear, else 0 (v = +-0 and v < 0 give 0).  Integer operations
 * only: not actgen_mneg(0.0 - v), because gcc 12 folds 0.0 - fabs(v) to
 * -fabs(v), which is -0 for v = 0. */
static inline uint64_t actgen_mpos(double v)
{
  uint64_t b = actgen_asu64(v);
  return ~(0 - (((b - 1) | b) >> 63));
}
