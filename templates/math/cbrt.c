/* needs: bits round u52tof mpos */
/* cbrt.c — actgen_vcbrt(x), the cube root.
 * Method: |x| = 2^e m, m in [1, 2) from the bits (subnormals scaled by
 * 2^54 first); e = 3q + j, j in {0, 1, 2}, with q = round((e - 1)/3) by the
 * shift trick; w = m^(-1/3) from a degree-5 minimax polynomial
 * (tools/fit_math.c rcbrt: 2^-17.4) and two division-free Newton steps
 * w += w (1 - m w^3)/3 (2^-34, then rounding level); cbrt(m) = m w^2;
 * times 2^(j/3), taken from the quadratic 1 + a j + b j^2 through
 * (0, 1), (1, 2^(1/3)), (2, 2^(2/3)); times 2^q added to the exponent
 * field (the result is always normal).  The sign is copied from x.
 * Special values: +-0 -> +-0, +-inf -> +-inf, NaN -> NaN.
 * Cost: about 55 operations, no division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.84, at x=-0x1.efa0e4a6dc9aap+2.
 */
static inline double actgen_vcbrt(double x)
{
  double a = fabs(x), m, e, q, j, w, y;
  uint64_t tiny = actgen_mneg(a - 0x1p-1022), u;
  u = actgen_asu64(actgen_blend(tiny, a * 0x1p54, a));
  m = actgen_asf64((u & 0x000fffffffffffffu) | 0x3ff0000000000000u);
  e = actgen_u52tof(u >> 52) - 1023.0 - actgen_asf64(tiny & actgen_asu64(54.0));
  q = actgen_round((e - 1.0) * 0x1.5555555555555p-2);
  j = e - 3.0 * q;
  w = -0x1.16d6f145ee074p-6;
  w = fma(w, m, 0x1.3fa269c5110acp-3);
  w = fma(w, m, -0x1.321c5ebb45e51p-1);
  w = fma(w, m, 0x1.3e68b9b92bdc6p+0);
  w = fma(w, m, -0x1.90e742000efc5p+0);
  w = fma(w, m, 0x1.c7f365be2416ep+0);
  w = w + w * (1.0 - m * (w * w * w)) * 0x1.5555555555555p-2;
  w = w + w * (1.0 - m * (w * w * w)) * 0x1.5555555555555p-2;
  y = (m * (w * w)) * (1.0 + j * (0x1.cf23503e16fbcp-3 + j * 0x1.14b8b2228926cp-5));
  y = actgen_asf64(actgen_asu64(y) + (actgen_asu64(q + 0x1.8p52) << 52));
  /* finite nonzero: the core; +-0, +-inf, NaN: themselves */
  y = actgen_blend(actgen_mpos(a) & actgen_mneg(0.5 * a - 0x1p1023), y, a);
  return copysign(y, x);
}
