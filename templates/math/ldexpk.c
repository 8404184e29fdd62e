/* needs: bits */
/* ldexpk.c — actgen_ldexpk(p, k) = p * 2^k for an integer-valued k with
 * |k| <= 1100 and a normal p with |exponent| < 400 (not 0, inf or NaN; a
 * NaN p or k does not give NaN).  k is moved toward zero by 512 (a = +-512,
 * 1024 more in the exponent field where k < 0) into p's exponent field,
 * where it cannot leave the normal range, and the final multiplication by
 * 2^a rounds once: overflow gives inf and underflow a correctly rounded
 * subnormal or 0.  9 integer and 2 floating-point operations. */
static inline double actgen_ldexpk(double p, double k)
{
  uint64_t b = (actgen_asu64(k) >> 63) << 62; /* 1024 << 52 where k < 0 */
  uint64_t e = (actgen_asu64(k + 0x1.8p52) << 52) - ((uint64_t)512 << 52) + b;
  return actgen_asf64(actgen_asu64(p) + e) * actgen_asf64(0x5ff0000000000000u - b);
}
