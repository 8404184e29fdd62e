/* mathcheck.c — the math layer (templates/math/NAME.c) against MPFR.
 *
 * Every function of the layer has one row in MATH1 (one argument), MATHL
 * (one argument, valid up to a limit: sin, cos) or MATH2 (two arguments)
 * below: its name NAME (the layer's actgen_vNAME), an MPFR
 * reference with mpfr_exp's signature, the interval [lo, hi] where its
 * results are finite and interesting, a centre c (a zero or a point of
 * cancellation), and its bound in units of 2^-44 relative error.
 *
 * Samples, from a fixed seed (the run is deterministic): two random numbers
 * in every binade of both signs (subnormals included), uniform samples in
 * [lo, hi], samples crowded at lo, at hi and at c (log-uniform offsets down
 * to 2^-60), and the special values (±0, ±inf, NaN, the ends of the normal
 * and subnormal ranges, ±1, lo, hi, c and their neighbours). Two-argument
 * functions get random pairs over all binades, pairs from one binade, pairs whose y*log|x| spans
 * the finite range of pow, negative bases with integer exponents, bases next
 * to 1, and the cross product of the special values.
 *
 * The reference is evaluated at 128 bits. A result counts as wrong when the
 * reference is NaN, ±inf or a (signed) zero and the result is not exactly
 * that; when the reference is below the normal range, when it misses by more
 * than 4 subnormal ulps; otherwise its relative error must stay within the
 * row's bound (times 2^-44). Printed per function: the maximum relative
 * error (in units of 2^-44 and as log2) and where, and the number of wrong
 * special or subnormal results. Exit status 1 if any function fails.
 *
 * Build: sh tests/math/mathfiles.sh > DIR/mathlayer_all.h, then
 *   cc -std=c99 -O2 -ffp-contract=off -IDIR tests/math/mathcheck.c -lmpfr -lgmp -lm
 * (tests/math/test_mathlayer.sh does both).
 * Usage: mathcheck [-n SCALE] [NAME...]   (SCALE multiplies sample counts)
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpfr.h>

/* Every file of templates/math, each once, dependencies first (made by
 * tests/math/mathfiles.sh; test_mathlayer.sh puts it on the include path). */
#include "mathlayer_all.h"

/* X(NAME, reference, lo, hi, centre, bound in units of 2^-44) */
#define MATH1(X) \
  X(sqrt, mpfr_sqrt, 0.0, 1e300, 1.0, 1) \
  X(exp, mpfr_exp, -745.2, 709.8, 0.0, 1) \
  X(expm1, mpfr_expm1, -40.0, 709.8, 0.0, 1) \
  X(tanh, mpfr_tanh, -20.0, 20.0, 0.0, 1) \
  X(sigmoid, ref_sigmoid, -746.0, 40.0, 0.0, 1) \
  X(cosh, mpfr_cosh, -710.5, 710.5, 0.0, 1) \
  X(sinh, mpfr_sinh, -710.5, 710.5, 0.0, 1) \
  X(log, mpfr_log, 0.0, 4.0, 1.0, 1) \
  X(log1p, mpfr_log1p, -1.0, 4.0, 0.0, 1) \
  X(softplus, ref_softplus, -746.0, 40.0, 0.0, 1) \
  X(tanhsp, ref_tanhsp, -746.0, 40.0, 0.0, 1) \
  X(coshsp, ref_coshsp, -746.0, 709.0, 0.0, 1) \
  X(sech2, ref_sech2, -380.0, 380.0, 0.0, 1) \
  X(sigprod, ref_sigprod, -746.0, 746.0, 0.0, 1) \
  X(tanhspd, ref_tanhspd, -746.0, 746.0, 0.0, 1) \
  X(cbrt, mpfr_cbrt, -10.0, 10.0, 0.0, 1) \
  X(erf, mpfr_erf, -6.0, 6.0, 0.5, 1) \
  X(erfc, mpfr_erfc, -6.0, 27.3, 26.5, 1) \
  X(atan, mpfr_atan, -0x1.3504f333f9de6p+1, 0x1.3504f333f9de6p+1, 0x1.a827999fcef32p-2, 1)

