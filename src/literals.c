/* literals.c — constants of the generated C: an exact rational (or any
 * constant DAG, through the oracle) correctly rounded to double or float,
 * and the shortest decimal text that reads back as that value, so that
 * the C compiler sees exactly the number actgen computed with.
 */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit_body.h"
#include "oracle.h"

/* An exact rational correctly rounded to precision prec with MPFR's
 * exponent range [emin, emax] (significand in [1/2, 1)): 53, -1073, 1024 is
 * IEEE double and 24, -148, 128 is float, subnormals included through
 * mpfr_subnormalize. */
static double round_rational(const Node *n, mpfr_prec_t prec, mpfr_exp_t emin, mpfr_exp_t emax) {
  mpfr_t v;
  mpfr_init2(v, prec);
  mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  mpfr_set_emin(emin);
  mpfr_set_emax(emax);
  int t = mpfr_set_q(v, n->q, MPFR_RNDN);
  t = mpfr_check_range(v, t, MPFR_RNDN);
  mpfr_subnormalize(v, t, MPFR_RNDN);
  double d = mpfr_get_d(v, MPFR_RNDN);   /* exact: v has at most 53 bits */
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  mpfr_clear(v);
  return d;
}

/* A constant node correctly rounded to double, or to float directly from
 * the exact value (not through double, which could round twice). Exact
 * rationals are rounded here; everything else (pi, sqrt(2), ...) by the
 * oracle's Ziv loop. */
double const_double(const Node *n) {
  return n->op == OP_NUM ? round_rational(n, 53, -1073, 1024) : oracle_const_double(n);
}

float const_float(const Node *n) {
  return n->op == OP_NUM ? (float)round_rational(n, 24, -148, 128) : oracle_const_float(n);
}

/* The shortest decimal that reads back as v (with digits <= maxdig
 * significant digits; back() reads a string back), as a C floating literal:
 * plain notation for moderate magnitudes ("300.0", "0.1", "-2.5"), exponent
 * notation otherwise ("1e300", "4.9e-324"). */

static void shortest(char *out, double v, int maxdig, int (*same)(const char *, double)) {
  char e[32];
  int p = 1;
  for (; p < maxdig; p++) {
    snprintf(e, sizeof e, "%.*e", p - 1, v);
    if (same(e, v)) break;
  }
  snprintf(e, sizeof e, "%.*e", p - 1, v);
  int exp10 = atoi(strchr(e, 'e') + 1);
  if (exp10 >= -5 && exp10 < 16 && exp10 - (p - 1) <= 6) {   /* at most 6 zeros before the point */
    /* The same p digits in plain notation; trailing zeros trimmed. */
    snprintf(out, LIT_MAX, "%.*f", p - 1 - exp10 > 0 ? p - 1 - exp10 : 0, v);
    if (!strchr(out, '.')) strcat(out, ".0");
    if (same(out, v)) return;
  }
  /* d.ddde+XX -> d.ddde+XX without the '+' and leading exponent zeros */
  char *x = strchr(e, 'e');
  *x = 0;
  snprintf(out, LIT_MAX, "%se%d", e, exp10);
}

static int same_double(const char *s, double v) { return strtod(s, NULL) == v; }
static int same_float(const char *s, double v) { return strtof(s, NULL) == (float)v; }

/* d as a double literal ("0.1", "1e300", "-2.5", "HUGE_VAL", "NAN"). */
void literal_double(char *out, double d) {
  if (isnan(d)) strcpy(out, "NAN");
  else if (isinf(d)) strcpy(out, d < 0 ? "-HUGE_VAL" : "HUGE_VAL");
  else shortest(out, d, 17, same_double);
}

/* f as a float literal ("0.1f", "HUGE_VALF"). */
void literal_float(char *out, float f) {
  if (isnan(f)) strcpy(out, "NAN");
  else if (isinf(f)) strcpy(out, f < 0 ? "-HUGE_VALF" : "HUGE_VALF");
  else {
    shortest(out, (double)f, 9, same_float);
    strcat(out, "f");
  }
}

