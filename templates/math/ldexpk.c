/* needs: bits */
/* ldexpk.c — actgen_ldexpk(p, k) = p * 2^k for an integer-valued k with
 * |k| <= 1100 and p in [0.5, 2) (every caller passes e^r, |r| < 0.36; a
 * NaN p or k does not give NaN).  k is moved toward zero by 512 (a = +-512,
 * 1024 more in the exponent field where k < 0) into p's exponent field,
 * where it cannot leave the normal range, and the final multiplication by
 * 2^a rounds once: overflow gives inf and underflow a correctly rounded
 * subnormal or 0.  For k <= -1077 the result is below 2^-1075 and rounds
 * to +0; there the factor 2^a is replaced by +0 first, because a
 * multiplication that underflows costs a microcode assist on x86 (on
 * Zen 4 about as much as the whole exp): smu's and erfact's derivatives
 * take e^(-u^2) of large u on most lanes, which made their backward passes
 * 1.7x slower.  The exp clamps (expclamp.c and the callers' own) sit at
 * 747, where k = -1078, so that clamped lanes take this path too.
 * 11 integer and 3 floating-point operations. */
static inline double actgen_ldexpk(double p, double k)
{
  uint64_t b = (actgen_asu64(k) >> 63) << 62; /* 1024 << 52 where k < 0 */
  uint64_t e = (actgen_asu64(k + 0x1.8p52) << 52) - ((uint64_t)512 << 52) + b;
  uint64_t zero = actgen_mneg(k + 1076.5); /* all ones where k <= -1077 */
  return actgen_asf64(actgen_asu64(p) + e) * actgen_asf64((0x5ff0000000000000u - b) & ~zero);
}
