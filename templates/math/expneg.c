/* needs: bits expparts */
/* expneg.c — actgen_exp_neg(x) = e^x for x <= 0 or NaN: the same bits as
 * exp.c's actgen_vexp there (tests/math/fastcheck.c), in 6 operations
 * instead of about 16 for the clamp and the range.  The float bodies call
 * it (as exp.c's actgen_vexp_neg) for the exponential of an operand that is
 * never positive, -u^2 or -|u| (src/emit_bounds.c): erf's derivative in
 * erfact's and smu's, and erfc.c's e^(-x^2), which it shares with gelu's.
 * Below -745.2 (|x| > 745.2, so NaN passes) the lane computes e^0 and is
 * masked to +0, without a multiplication that underflows (expparts.c says
 * why); elsewhere t is raised by 2^64, normal down to -745.2, and the last
 * factor is 2^-63 instead of exprange.c's 2: exact, or one rounding into
 * the subnormals, as exprange.c's 2^-127 there.  Only x <= 0: for x > 666
 * t's exponent would wrap. */
static inline double actgen_exp_neg(double x)
{
  uint64_t zero = actgen_mneg(745.2 - fabs(x));
  double p, t = actgen_exp_parts(actgen_blend(zero, 0.0, x), (uint64_t)64 << 52, &p);
  return actgen_asf64(actgen_asu64(fma(t, p, t) * 0x1p-63) & ~zero);
}
