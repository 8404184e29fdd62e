/* needs: bits */
/* twoprod.c — actgen_two_prod(a, b, &e): the exact product, returns
 * p = fl(a*b) and sets *e so that a*b = p + *e exactly (when nothing
 * overflows or underflows: |a*b| well inside the normal range): *e is
 * fma(a, b, -p), the product's rounding error rounded once, which is
 * exact (bits.c says why fma).  2 operations; Dekker's, from Veltkamp's
 * 26-bit halves, took 17 and overflowed beyond |a|, |b| = 2^995. */
static inline double actgen_two_prod(double a, double b, double *e)
{
  double p = a * b;
  *e = fma(a, b, -p);
  return p;
}
