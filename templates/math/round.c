/* needs: bits */
/* round.c — actgen_round(x): x rounded to the nearest integer (ties to
 * even) for |x| < 2^51, by the shift trick: x + 1.5*2^52 has ulp 1, and its
 * bits are those of 1.5*2^52 plus round(x), so
 * actgen_asu64(x + 0x1.8p52) << 52 is round(x) in an exponent field. */
static inline double actgen_round(double x)
{
  return (x + 0x1.8p52) - 0x1.8p52;
}