/* X(NAME, reference, lo, hi, centre, bound, limit): like MATH1, for functions
 * valid only for |x| <= limit; beyond, the generated kernels redo the lane
 * with <math.h> (the function NAME), and so does f_NAME here. */
#define MATHL(X) \
  X(sin, mpfr_sin, -ACTGEN_VTRIG_LIMIT, ACTGEN_VTRIG_LIMIT, 0.0, 1, ACTGEN_VTRIG_LIMIT) \
  X(cos, mpfr_cos, -ACTGEN_VTRIG_LIMIT, ACTGEN_VTRIG_LIMIT, 0x1.921fb54442d18p+0, 1, ACTGEN_VTRIG_LIMIT)

/* X(NAME, reference, bound in units of 2^-44) */
#define MATH2(X) \
  X(hypot, mpfr_hypot, 1) \
  X(pow, mpfr_pow, 1)

/* X(NAME, reference, bound, limit, full): like MATH2, for functions valid
 * only where each argument is 0, inf, NaN or of magnitude in
 * [2^-limit, 2^limit] (src/ranges.c proves it of the kernels' operands);
 * f_NAME computes other pairs with <math.h>'s FULL (within 2^-52), so
 * that the maximum is the in-range one. */
#define MATH2IN(X) \
  X(hypotin, mpfr_hypot, 1, 500, hypot) \
  X(rhypotin, ref_rhypot, 1, 500, rhypot_full)

#define PREC 128

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return x * 0x2545f4914f6cdd1du;
}

static double unif(void) /* [0, 1) */
{
  return (double)(rng() >> 11) * 0x1p-53;
}

/* A random double in binade e (exponent e, or the subnormals below -1022). */
static double in_binade(int e)
{
  return ldexp(1.0 + unif(), e); /* rounds into the subnormals below -1022 */
}

/* Offsets log-uniform in [2^-60, 1), random sign. */
static double small_offset(void)
{
  double d = exp2(-60.0 * unif()) * (1.0 + unif()) * 0.5;
  return (rng() & 1) ? d : -d;
}

static const double specials[] = {
  0.0, -0.0, INFINITY, -INFINITY, NAN, DBL_MIN, -DBL_MIN, 0x1p-1074, -0x1p-1074,
  0x1.fffffffffffffp-1023, -0x1.fffffffffffffp-1023, DBL_MAX, -DBL_MAX,
  1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 0x1p-30, -0x1p-30, 1e300, -1e300,
};
#define NSPECIALS (sizeof specials / sizeof specials[0])

struct result {
  double maxerr;   /* max relative error over normal-range references */
  double at_x, at_y;
  long bad;        /* wrong special or subnormal-range results */
  long n;
  double bad_x, bad_y, bad_got;
};

/* Scores got against the exact reference R; updates r. */
static void score(struct result *r, double got, mpfr_t R, double x, double y)
{
  static mpfr_t d;
  static int init;
  int ok = 1;
  double err = 0.0;
  if (!init) {
    mpfr_init2(d, PREC);
    init = 1;
  }
  r->n++;
  if (mpfr_nan_p(R)) {
    ok = isnan(got);
  } else if (isnan(got)) {
    ok = 0;
  } else if (mpfr_inf_p(R) || mpfr_zero_p(R)) {
    ok = got == mpfr_get_d(R, MPFR_RNDN) && signbit(got) == (mpfr_signbit(R) != 0);
  } else if (isinf(got)) {
    /* only when R is within the bound of rounding to inf */
    mpfr_set_d(d, signbit(got) ? -DBL_MAX : DBL_MAX, MPFR_RNDN);
    ok = mpfr_cmpabs(R, d) > 0 ||
         (mpfr_sub(d, R, d, MPFR_RNDN), mpfr_div(d, d, R, MPFR_RNDN), fabs(mpfr_get_d(d, MPFR_RNDN)) < 0x1p-44);
  } else {
    mpfr_set_d(d, got, MPFR_RNDN);
    mpfr_sub(d, d, R, MPFR_RNDN);
    if (mpfr_cmpabs_ui(R, 0) > 0 && mpfr_get_exp(R) <= -1022) { /* |R| < 2^-1022 */
      ok = fabs(mpfr_get_d(d, MPFR_RNDN)) <= 4 * 0x1p-1074;
    } else {
      mpfr_div(d, d, R, MPFR_RNDN);
      err = fabs(mpfr_get_d(d, MPFR_RNDN));
      if (err > r->maxerr || isnan(err)) {
        r->maxerr = isnan(err) ? INFINITY : err;
        r->at_x = x;
        r->at_y = y;
      }
    }
  }
  if (!ok) {
    if (r->bad == 0) {
      r->bad_x = x;
      r->bad_y = y;
      r->bad_got = got;
    }
    r->bad++;
  }
}

