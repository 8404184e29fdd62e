/* oracle_metric.c — unit tests of the SPEC §4 metric (src/ulp.c) on
 * hand-made cases, and of the forward oracle against MPFR's own correctly
 * rounded functions (zero error at double). Prints one line per failed
 * case and exits 1 if any failed. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ast.h"
#include "module.h"
#include "oracle.h"
#include "ulp.h"

static int failures;

/* y against X = m * 2^e exactly (S = X unless s_scale != 1) */
static void metric(const char *what, double y, double m, long e, const Format *f, double s_scale, double want) {
  mpfr_t X, S;
  mpfr_inits2(200, X, S, (mpfr_ptr)0);
  mpfr_set_d(X, m, MPFR_RNDN);
  mpfr_mul_2si(X, X, e, MPFR_RNDN);
  mpfr_mul_d(S, X, s_scale, MPFR_RNDN);
  double got = ulp_error(y, X, S, f);
  if (!(got == want || (isinf(got) && isinf(want)))) {
    printf("metric %s: got %.17g, want %.17g\n", what, got, want);
    failures++;
  }
  mpfr_clears(X, S, (mpfr_ptr)0);
}

/* y against X given in hexadecimal (X need not be a double) */
static void metric_hex(const char *what, double y, const char *X_hex, double want) {
  mpfr_t X;
  mpfr_init2(X, 200);
  mpfr_set_str(X, X_hex, 0, MPFR_RNDN);
  double got = ulp_error(y, X, X, &format_double);
  if (got != want) {
    printf("metric %s: got %.17g, want %.17g\n", what, got, want);
    failures++;
  }
  mpfr_clear(X);
}

static void metric_tests(void) {
  metric_hex("midpoint 1 + 2^-53", 1, "0x1.00000000000008p+0", 0.5);
  metric_hex("quarter ulp", 1, "0x1.00000000000004p+0", 0.25);
  const Format *d = &format_double, *f = &format_float;
  metric("exact", 1.5, 1.5, 0, d, 1, 0);
  metric("one ulp above 1", 1 + 0x1p-52, 1, 0, d, 1, 1);
  metric("one ulp below", 1, 1 + 0x1p-52, 0, d, 1, 1);
  metric("subnormal", 4 * 0x1p-1074, 3, -1074, d, 1, 1);
  metric("smallest subnormal vs 0", 0x1p-1074, 0, 0, d, 1, 1);
  metric("zero, same sign", 0.0, 0, 0, d, 1, 0);
  metric("zero, wrong sign", -0.0, 0, 0, d, 1, INFINITY);       /* X = +0 */
  metric("NaN vs NaN", NAN, NAN, 0, d, 1, 0);
  metric("NaN vs number", NAN, 1, 0, d, 1, INFINITY);
  metric("number vs NaN", 1, NAN, 0, d, 1, INFINITY);
  metric("inf where X = DBL_MAX", INFINITY, DBL_MAX, 0, d, 1, 1);
  metric("inf where X overflows", INFINITY, 1, 1024, d, 1, 0);
  metric("-inf where X overflows to +inf", -INFINITY, 1, 1024, d, 1, 0x1p53);
  metric("float: one ulp", 1, 1 + 0x1p-23, 0, f, 1, 1);
  metric("float: subnormal", 0x1p-149 * 2, 1, -149, f, 1, 1);
  metric("scaled: S = 2X halves the error", 1 + 0x1p-52, 1, 0, d, 2, 0.5);
}

/* The oracle of `activation t(x) = NAME(x)` rounded to double must equal
 * MPFR's own NAME correctly rounded to 53 bits. */
static void oracle_test(const char *name, int (*ref)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t), double lo, double hi) {
  char *src = xprintf("activation t(x) = %s(x)", name);
  Program prog = {0};
  if (parse_program("<oracle test>", src, strlen(src), &prog)) { failures++; return; }
  Module *m = resolve_program(&prog, NULL, 0);
  if (!m) { failures++; return; }
  mpfr_t x, v, r;
  mpfr_inits2(53, x, v, r, (mpfr_ptr)0);
  int bad = 0;
  for (int i = 0; i < 300; i++) {
    double xv = lo + (hi - lo) * (i + 0.5) / 300 * (1 + 1e-9 * i);
    mpfr_set_d(x, xv, MPFR_RNDN);
    mpfr_set_prec(v, 64);
    if (!oracle_exact(m->acts[0]->written, ORACLE_VALUE, x, NULL, v)) { bad++; continue; }
    ref(r, x, MPFR_RNDN);
    if (mpfr_get_d(v, MPFR_RNDN) != mpfr_get_d(r, MPFR_RNDN)) bad++;
  }
  if (bad) {
    printf("oracle %s: %d of 300 values differ from MPFR's correctly rounded %s\n", name, bad, name);
    failures++;
  }
  mpfr_clears(x, v, r, (mpfr_ptr)0);
}

int main(void) {
  metric_tests();
  oracle_test("exp", mpfr_exp, -700, 700);
  oracle_test("expm1", mpfr_expm1, -30, 30);
  oracle_test("log", mpfr_log, 1e-300, 1e300);
  oracle_test("log1p", mpfr_log1p, -0.999, 1e10);
  oracle_test("erf", mpfr_erf, -6, 6);
  oracle_test("erfc", mpfr_erfc, -5, 26);
  oracle_test("tanh", mpfr_tanh, -20, 20);
  oracle_test("sinh", mpfr_sinh, -700, 700);
  oracle_test("cosh", mpfr_cosh, -700, 700);
  oracle_test("atan", mpfr_atan, -1e6, 1e6);
  oracle_test("sin", mpfr_sin, -100, 100);
  oracle_test("cos", mpfr_cos, -100, 100);
  oracle_test("sqrt", mpfr_sqrt, 0, 1e300);
  oracle_test("cbrt", mpfr_cbrt, -1e300, 1e300);
  printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
  return failures != 0;
}
