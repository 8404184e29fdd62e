/* needs: bits u52tof */
/* logcore.c — the split and the polynomial of log.c, shared by log,
 * log1p, softplus and pow.
 * u = 2^e m with m in [sqrt(2)/2, sqrt(2)) from the bits (the exponent
 * field of u - bits(sqrt(2)/2) is e; m keeps u's mantissa; e comes from
 * the field by actgen_u52tof, no conversion); and R(z) with
 * log((1+s)/(1-s)) = 2s + s^3 R(s^2), |s| <= 0.1716, degree 6 in z = s^2,
 * minimax weighted by z (tools/fit_math.c log: the term's error relative
 * to log m is at most 2^-59, as pow needs). */

/* u = 2^e m, m in [sqrt(2)/2, sqrt(2)), for a positive normal u: returns
 * e (an integer-valued double), sets *m. */
static inline double actgen_log_split(double u, double *m)
{
  uint64_t t = actgen_asu64(u) - 0x3fe6a09e667f3bcdu; /* bits of sqrt(2)/2 */
  *m = actgen_asf64(actgen_asu64(u) - (t & 0xfff0000000000000u));
  /* the field of t + 1024 << 52 is e + 1024, in [2, 2048] */
  return actgen_u52tof((t + ((uint64_t)1024 << 52)) >> 52) - 1024.0;
}

/* R(z) with log((1 + s)/(1 - s)) = 2s + s^3 R(s^2), for z = s^2 <= 0.02944;
 * Estrin's scheme (shorter dependency chains than Horner's; the term is a
 * small correction, so its own rounding hardly matters) */
static inline double actgen_log_poly(double z)
{
  double z2 = z * z;
  double p01 = fma(z, 0x1.999999997ff9bp-2, 0x1.5555555555592p-1);
  double p23 = fma(z, 0x1.c71c521d42794p-3, 0x1.24924941d7935p-2);
  double p45 = fma(z, 0x1.39a21ba8c99a7p-3, 0x1.74663afe845e1p-3);
  double p6 = 0x1.2f01b8b9165e4p-3;
  return fma(z2, fma(z2, fma(z2, p6, p45), p23), p01);
}
