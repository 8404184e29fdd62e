/* needs: bits */
/* u52tof.c — actgen_u52tof(v): a small unsigned integer v < 2^52 (a shifted
 * exponent field, say) as a double, exactly, without a conversion (packed
 * int64 -> double needs AVX-512DQ): 2^52 + v has the bits
 * 0x4330000000000000 | v. */
static inline double actgen_u52tof(uint64_t v)
{
  return actgen_asf64(v | 0x4330000000000000u) - 0x1p52;
}
