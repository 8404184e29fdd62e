/* needs: bits */
/* expparts.c — actgen_exp_parts(x, adj, &p): the pieces t and p of
 * e^x = 2 t (1 + p) for x in [-747, 709.79], from which exptab.c builds
 * the exponential of exp, sigmoid, softplus and e^-|x| (expnegabs.c), and
 * expm1.c its e^x - 1.
 * Method: a 64-entry table, so that the polynomial is short (ARM's
 * optimized-routines and CORE-MATH's expf reduce the same way).
 * n = round(64 x/ln2) by the shift trick: s = 64 x/ln2 + 1.5 2^52 holds n
 * in its low bits (two's complement), so j = n mod 64 indexes the table
 * and k = (n - j)/64 goes to the exponent field as ((s & ~63) << 46): no
 * conversion, two integer operations.  r = (x - n hi) - n lo, with
 * ln2/64 = hi + lo and hi of 36 bits (n hi is exact for |n| < 2^17, and
 * x - n hi by Sterbenz), |r| <= ln2/128; e^r - 1 = r + r^2 P(r), P of
 * degree 3, minimax (tools/fit_math.c exp64: 2^-41.6 relative for P, which
 * r^2 <= 2^-15 makes 2^-57 of the result).  T[j] = 2^(j/64 - 1) rounded
 * to nearest (fit_math exptab), scaled by 2^k in its exponent field, so
 * e^x = 2 (t + t (e^r - 1)) with t = T[j] 2^k.  The factor 2 makes the
 * top of the range (k = 1024 at x = 709.79) overflow to inf in the last
 * multiplication, where it should.  Below x = -600 k is raised by 128
 * and the last factor is 2^-127 instead of 2, which rounds once into the
 * subnormals where e^x is one: t stays above 2^-951, so neither t nor
 * t (e^r - 1) is ever subnormal (a subnormal t p, at t near 2^-1022, made
 * smu's backward pass twice as slow: see below); below -745.2 (e^x <
 * 2^-1075) the factor is +0, because a multiplication that underflows
 * costs a microcode assist on x86 (on Zen 4 about as much as the whole
 * exp; smu's and erfact's derivatives take e^(-u^2) of large u on most
 * lanes).  The table is read with the index masked to 6 bits, so no lane
 * (NaN included) reads outside it; compilers vectorize the read as a
 * gather (AVX2, AVX-512) or as element loads (SSE2).
 * Error: T[j]'s rounding, the two last roundings and P's: about 2^-52.
 * Cost: 4 for n, 4 for r, 9 for e^r - 1, 4 for the scaling, one table
 * read, 8 for the range: about 30 operations (expcore.c and ldexpk.c,
 * which sinh, cosh and pow keep: about 40, with a polynomial of degree 9).
 */
/* t = 2^(k-1) T[j] and *p = e^r - 1, where x = (64 k + j) ln2/64 + r,
 * for x in [-747, 709.79] or NaN (*p NaN); adj is added to t's bits (its
 * exponent field), so that t is normal also where 2^(k-1) is not. */
static inline double actgen_exp_parts(double x, uint64_t adj, double *p)
{
  static const double T[64] = {
    0x1p-1, 0x1.02c9a3e778061p-1, 0x1.059b0d3158574p-1, 0x1.0874518759bc8p-1,
    0x1.0b5586cf9890fp-1, 0x1.0e3ec32d3d1a2p-1, 0x1.11301d0125b51p-1, 0x1.1429aaea92dep-1,
    0x1.172b83c7d517bp-1, 0x1.1a35beb6fcb75p-1, 0x1.1d4873168b9aap-1, 0x1.2063b88628cd6p-1,
    0x1.2387a6e756238p-1, 0x1.26b4565e27cddp-1, 0x1.29e9df51fdee1p-1, 0x1.2d285a6e4030bp-1,
    0x1.306fe0a31b715p-1, 0x1.33c08b26416ffp-1, 0x1.371a7373aa9cbp-1, 0x1.3a7db34e59ff7p-1,
    0x1.3dea64c123422p-1, 0x1.4160a21f72e2ap-1, 0x1.44e086061892dp-1, 0x1.486a2b5c13cdp-1,
    0x1.4bfdad5362a27p-1, 0x1.4f9b2769d2ca7p-1, 0x1.5342b569d4f82p-1, 0x1.56f4736b527dap-1,
    0x1.5ab07dd485429p-1, 0x1.5e76f15ad2148p-1, 0x1.6247eb03a5585p-1, 0x1.6623882552225p-1,
    0x1.6a09e667f3bcdp-1, 0x1.6dfb23c651a2fp-1, 0x1.71f75e8ec5f74p-1, 0x1.75feb564267c9p-1,
    0x1.7a11473eb0187p-1, 0x1.7e2f336cf4e62p-1, 0x1.82589994cce13p-1, 0x1.868d99b4492edp-1,
    0x1.8ace5422aa0dbp-1, 0x1.8f1ae99157736p-1, 0x1.93737b0cdc5e5p-1, 0x1.97d829fde4e5p-1,
    0x1.9c49182a3f09p-1, 0x1.a0c667b5de565p-1, 0x1.a5503b23e255dp-1, 0x1.a9e6b5579fdbfp-1,
    0x1.ae89f995ad3adp-1, 0x1.b33a2b84f15fbp-1, 0x1.b7f76f2fb5e47p-1, 0x1.bcc1e904bc1d2p-1,
    0x1.c199bdd85529cp-1, 0x1.c67f12e57d14bp-1, 0x1.cb720dcef9069p-1, 0x1.d072d4a07897cp-1,
    0x1.d5818dcfba487p-1, 0x1.da9e603db3285p-1, 0x1.dfc97337b9b5fp-1, 0x1.e502ee78b3ff6p-1,
    0x1.ea4afa2a490dap-1, 0x1.efa1bee615a27p-1, 0x1.f50765b6e454p-1, 0x1.fa7c1819e90d8p-1};
  double s = x * 0x1.71547652b82fep+6 + 0x1.8p52; /* 64/ln2 */
  double n = s - 0x1.8p52, r, q;
  uint64_t u = actgen_asu64(s);
  r = (x - n * 0x1.62e42fefap-7) - n * 0x1.cf79abc9e3b3ap-46; /* ln2/64: hi, lo */
  q = 0x1.1111153b43461p-7;
  q = q * r + 0x1.55556b32fdf3dp-5;
  q = q * r + 0x1.5555555555e57p-3;
  q = q * r + 0x1.ffffffffff57fp-2;
  *p = r + (r * r) * q;
  return actgen_asf64(actgen_asu64(T[u & 63]) + ((u & ~(uint64_t)63) << 46) + adj);
}