typedef int (*mpfr_fn1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
typedef int (*mpfr_fn2)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);

static void test1(struct result *r, double (*f)(double), mpfr_fn1 ref, double x, mpfr_t X, mpfr_t R)
{
  mpfr_set_d(X, x, MPFR_RNDN);
  ref(R, X, MPFR_RNDN);
  score(r, f(x), R, x, 0.0);
}

static void check1(struct result *r, double (*f)(double), mpfr_fn1 ref, double lo, double hi, double c, int scale)
{
  mpfr_t X, R;
  int e, i;
  size_t s;
  mpfr_inits2(PREC, X, R, (mpfr_ptr)0);
  for (e = -1074; e <= 1023; e++)
    for (i = 0; i < scale; i++) {
      double x = in_binade(e);
      test1(r, f, ref, x, X, R);
      test1(r, f, ref, -x, X, R);
    }
  for (i = 0; i < 6000 * scale; i++)
    test1(r, f, ref, lo + (hi - lo) * unif(), X, R);
  for (i = 0; i < 1000 * scale; i++) {
    double w = fabs(hi - lo) * 1e-3 + 1e-9;
    test1(r, f, ref, lo + w * small_offset(), X, R);
    test1(r, f, ref, hi + w * small_offset(), X, R);
    test1(r, f, ref, c + (fabs(c) + 1.0) * small_offset(), X, R);
  }
  for (s = 0; s < NSPECIALS; s++)
    test1(r, f, ref, specials[s], X, R);
  {
    const double edges[] = { lo, hi, c };
    for (s = 0; s < 3; s++) {
      test1(r, f, ref, edges[s], X, R);
      test1(r, f, ref, nextafter(edges[s], INFINITY), X, R);
      test1(r, f, ref, nextafter(edges[s], -INFINITY), X, R);
    }
  }
  mpfr_clears(X, R, (mpfr_ptr)0);
}

static void test2(struct result *r, double (*f)(double, double), mpfr_fn2 ref, double x, double y, mpfr_t X, mpfr_t Y,
                  mpfr_t R)
{
  mpfr_set_d(X, x, MPFR_RNDN);
  mpfr_set_d(Y, y, MPFR_RNDN);
  ref(R, X, Y, MPFR_RNDN);
  score(r, f(x, y), R, x, y);
}

static double any_double(void)
{
  double x = in_binade((int)(rng() % 2098) - 1074);
  return (rng() & 1) ? -x : x;
}

static void check2(struct result *r, double (*f)(double, double), mpfr_fn2 ref, int scale)
{
  mpfr_t X, Y, R;
  int i;
  size_t s, t;
  mpfr_inits2(PREC, X, Y, R, (mpfr_ptr)0);
  for (i = 0; i < 6000 * scale; i++)
    test2(r, f, ref, any_double(), any_double(), X, Y, R);
  for (i = 0; i < 3000 * scale; i++) { /* both in one binade (near overflow, in the subnormals) */
    int e = (int)(rng() % 2098) - 1074;
    double x = in_binade(e), y = in_binade(e + (int)(rng() % 3) - 1);
    test2(r, f, ref, (rng() & 1) ? -x : x, (rng() & 1) ? -y : y, X, Y, R);
  }
  for (i = 0; i < 6000 * scale; i++) { /* y*log(x) across the finite range */
    double x = fabs(any_double()), t2 = -746.0 + 1456.0 * unif();
    if (x == 1.0)
      continue;
    test2(r, f, ref, x, t2 / log(x), X, Y, R);
  }
  for (i = 0; i < 2000 * scale; i++) { /* negative bases, integer exponents */
    double y = (double)((long)(rng() % 2001) - 1000);
    double x = -exp((-700.0 + 1400.0 * unif()) / (y == 0.0 ? 1.0 : y));
    test2(r, f, ref, x, y, X, Y, R);
  }
  for (i = 0; i < 2000 * scale; i++) { /* bases next to 1 */
    double x = 1.0 + small_offset() * 0x1p-20, t2 = -746.0 + 1456.0 * unif();
    test2(r, f, ref, x, t2 / log(x), X, Y, R);
  }
  for (s = 0; s < NSPECIALS; s++)
    for (t = 0; t < NSPECIALS; t++)
      test2(r, f, ref, specials[s], specials[t], X, Y, R);
  mpfr_clears(X, Y, R, (mpfr_ptr)0);
}

