/* needs: split */
/* twoprod.c — actgen_two_prod(a, b, &e): Dekker's product, returns
 * p = fl(a*b) and sets *e so that a*b = p + *e exactly (when nothing
 * overflows or underflows: |a*b| well inside the normal range,
 * |a|, |b| < 2^995).  17 operations. */
static inline double actgen_two_prod(double a, double b, double *e)
{
  double al, bl;
  double ah = actgen_split(a, &al);
  double bh = actgen_split(b, &bl);
  double p = a * b;
  *e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}
