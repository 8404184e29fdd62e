/* needs: bits expcore */
/* expparts.c — actgen_exp_parts(x, adj, &p): the pieces t and p of
 * e^x = 2 t (1 + p) for x in [-747, 709.79], from which exprange.c builds
 * the exponential of exp, sigmoid, softplus and e^-|x| (expnegabs.c), and
 * expm1.c its e^x - 1.
 * Method: expcore.c's reduction x = k ln2 + r (|r| <= ln2/2) and its
 * polynomial p = e^r - 1 of degree 11 (relative 2^-52), and t = 2^(k-1)
 * put together in its exponent field from the low bits of a shift
 * trick's sum: no conversion, no table.  It was
 * a 64-entry table of 2^(j/64) with a polynomial of degree 5 (ARM's
 * optimized-routines and CORE-MATH's expf reduce that way), but its read
 * is a gather, which on Zen 4 costs more than the six multiply-adds that
 * the longer polynomial takes (bench-kernels: sigmoid's forward+backward
 * 13% faster without it, elu's 19%, erfact's 8% slower: its erf keeps the
 * multiply-add units busy, where the gather had used the load units).
 * The factor 2 of e^x = 2 t (1 + p) makes the top of the range (k = 1024
 * at x = 709.79) overflow to inf in the last multiplication, where it
 * should.  Below x = -600 k is raised by 128 and the last factor is
 * 2^-127 instead of 2, which rounds once into the subnormals where e^x is
 * one: t stays above 2^-951, so neither t nor t (e^r - 1) is ever
 * subnormal (a subnormal t p, at t near 2^-1022, made smu's backward pass
 * twice as slow); below -745.2 (e^x < 2^-1075) the factor is +0, because
 * a multiplication that underflows costs a microcode assist on x86 (on
 * Zen 4 about as much as the whole exp; smu's and erfact's derivatives
 * take e^(-u^2) of large u on most lanes).
 * Error: P's and the two last roundings: about 2^-52.
 * Cost: 2 for k, 2 for r, 11 for e^r - 1, 3 for t: 18 operations, 8 more
 * for the range (exprange.c).
 */
/* t = 2^(k-1) and *p = e^r - 1, where x = k ln2 + r, for x in
 * [-747, 709.79] or NaN (*p NaN); adj is added to t's bits (its exponent
 * field), so that t is normal also where 2^(k-1) is not. */
static inline double actgen_exp_parts(double x, uint64_t adj, double *p)
{
  double k, r = actgen_exp_reduce(x, &k);
  *p = actgen_expm1_poly(r);
  /* k + 1022 + 1.5 2^52 holds k + 1022, the exponent field of 2^(k-1), in
   * its low bits (two's complement; the sum is exact): << 52 puts them
   * there */
  return actgen_asf64((actgen_asu64(k + 0x1.80000000003fep52) << 52) + adj);
}
