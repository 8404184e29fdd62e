/* needs: bits */
/* trigcore.c — actgen_sin_core(a, q0) = sin(a + q0 pi/2) for a >= 0, the
 * shared body of sin.c (q0 = 0) and cos.c (q0 = 1), and the macro
 * ACTGEN_VTRIG_LIMIT: the range where they are valid.
 * Method: a = n pi/2 + r, n = round(a 2/pi) by the shift trick (its low
 * bits give the quadrant without a conversion); Cody-Waite with pi/2 in four
 * parts P1 + P2 + P3 + P4 (31, 30, 31 and 53 bits; pi/2 to 2^-160): n < 2^22
 * so n P1, n P2, n P3 are exact, a - n P1 is exact (Sterbenz), and the next
 * two subtractions keep their rounding errors (two-sums), so r = rh + rl is
 * known to about 2^-130 absolute, enough for the a nearest to multiples of
 * pi/2 (measured with the degree-5 S of the 2^-46 bound: at most 2^-51.8
 * relative error at the doubles nearest to n pi/2 for every n < 2.7e6). With z = rh^2: sin r = rh + (rh z S(z) + rl),
 * cos r = 1 + (z C(z) - rh rl), S of degree 4 and C of degree 5, minimax
 * for the relative error of sin and cos on |r| <= pi/4 + 2^-8
 * (tools/fit_lawson.c sin, cos: 2^-47.5 and 2^-53.6 with the double
 * coefficients; S was of degree 5 under the 2^-46 bound, and C of degree 4
 * would give 2^-43.6); both are computed,
 * bit 0 of the quadrant selects one and bit 1 its sign.
 * Range: the reduction is exact for a <= ACTGEN_VTRIG_LIMIT = 2^22. Beyond
 * it the result is NOT sin(a + q0 pi/2): finite a reduces 0 (so sin gives
 * +-0 and cos gives 1), inf and NaN give NaN (which is right). Callers redo
 * the lanes where !(fabs(x) <= ACTGEN_VTRIG_LIMIT) with <math.h> in a
 * scalar pass.
 * Cost: about 34 operations for the reduction, 28 for both polynomials, 10
 * for the selects and sign: about 72, no division.
 */
#define ACTGEN_VTRIG_LIMIT 0x1p22

/* a - b = s + *e exactly (Knuth's two-sum, any order of magnitudes). */
static inline double actgen_two_diff(double a, double b, double *e)
{
  double s = a - b, bb = a - s;
  *e = (a - (s + bb)) + (bb - b);
  return s;
}

/* sin(a + q0 pi/2) for a = |x| >= 0, q0 = 0 (sin) or 1 (cos). */
static inline double actgen_sin_core(double a, uint64_t q0)
{
  /* out-of-range lanes reduce +0 (finite a) or NaN (inf, NaN) */
  double ar = actgen_blend(actgen_mneg(ACTGEN_VTRIG_LIMIT - a), a * 0.0, a);
  double t = ar * 0x1.45f306dc9c883p-1 + 0x1.8p52, n = t - 0x1.8p52; /* 2/pi */
  uint64_t q = actgen_asu64(t) + q0;
  double e1, e2;
  /* pi/2 = P1 + P2 + P3 + P4 */
  double h = actgen_two_diff(ar - n * 0x1.921fb544p+0, n * 0x1.0b4611a8p-34, &e1);
  double h2 = actgen_two_diff(h, n * -0x1.d9cceba4p-66, &e2);
  double lo = (e1 + e2) - n * 0x1.b839a252049c1p-104;
  double rh = h2 + lo, rl = (h2 - rh) + lo;
  double z = rh * rh, s, c;
  /* sin on [0, 0.617], degree 4/0: fit max 2^-47.51,
   * with the double coefficients 2^-47.51 at 0.575615 */
  s = -0x1.a96151889bd3dp-26;
  s = fma(s, z, 0x1.71d76c3cabd94p-19);
  s = fma(s, z, -0x1.a019f937d4284p-13);
  s = fma(s, z, 0x1.1111110c860eep-7);
  s = fma(s, z, -0x1.5555555552229p-3);
  s = rh + (rh * z * s + rl);
  /* cos on [0, 0.617], degree 5/0: fit max 2^-53.86,
   * with the double coefficients 2^-53.57 at 0.617 */
  c = 0x1.1b8b62dadfd82p-29;
  c = fma(c, z, -0x1.27df45516e148p-22);
  c = fma(c, z, 0x1.a019f81ae85d2p-16);
  c = fma(c, z, -0x1.6c16c16408a19p-10);
  c = fma(c, z, 0x1.555555554f08bp-5);
  c = fma(c, z, -0x1.fffffffffff96p-2);
  c = 1.0 + (z * c - rh * rl);
  /* quadrant q: sin r, cos r, -sin r, -cos r */
  return actgen_asf64(actgen_asu64(actgen_blend(0 - (q & 1), c, s)) ^ ((q & 2) << 62));
}

