/* needs: bits */
/* pow2.c — actgen_pow2(k) = 2^k for an integer-valued k in [-1022, 1023]:
 * k + 1023 put in the exponent field by the shift trick (round.c). */
static inline double actgen_pow2(double k)
{
  return actgen_asf64(actgen_asu64(k + (0x1.8p52 + 1023.0)) << 52);
}
