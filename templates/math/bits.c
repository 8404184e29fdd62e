/* bits.c — the shared pieces of actgen's math layer (no function of its own).
 * Bit casts through memcpy (compilers turn them into register moves, also in
 * vector code); rounding to an integer by the shift trick, whose low
 * mantissa bits hold the integer, so no double<->int64 conversion is needed
 * (packed conversions need AVX-512DQ); small unsigned integers to double by
 * OR-ing them under the exponent of 2^52; scaling by 2^k by adding k to the
 * exponent field; Veltkamp's split and Dekker's exact product, because the
 * generated code has FP contraction off and no fma() (a library call
 * without -mfma).  Everything is branch-free plain IEEE arithmetic, so it
 * gives the same bits at -O0 and -O3 and at every vector width.
 *
 * Selects, and why some are made of integer masks: gcc (12, without
 * AVX-512 masking, i.e. SSE2 and AVX2) keeps the default -ftrapping-math and
 * so never evaluates a floating-point operation that the source makes
 * conditional; and its sinking pass moves every computation whose value is
 * used only in one arm of `c ? a : b` into that arm, and its partial
 * redundancy elimination evaluates what follows a select with constant
 * arms (a clamp, say) separately for each constant, in the arms.  The loop
 * then has control flow and is not vectorized.  So the layer writes no
 * `?:` and no comparison at all: a select is actgen_blend(actgen_mneg(d),
 * a, b), whose condition is the sign bit of a double and which is only
 * integer shifts and and/or (gcc sees no branch in it; it becomes a blend).
 */
static inline uint64_t actgen_asu64(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static inline double actgen_asf64(uint64_t u)
{
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* x rounded to the nearest integer (ties to even), for |x| < 2^51.  The sum
 * x + 1.5*2^52 has ulp 1; its bits are those of 1.5*2^52 plus round(x), so
 * actgen_asu64(x + actgen_shift) << 52 is round(x) in an exponent field. */
static const double actgen_shift = 0x1.8p52;

static inline double actgen_round(double x)
{
  return (x + actgen_shift) - actgen_shift;
}

/* A small unsigned integer v < 2^52 (a shifted exponent field, say) as a
 * double, exactly: 2^52 + v has the bits 0x4330000000000000 | v. */
static inline double actgen_u52tof(uint64_t v)
{
  return actgen_asf64(v | 0x4330000000000000u) - 0x1p52;
}

/* 2^k for an integer-valued k in [-1022, 1023]: k + 1023 in the exponent. */
static inline double actgen_pow2(double k)
{
  return actgen_asf64(actgen_asu64(k + (actgen_shift + 1023.0)) << 52);
}

/* p * 2^k for an integer-valued k with |k| <= 1100 and a normal p with
 * |exponent| < 400 (not 0, inf or NaN; a NaN p or k does not give NaN).  k is moved toward zero by 512
 * (a = +-512, 1024 more in the exponent field where k < 0) into p's
 * exponent field, where it cannot leave the normal range, and the final
 * multiplication by 2^a rounds once: overflow gives inf and underflow a
 * correctly rounded subnormal or 0.  9 integer and 2 floating operations. */
static inline double actgen_ldexpk(double p, double k)
{
  uint64_t b = (actgen_asu64(k) >> 63) << 62; /* 1024 << 52 where k < 0 */
  uint64_t e = (actgen_asu64(k + actgen_shift) << 52) - ((uint64_t)512 << 52) + b;
  return actgen_asf64(actgen_asu64(p) + e) * actgen_asf64(0x5ff0000000000000u - b);
}

/* All ones where the sign bit of d is set (d < 0, d = -0, or a NaN with
 * its sign bit set), else 0.  Condition for actgen_blend: x < c is the sign
 * of x - c (for non-NaN x and finite c). */
static inline uint64_t actgen_mneg(double d)
{
  return 0 - (actgen_asu64(d) >> 63);
}

/* All ones where v > 0 or v is a NaN with its sign bit clear, else 0.
 * (Not actgen_mneg(0.0 - v): gcc 12 folds 0.0 - fabs(v) to -fabs(v),
 * which is -0 for v = 0.) */
static inline uint64_t actgen_mpos(double v)
{
  uint64_t b = actgen_asu64(v);
  return ~(0 - (((b - 1) | b) >> 63));
}

/* a where the mask m is all ones, b where it is 0. */
static inline double actgen_blend(uint64_t m, double a, double b)
{
  return actgen_asf64((actgen_asu64(a) & m) | (actgen_asu64(b) & ~m));
}

/* Veltkamp's split: a = hi + lo exactly, hi with 26 significant bits and lo
 * with 27, for |a| < 2^995 (beyond, 134217729*a overflows). */
static inline double actgen_split(double a, double *lo)
{
  double c = 134217729.0 * a; /* 2^27 + 1 */
  double hi = c - (c - a);
  *lo = a - hi;
  return hi;
}

/* Dekker's product: returns p = fl(a*b) and sets *e so that a*b = p + *e
 * exactly (when nothing overflows or underflows: |a*b| well inside the
 * normal range, |a|, |b| < 2^995). 17 operations. */
static inline double actgen_two_prod(double a, double b, double *e)
{
  double al, bl;
  double ah = actgen_split(a, &al);
  double bh = actgen_split(b, &bl);
  double p = a * b;
  *e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}