static int report(const char *name, const struct result *r, double bound)
{
  int fail = r->maxerr > bound * 0x1p-44 || r->bad > 0;
  printf("%-9s max %.4f x 2^-44 (2^%.2f) at x=%a y=%a  bad specials %ld  [%ld samples]%s\n", name,
         r->maxerr * 0x1p44, r->maxerr > 0 ? log2(r->maxerr) : -INFINITY, r->at_x, r->at_y, r->bad, r->n,
         fail ? "  FAIL" : "");
  if (r->bad)
    printf("          first bad: f(%a, %a) = %a\n", r->bad_x, r->bad_y, r->bad_got);
  return fail;
}

static int wanted(int argc, char **argv, int first, const char *name)
{
  int i;
  if (first >= argc)
    return 1;
  for (i = first; i < argc; i++)
    if (strcmp(argv[i], name) == 0)
      return 1;
  return 0;
}

/* MPFR references for actgen's own functions. */
static int ref_sigmoid(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd)
{
  mpfr_t t;
  int r;
  mpfr_init2(t, PREC + 64);
  mpfr_neg(t, x, MPFR_RNDN);
  mpfr_exp(t, t, MPFR_RNDN);
  mpfr_add_ui(t, t, 1, MPFR_RNDN);
  r = mpfr_ui_div(y, 1, t, rnd);
  mpfr_clear(t);
  return r;
}

