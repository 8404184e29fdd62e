/* split.c — actgen_split(a, &lo): Veltkamp's split, a = hi + lo exactly,
 * hi with 26 significant bits and lo with 27, for |a| < 2^995 (beyond,
 * 134217729*a overflows).  The generated code has FP contraction off and
 * no fma() (a library call without -mfma), so exact products are built
 * from such halves. */
static inline double actgen_split(double a, double *lo)
{
  double c = 134217729.0 * a; /* 2^27 + 1 */
  double hi = c - (c - a);
  *lo = a - hi;
  return hi;
}
