/* bits.c — the pieces of actgen's math layer that every function uses.
 * Bit casts through memcpy (compilers turn them into register moves, also
 * in vector code), and the select.  The layer's other shared pieces are
 * each in a file of their own (round, u52tof, pow2, ldexpk, mpos,
 * twoprod, rsqrtsteps, sqrtcore, expcore, expclamp, expparts, exprange, expfast, expneg, expclamprange,
 * logcore, logfinish, log1pcore),
 * named by the `needs:` lines of the files that use them, so that a
 * generated file holds no function it does not call: clang warns about
 * unused static inline functions (and both compilers about unused static
 * constants, so the layer has none: constants are literals).
 *
 * Selects, and why they are integer masks: gcc (12, without AVX-512
 * masking, i.e. SSE2 and AVX2) with its default -ftrapping-math never
 * evaluates a floating-point operation that the source makes conditional;
 * its sinking pass moves every computation whose value is used only in one
 * arm of `c ? a : b` into that arm, and its partial redundancy elimination
 * evaluates what follows a select with constant arms (a clamp, say)
 * separately for each constant, in the arms.  The loop then has control
 * flow and is not vectorized.  So the layer writes no `?:` and no
 * comparison at all: a select is actgen_blend(actgen_mneg(d), a, b), whose
 * condition is the sign bit of a double and which is only integer shifts
 * and and/or (gcc sees no branch in it; it becomes a blend).  Everything is
 * branch-free plain IEEE arithmetic, so it gives the same bits at -O0 and
 * -O3 and at every vector width.
 *
 * Polynomials of more than about 6 terms are evaluated by Estrin's scheme:
 * pairs c0 + c1 x, then pairs of pairs with x^2, then with x^4 and x^8,
 * a chain of about log2(n) + 2 dependent multiply-adds instead of Horner's
 * n.  A vector loop of the layer is bound by such chains, not by the
 * number of operations: with Horner's rule, erf's, erfc's, tanh's and the
 * exponential's polynomials kept the float kernels at about half the
 * machine's multiply-add rate (Zen 5, AVX-512: 4 independent chains of
 * multiply-adds run at 0.16 ns per vector, one chain at 0.29-0.40), and
 * Estrin's scheme made sigmoid's, silu's, gelu's and erfact's forward and
 * backward 6-10% faster, mish's 16%, with the same accuracy (where the
 * variable and the coefficients are positive, no step cancels either way).
 * Fused multiply-adds: the layer's polynomials and the
 * exponential's reduction call C99's fma(), which is correctly rounded
 * wherever it is computed: by the processor's instruction where the
 * target has one (the AVX2 and AVX-512 copies of the dispatch in the
 * generated file, -march=native, AArch64), where gcc and clang vectorize
 * it, else by the C library (the SSE2 baseline copy, -O0): the same bits
 * either way, only the speed differs.  One rounding instead of two is also
 * a little more accurate.  It is used for speed as well as accuracy, a
 * trade measured, not assumed: forward+backward 10 to 25% faster for the
 * exponential family and erf at AVX-512 (bench-kernels), no baseline
 * worse; the price is that on an x86-64 without FMA (before 2013) each
 * call goes to the C library and the loops stay scalar.  Everywhere else the generated file forbids
 * contraction (its pragmas): the bodies' compensated forms (Dekker's
 * products, TwoSum) need every product rounded by itself.
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

/* All ones where the sign bit of d is set (d < 0, d = -0, or a NaN with
 * its sign bit set), else 0.  x < c is the sign of x - c (for non-NaN x
 * and finite c); |v| > c for c > 0 is the sign of c - |v|, which is also
 * clear for a NaN v (|NaN| has its sign bit clear, and x86 and ARM return
 * the NaN operand). */
static inline uint64_t actgen_mneg(double d)
{
  return 0 - (actgen_asu64(d) >> 63);
}

/* a where the mask m is all ones, b where it is 0. */
static inline double actgen_blend(uint64_t m, double a, double b)
{
  return actgen_asf64((actgen_asu64(a) & m) | (actgen_asu64(b) & ~m));
}