static int ref_softplus(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd)
{
  mpfr_t t;
  int r;
  mpfr_init2(t, PREC + 64);
  if (mpfr_sgn(x) > 0) { /* x + log1p(e^-x): e^x overflows MPFR's range for x ~ 2^62 */
    mpfr_neg(t, x, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_log1p(t, t, MPFR_RNDN);
    r = mpfr_add(y, x, t, rnd);
  } else {
    mpfr_exp(t, x, MPFR_RNDN);
    r = mpfr_log1p(y, t, rnd);
  }
  mpfr_clear(t);
  return r;
}

/* The fused forms of lower.c: tanh(softplus(x)), cosh(softplus(x)) and
 * 1/cosh(x)^2, as outer(inner(x)) with inner's result kept to 64 more bits
 * (and sigmoid(x) sigmoid(-x), below). */
typedef int (*mpfr_fn1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
static int ref_compose(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd, mpfr_fn1 inner, mpfr_fn1 outer)
{
  mpfr_t t;
  int r;
  mpfr_init2(t, PREC + 64);
  inner(t, x, MPFR_RNDN);
  r = outer(y, t, rnd);
  mpfr_clear(t);
  return r;
}

static int ref_tanhsp(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_compose(y, x, rnd, ref_softplus, mpfr_tanh); }
static int ref_coshsp(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_compose(y, x, rnd, ref_softplus, mpfr_cosh); }
static int ref_sech2(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_compose(y, x, rnd, mpfr_sech, mpfr_sqr); }
static int ref_sigmoid_neg(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_compose(y, x, rnd, mpfr_neg, ref_sigmoid); }
static int ref_sech2sp(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_compose(y, x, rnd, ref_softplus, ref_sech2); }
/* sigmoid(x) g(x), each to 64 more bits */
static int ref_sigmoid_times(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd, mpfr_fn1 g)
{
  mpfr_t a, b;
  int r;
  mpfr_inits2(PREC + 64, a, b, (mpfr_ptr)0);
  ref_sigmoid(a, x, MPFR_RNDN);
  g(b, x, MPFR_RNDN);
  r = mpfr_mul(y, a, b, rnd);
  mpfr_clears(a, b, (mpfr_ptr)0);
  return r;
}
/* sigmoid(x) sigmoid(-x) */
static int ref_sigprod(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_sigmoid_times(y, x, rnd, ref_sigmoid_neg); }
/* sigmoid(x) / cosh(softplus(x))^2 = sigmoid(x) sech(softplus(x))^2 */
static int ref_tanhspd(mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd) { return ref_sigmoid_times(y, x, rnd, ref_sech2sp); }

/* 1/hypot(a, b), rounded once. */
static int ref_rhypot(mpfr_ptr y, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd)
{
  mpfr_t h;
  int r;
  mpfr_init2(h, PREC + 64);
  mpfr_hypot(h, a, b, MPFR_RNDN);
  r = mpfr_ui_div(y, 1, h, rnd);
  mpfr_clear(h);
  return r;
}

/* beyond rhypotin's range: in long double (x86-64: 64 bits, a wider
 * exponent), where neither the sum of squares nor its root overflows or
 * underflows */
static double rhypot_full(double x, double y)
{
  long double a = x, b = y;
  return (double)(1.0L / sqrtl(a * a + b * b));
}

/* The layer's functions as plain function pointers. */
#define WRAP1(name, ref, lo, hi, c, bound) \
  static double f_##name(double x) { return actgen_v##name(x); }
#define WRAP2(name, ref, bound) \
  static double f_##name(double x, double y) { return actgen_v##name(x, y); }
#define WRAPL(name, ref, lo, hi, c, bound, lim) \
  static double f_##name(double x) { return fabs(x) > lim ? name(x) : actgen_v##name(x); }
#define WRAP2IN(name, ref, bound, lim, full)                                             \
  static int in_##name(double v) { return v == 0 || !isfinite(v) || (fabs(v) >= 0x1p-##lim && fabs(v) <= 0x1p##lim); } \
  static double f_##name(double x, double y) { return in_##name(x) && in_##name(y) ? actgen_v##name(x, y) : full(x, y); }
MATH1(WRAP1)
MATHL(WRAPL)
MATH2(WRAP2)
MATH2IN(WRAP2IN)

int main(int argc, char **argv)
{
  int scale = 1, first = 1, fail = 0;
  struct result r;
  if (argc > 2 && strcmp(argv[1], "-n") == 0) {
    scale = atoi(argv[2]);
    first = 3;
    if (scale < 1)
      scale = 1;
  }
  mpfr_set_emax(mpfr_get_emax_max());
  mpfr_set_emin(mpfr_get_emin_min());
  (void)ref_sigmoid;
  (void)ref_softplus;
  (void)ref_tanhsp;
  (void)ref_coshsp;
  (void)ref_sech2;
  (void)ref_sigprod;
  (void)ref_tanhspd;
  (void)check2;
  (void)check1;
#define RUN1(name, ref, lo, hi, c, bound)               \
  if (wanted(argc, argv, first, #name)) {               \
    memset(&r, 0, sizeof r);                            \
    rng_state = 0x9e3779b97f4a7c15u;                    \
    check1(&r, f_##name, ref, lo, hi, c, scale);        \
    fail |= report(#name, &r, bound);                   \
  }
#define RUN2(name, ref, bound)                          \
  if (wanted(argc, argv, first, #name)) {               \
    memset(&r, 0, sizeof r);                            \
    rng_state = 0x9e3779b97f4a7c15u;                    \
    check2(&r, f_##name, ref, scale);                   \
    fail |= report(#name, &r, bound);                   \
  }
#define RUNL(name, ref, lo, hi, c, bound, lim) RUN1(name, ref, lo, hi, c, bound)
#define RUN2IN(name, ref, bound, lim, full) RUN2(name, ref, bound)
  MATH1(RUN1)
  MATHL(RUNL)
  MATH2(RUN2)
  MATH2IN(RUN2IN)
  return fail;
}
