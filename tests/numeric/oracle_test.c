/* oracle_test.c — the oracle, the ULP metric and the kernel loader, tested
 * on their own, with DAGs built by hand (no parser, no simplifier, no
 * differentiator involved).
 *
 * The numerical tests judge the compiler by the oracle, so the oracle must
 * be judged by something else:
 *   - values against closed forms evaluated another way at much higher
 *     precision (softplus as log(1 + exp(u)) at 8192 bits, ...), and the
 *     semantics of SPEC §1 at the special points (signed zeros, NaN in
 *     comparisons, min/max, relu, sign);
 *   - the dual numbers of every primitive against central finite
 *     differences of the oracle's values at 2048 bits, in the x direction
 *     and in two theta directions (chain rule through a*x + b), plus the
 *     derivative conventions at kinks, which finite differences cannot see;
 *   - correctly rounded constants at the edges of double and float
 *     (overflow, subnormals, a deep cancellation, a double-rounding trap);
 *   - memoisation on a DAG whose tree form is exponentially large, and a
 *     DAG near the depth limit;
 *   - ulp_error's special cases;
 *   - kernel_compile_and_load and kernel_lookup on a hand-written kernel.
 * Prints one line per failed check and a summary; exit status 1 on failure.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dag.h"
#include "kernel.h"
#include "oracle.h"
#include "ulp.h"

#define RN MPFR_RNDN

static int checks, fails;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    checks++;                                             \
    if (!(cond)) {                                        \
      fails++;                                            \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

/* An MPFR number as text for a message (a few rotating static buffers). */
static const char *str(const mpfr_t v) {
  static char buf[4][64];
  static int i;
  i = (i + 1) % 4;
  mpfr_snprintf(buf[i], sizeof buf[i], "%.20Rg", v);
  return buf[i];
}

/* v == d, never true for a NaN v (mpfr_cmp says 0 for NaN) */
static int is(const mpfr_t v, double d) { return !mpfr_nan_p(v) && mpfr_cmp_d(v, d) == 0; }

/* ---- building DAGs ---- */

static Node *X(void) { return dag_x(); }
static Node *T(int k) { return dag_theta(k); }
/* a decimal literal, with an optional sign (the lexer's literals have none) */
static Node *num(const char *decimal) {
  return decimal[0] == '-' ? dag_neg(dag_num_decimal(decimal + 1)) : dag_num_decimal(decimal);
}
static Node *op1(Op op, Node *a) { return dag_1(op, a); }
static Node *op2(Op op, Node *a, Node *b) { return dag_2(op, a, b); }

/* ---- evaluation helpers ---- */

enum { K = 2 };   /* every test DAG may use theta_0 and theta_1 */
static mpfr_t theta[K];

static void set_theta(double t0, double t1) {
  mpfr_set_d(theta[0], t0, RN);
  mpfr_set_d(theta[1], t1, RN);
}

static void value_at(const Node *n, double x, mpfr_t out, mpfr_prec_t p) {
  mpfr_t xm;
  mpfr_init2(xm, 64);
  mpfr_set_d(xm, x, RN);
  oracle_eval(n, out, xm, theta, p);
  mpfr_clear(xm);
}

static void deriv_at(const Node *n, double x, int dir, mpfr_t out, mpfr_prec_t p) {
  mpfr_t xm, v;
  mpfr_init2(xm, 64);
  mpfr_init2(v, p);
  mpfr_set_d(xm, x, RN);
  oracle_eval_dual(n, v, out, xm, theta, dir, p);
  mpfr_clears(xm, v, (mpfr_ptr)0);
}

/* a and b agree to `bits` bits relative to |b| (NaN with NaN, equal
 * infinities and equal zeros count as agreement). */
static int close_to(const mpfr_t a, const mpfr_t b, int bits) {
  if (mpfr_nan_p(a) || mpfr_nan_p(b)) return mpfr_nan_p(a) && mpfr_nan_p(b);
  if (mpfr_inf_p(a) || mpfr_inf_p(b) || mpfr_zero_p(b)) return mpfr_equal_p(a, b);
  mpfr_t d;
  mpfr_init2(d, mpfr_get_prec(a) + mpfr_get_prec(b));
  mpfr_sub(d, a, b, RN);
  int ok = mpfr_zero_p(d) || mpfr_get_exp(d) <= mpfr_get_exp(b) - bits;
  mpfr_clear(d);
  return ok;
}

/* The value of n at x against a reference computed by ref at 8192 bits. */
typedef void (*RefFn)(mpfr_t out, const mpfr_t u);

static void check_value(const char *what, const Node *n, RefFn ref, double x) {
  mpfr_t got, want, xm;
  mpfr_inits2(8192, want, xm, (mpfr_ptr)0);
  mpfr_init2(got, 256);
  value_at(n, x, got, 256);
  mpfr_set_d(xm, x, RN);
  ref(want, xm);
  CHECK(close_to(got, want, 240), "%s at x = %g: oracle %s, reference %s", what, x,
        str(got), str(want));
  mpfr_free_cache();
  mpfr_clears(got, want, xm, (mpfr_ptr)0);
}

/* the references: textbook forms, correct at 8192 bits for |u| <= 5000 */
static void ref_softplus(mpfr_t out, const mpfr_t u) {
  mpfr_exp(out, u, RN);
  mpfr_add_ui(out, out, 1, RN);
  mpfr_log(out, out, RN);
}
static void ref_sigmoid(mpfr_t out, const mpfr_t u) {
  mpfr_neg(out, u, RN);
  mpfr_exp(out, out, RN);
  mpfr_add_ui(out, out, 1, RN);
  mpfr_ui_div(out, 1, out, RN);
}
static void ref_relu(mpfr_t out, const mpfr_t u) {
  if (mpfr_sgn(u) > 0) mpfr_set(out, u, RN);
  else mpfr_set_zero(out, 1);
}

static void test_values(void) {
  set_theta(0.5, -0.25);
  static const double us[] = {-1000, -745.5, -40, -1, -1e-20, 0, 1e-20, 1, 40, 700, 1000};
  for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
    check_value("softplus", op1(OP_SOFTPLUS, X()), ref_softplus, us[i]);
    check_value("sigmoid", op1(OP_SIGMOID, X()), ref_sigmoid, us[i]);
    check_value("relu", op1(OP_RELU, X()), ref_relu, us[i]);
  }

  /* beyond any reference: the tails must stay finite and signed right */
  mpfr_t v;
  mpfr_init2(v, 256);
  value_at(op1(OP_SOFTPLUS, X()), 1e300, v, 256);
  CHECK(is(v, 1e300), "softplus(1e300) must be 1e300");
  value_at(op1(OP_SOFTPLUS, X()), -1e300, v, 256);
  CHECK(mpfr_number_p(v) && mpfr_sgn(v) >= 0 && !mpfr_signbit(v), "softplus(-1e300) must be +0 or tiny");
  value_at(op1(OP_SIGMOID, X()), -1e300, v, 256);
  CHECK(mpfr_number_p(v) && !mpfr_signbit(v) && (mpfr_zero_p(v) || mpfr_get_exp(v) < -1000000),
        "sigmoid(-1e300) must be +0 or tiny");
  value_at(op1(OP_SIGMOID, X()), 1e300, v, 256);
  CHECK(is(v, 1), "sigmoid(1e300) must be 1");

  /* sign: +-1, signed zeros, NaN */
  Node *sg = op1(OP_SIGN, X());
  value_at(sg, -3, v, 64);
  CHECK(is(v, -1), "sign(-3) = -1");
  value_at(sg, 1e-300, v, 64);
  CHECK(is(v, 1), "sign(1e-300) = 1");
  value_at(sg, -0.0, v, 64);
  CHECK(mpfr_zero_p(v) && mpfr_signbit(v), "sign(-0) = -0");
  value_at(sg, 0.0, v, 64);
  CHECK(mpfr_zero_p(v) && !mpfr_signbit(v), "sign(+0) = +0");
  value_at(sg, NAN, v, 64);
  CHECK(mpfr_nan_p(v), "sign(NaN) = NaN");

  /* relu at the tie and at NaN */
  value_at(op1(OP_RELU, X()), -0.0, v, 64);
  CHECK(mpfr_zero_p(v), "relu(-0) is a zero");
  value_at(op1(OP_RELU, X()), NAN, v, 64);
  CHECK(mpfr_nan_p(v), "relu(NaN) = NaN");

  /* min and max propagate NaN from either side */
  Node *one = num("1");
  value_at(op2(OP_MAX, X(), one), NAN, v, 64);
  CHECK(mpfr_nan_p(v), "max(NaN, 1) = NaN");
  value_at(op2(OP_MIN, one, X()), NAN, v, 64);
  CHECK(mpfr_nan_p(v), "min(1, NaN) = NaN");
  value_at(op2(OP_MAX, X(), num("2")), 3, v, 64);
  CHECK(is(v, 3), "max(3, 2) = 3");
  value_at(op2(OP_MIN, X(), num("2")), 3, v, 64);
  CHECK(is(v, 2), "min(3, 2) = 2");

  /* conditions as in C: comparisons with NaN are false, except != */
  Node *a = num("10"), *b = num("20");
  struct { Op op; int nan_true; } conds[] = {{OP_LT, 0}, {OP_LE, 0}, {OP_EQ, 0}, {OP_NE, 1}};
  for (size_t i = 0; i < sizeof conds / sizeof *conds; i++) {
    Node *s = dag_select(op2(conds[i].op, X(), one), a, b);
    value_at(s, NAN, v, 64);
    CHECK(is(v, conds[i].nan_true ? 10 : 20), "%s with NaN must be %s", op_info[conds[i].op].name,
          conds[i].nan_true ? "true" : "false");
    Node *ns = dag_select(dag_1(OP_NOT, op2(conds[i].op, X(), one)), a, b);
    value_at(ns, NAN, v, 64);
    CHECK(is(v, conds[i].nan_true ? 20 : 10), "not %s with NaN", op_info[conds[i].op].name);
  }
  /* and/or: x < 1 and x > -1 (as -1 < x); x < -5 or 5 < x */
  Node *in = op2(OP_AND, op2(OP_LT, X(), one), op2(OP_LT, num("-1"), X()));
  Node *out = op2(OP_OR, op2(OP_LT, X(), num("-5")), op2(OP_LT, num("5"), X()));
  static const double xs[] = {-7, -1, 0, 1, 7};
  for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
    value_at(dag_select(in, a, b), xs[i], v, 64);
    CHECK(is(v, fabs(xs[i]) < 1 ? 10 : 20), "and at %g", xs[i]);
    value_at(dag_select(out, a, b), xs[i], v, 64);
    CHECK(is(v, fabs(xs[i]) > 5 ? 10 : 20), "or at %g", xs[i]);
  }
  /* SELECT picks by the condition, at the working precision */
  value_at(dag_select(op2(OP_LE, X(), num("0.1")), X(), op1(OP_NEG, X())), 0.1, v, 64);
  CHECK(is(v, -0.1), "the double 0.1 is above the exact 1/10");

  /* leaves and basic arithmetic */
  value_at(op2(OP_ADD, op2(OP_MUL, T(0), X()), T(1)), 3, v, 64);
  CHECK(is(v, 1.25), "theta0 * x + theta1 at 3 = 1.25");
  value_at(dag_make(OP_POWI, X(), NULL, NULL, 7), -2, v, 64);
  CHECK(is(v, -128), "(-2)^7 = -128");
  value_at(op2(OP_POW, X(), num("0.5")), 2, v, 256);
  mpfr_t w;
  mpfr_init2(w, 256);
  mpfr_sqrt_ui(w, 2, RN);
  CHECK(mpfr_equal_p(v, w), "pow(2, 0.5) = sqrt(2)");
  value_at(op2(OP_HYPOT, X(), num("4")), 3, v, 64);
  CHECK(is(v, 5), "hypot(3, 4) = 5");

  /* the deep cancellation the Ziv loop exists for: 1 + erf(x) at x = -30
   * is erfc(30) ~ 2.6e-393, all of it lost at 256 bits */
  Node *one_plus_erf = op2(OP_ADD, one, op1(OP_ERF, X()));
  mpfr_t xm;
  mpfr_init2(xm, 64);
  mpfr_set_si(xm, -30, RN);
  mpfr_set_prec(v, 64);
  CHECK(oracle_exact(one_plus_erf, ORACLE_VALUE, xm, theta, v), "oracle_exact(1 + erf(x)) at -30");
  mpfr_set_prec(w, 256);
  mpfr_set_si(xm, 30, RN);
  mpfr_erfc(w, xm, RN);
  CHECK(close_to(v, w, 100), "1 + erf(-30) = erfc(30): got %s", str(v));
  /* a form that overflows even MPFR's exponent range has no value */
  mpfr_set_d(xm, 1e300, RN);
  CHECK(!oracle_exact(op1(OP_LOG, op1(OP_EXP, X())), ORACLE_VALUE, xm, theta, v),
        "log(exp(1e300)) is beyond MPFR's range and must be reported so");
  mpfr_clears(v, w, xm, (mpfr_ptr)0);
}

/* ---- derivatives ---- */

/* The dual number of n at x in direction dir against a central finite
 * difference of the oracle's values at 2048 bits, h = 2^-500 * max(|v|, 1)
 * for the variable v perturbed. Truncation error ~ h^2, rounding error ~
 * 2^-2048 |f| / h: both far below the 2^-200 asked for. */
static void check_fd(const char *what, const Node *n, double x, int dir) {
  enum { P = 2048 };
  mpfr_t xm, h, fp, fm, fd, d, keep;
  mpfr_inits2(P, xm, h, fp, fm, fd, d, keep, (mpfr_ptr)0);
  mpfr_set_d(xm, x, RN);
  mpfr_t *var = dir < 0 ? &xm : &theta[dir];
  mpfr_set_prec(keep, mpfr_get_prec(*var));
  mpfr_set(keep, *var, RN);
  mpfr_prec_t vp = mpfr_get_prec(*var);
  mpfr_prec_round(*var, P, RN);
  mpfr_abs(h, *var, RN);
  if (mpfr_cmp_ui(h, 1) < 0) mpfr_set_ui(h, 1, RN);
  mpfr_mul_2si(h, h, -500, RN);
  mpfr_add(*var, keep, h, RN);
  oracle_eval(n, fp, xm, theta, P);
  mpfr_sub(*var, keep, h, RN);
  oracle_eval(n, fm, xm, theta, P);
  mpfr_prec_round(*var, vp, RN);
  mpfr_set(*var, keep, RN);
  mpfr_sub(fd, fp, fm, RN);
  mpfr_div(fd, fd, h, RN);
  mpfr_div_2ui(fd, fd, 1, RN);
  mpfr_set_d(xm, x, RN);
  deriv_at(n, x, dir, d, P);
  int ok;
  if (mpfr_zero_p(fd) || mpfr_zero_p(d)) {   /* a zero derivative: both must be zero or negligible */
    mpfr_abs(fp, fd, RN);
    mpfr_abs(fm, d, RN);
    ok = (mpfr_zero_p(fp) || mpfr_get_exp(fp) < -1000) && (mpfr_zero_p(fm) || mpfr_get_exp(fm) < -1000);
  } else {
    ok = close_to(fd, d, 200);
  }
  CHECK(ok, "d%s/d%s at x = %g: dual %s, finite difference %s", what, dir < 0 ? "x" : dir ? "theta1" : "theta0", x,
        str(d), str(fd));
  mpfr_free_cache();
  mpfr_clears(xm, h, fp, fm, fd, d, keep, (mpfr_ptr)0);
}

static void expect_deriv(const char *what, const Node *n, double x, int dir, double want) {
  mpfr_t d;
  mpfr_init2(d, 128);
  deriv_at(n, x, dir, d, 128);
  CHECK(is(d, want) || (isnan(want) && mpfr_nan_p(d)), "%s at x = %g: derivative %s, want %g", what, x,
        str(d), want);
  mpfr_clear(d);
}

static void test_derivatives(void) {
  set_theta(0.75, -0.375);
  /* u = theta0 * x + theta1 feeds every unary primitive: the chain rule
   * and all three directions at once */
  Node *u = op2(OP_ADD, op2(OP_MUL, T(0), X()), T(1));
  Node *pos = op2(OP_ADD, op2(OP_MUL, u, u), num("0.5"));   /* > 0, for log, sqrt, pow */
  static const Op unary[] = {OP_NEG,  OP_ABS,  OP_EXP,  OP_EXPM1, OP_LOG,     OP_LOG1P,    OP_SQRT, OP_CBRT,
                             OP_ERF,  OP_ERFC, OP_TANH, OP_SINH,  OP_COSH,    OP_ATAN,     OP_SIN,  OP_COS,
                             OP_SIGN, OP_RELU, OP_SIGMOID, OP_SOFTPLUS};
  static const double xs[] = {-3.7, -1.3, -0.4, 0.3, 1.1, 2.9, 29.5, -33.25};
  for (size_t i = 0; i < sizeof unary / sizeof *unary; i++) {
    Op op = unary[i];
    Node *arg = (op == OP_LOG || op == OP_LOG1P || op == OP_SQRT) ? pos : u;
    Node *n = op1(op, arg);
    for (size_t j = 0; j < sizeof xs / sizeof *xs; j++) {
      for (int dir = -1; dir < K; dir++) check_fd(op_info[op].name, n, xs[j], dir);
    }
  }
  /* binary primitives, both operands depending on x and theta */
  Node *v = op2(OP_SUB, op2(OP_MUL, X(), T(1)), num("0.25"));
  Node *bins[] = {op2(OP_ADD, u, v), op2(OP_SUB, u, v),          op2(OP_MUL, u, v), op2(OP_DIV, u, v),
                  op2(OP_POW, pos, v), op2(OP_HYPOT, u, v),       op2(OP_MIN, u, v), op2(OP_MAX, u, v),
                  dag_make(OP_POWI, u, NULL, NULL, 5),
                  dag_select(op2(OP_LT, u, v), op1(OP_EXP, u), op1(OP_SIN, v))};
  const char *names[] = {"ADD", "SUB", "MUL", "DIV", "POW", "HYPOT", "MIN", "MAX", "POWI", "SELECT"};
  for (size_t i = 0; i < sizeof bins / sizeof *bins; i++)
    for (size_t j = 0; j < sizeof xs / sizeof *xs; j++)
      for (int dir = -1; dir < K; dir++) check_fd(names[i], bins[i], xs[j], dir);
  /* constants have no derivative */
  Node *c = op2(OP_MUL, op2(OP_ADD, dag_leaf(OP_PI), dag_leaf(OP_EULER)), X());
  check_fd("(pi + e) x", c, 1.5, -1);
  expect_deriv("d((pi + e) x)/dtheta0", c, 1.5, 0, 0);

  /* SPEC §1's conventions at the points where the derivative is a choice */
  set_theta(2, 0);
  expect_deriv("abs'(0)", op1(OP_ABS, X()), 0, -1, 0);
  expect_deriv("abs'(-0)", op1(OP_ABS, X()), -0.0, -1, 0);
  expect_deriv("sign'(0)", op1(OP_SIGN, X()), 0, -1, 0);
  expect_deriv("sign'(2)", op1(OP_SIGN, X()), 2, -1, 0);
  expect_deriv("relu'(0)", op1(OP_RELU, X()), 0, -1, 0);
  expect_deriv("relu'(1)", op1(OP_RELU, X()), 1, -1, 1);
  expect_deriv("relu'(-1)", op1(OP_RELU, X()), -1, -1, 0);
  expect_deriv("d max(x, 2x)/dx at the tie 0", op2(OP_MAX, X(), op2(OP_MUL, num("2"), X())), 0, -1, 1.5);
  expect_deriv("d min(x, 2x)/dx at the tie 0", op2(OP_MIN, X(), op2(OP_MUL, num("2"), X())), 0, -1, 1.5);
  expect_deriv("d max(x, 1)/dx at the tie 1", op2(OP_MAX, X(), num("1")), 1, -1, 0.5);
  expect_deriv("d max(x, theta0)/dtheta0 at the tie", op2(OP_MAX, X(), T(0)), 2, 0, 0.5);
  expect_deriv("d max(x, theta0)/dtheta0 below", op2(OP_MAX, X(), T(0)), 1, 0, 1);
  expect_deriv("d max(x, theta0)/dtheta0 above", op2(OP_MAX, X(), T(0)), 3, 0, 0);
  expect_deriv("d min(x, theta0)/dx below", op2(OP_MIN, X(), T(0)), 1, -1, 1);
  Node *branch = dag_select(op2(OP_LT, X(), num("0")), op2(OP_MUL, num("3"), X()), op2(OP_MUL, T(0), X()));
  expect_deriv("if x < 0 then 3x else theta0 x: d/dx at -1", branch, -1, -1, 3);
  expect_deriv("... d/dx at 0 (the else branch)", branch, 0, -1, 2);
  expect_deriv("... d/dtheta0 at 1", branch, 1, 0, 1);
  expect_deriv("... d/dtheta0 at -1", branch, -1, 0, 0);
  /* infinite and zero derivatives at the edge of a domain */
  expect_deriv("sqrt'(0)", op1(OP_SQRT, X()), 0, -1, INFINITY);
  expect_deriv("d pow(x, 1.5)/dx at 0", op2(OP_POW, X(), num("1.5")), 0, -1, 0);
  expect_deriv("d pow(x, 3)/dx at -2", op2(OP_POW, X(), num("3")), -2, -1, 12);
  expect_deriv("d pow(theta0, x)/dtheta0 at 3 (theta0 = 2)", op2(OP_POW, T(0), X()), 3, 0, 12);
  check_fd("pow(theta0, x)", op2(OP_POW, T(0), X()), 3, -1);
  /* a NaN value has a NaN derivative */
  expect_deriv("log'(-1)", op1(OP_LOG, X()), -1, -1, NAN);

  /* the tails, where a textbook rule underflows to 0 or overflows:
   * tanh' = sech^2 (not 1 - tanh^2), sigmoid' = s(u) s(-u) */
  mpfr_t d, w, xm;
  mpfr_inits2(256, d, w, xm, (mpfr_ptr)0);
  deriv_at(op1(OP_TANH, X()), 400, -1, d, 256);
  mpfr_set_ui(xm, 400, RN);
  mpfr_sech(w, xm, RN);
  mpfr_sqr(w, w, RN);
  CHECK(close_to(d, w, 240), "tanh'(400) = sech(400)^2");
  deriv_at(op1(OP_SIGMOID, X()), -1000, -1, d, 256);
  mpfr_set_si(xm, -1000, RN);
  mpfr_exp(w, xm, RN);   /* e^-1000 / (1 + e^-1000)^2 = e^-1000 (1 - 2e^-1000 + ...) */
  CHECK(close_to(d, w, 240), "sigmoid'(-1000) ~ e^-1000");
  deriv_at(op1(OP_SOFTPLUS, X()), -1000, -1, d, 256);
  CHECK(close_to(d, w, 240), "softplus'(-1000) ~ e^-1000");
  mpfr_clears(d, w, xm, (mpfr_ptr)0);
}

/* ---- the Ziv loop: saturation and cancellation ---- */

/* oracle_exact(n, which) at x against a reference value, to 90 bits. */
static void check_exact(const char *what, const Node *n, int which, double x, RefFn ref) {
  mpfr_t xm, got, want;
  mpfr_init2(xm, 64);
  mpfr_init2(got, 64);
  mpfr_init2(want, 8192);
  mpfr_set_d(xm, x, RN);
  int ok = oracle_exact(n, which, xm, theta, got);
  ref(want, xm);
  CHECK(ok && close_to(got, want, 90), "oracle_exact %s at x = %g: %s (ok %d), want %s", what, x, str(got), ok,
        str(want));
  mpfr_free_cache();
  mpfr_clears(xm, got, want, (mpfr_ptr)0);
}

/* log(tanh(u)) = log1p(-2 / (e^2u + 1)) */
static void ref_log_tanh(mpfr_t out, const mpfr_t u) {
  mpfr_mul_2ui(out, u, 1, RN);
  mpfr_exp(out, out, RN);
  mpfr_add_ui(out, out, 1, RN);
  mpfr_ui_div(out, 2, out, RN);
  mpfr_neg(out, out, RN);
  mpfr_log1p(out, out, RN);
}
/* log1p(-tanh(u)) = log(2 / (e^2u + 1)) */
static void ref_log1p_neg_tanh(mpfr_t out, const mpfr_t u) {
  mpfr_mul_2ui(out, u, 1, RN);
  mpfr_exp(out, out, RN);
  mpfr_add_ui(out, out, 1, RN);
  mpfr_ui_div(out, 2, out, RN);
  mpfr_log(out, out, RN);
}
/* d/dx (x - sin x) = 1 - cos x = 2 sin(x/2)^2 */
static void ref_one_minus_cos(mpfr_t out, const mpfr_t u) {
  mpfr_div_2ui(out, u, 1, RN);
  mpfr_sin(out, out, RN);
  mpfr_sqr(out, out, RN);
  mpfr_mul_2ui(out, out, 1, RN);
}
/* d/dtheta0 pow(1 + x^2, theta0) at theta0 = 1: (1 + x^2) log1p(x^2) */
static void ref_dpow(mpfr_t out, const mpfr_t u) {
  mpfr_t t;
  mpfr_init2(t, 8192);
  mpfr_sqr(t, u, RN);
  mpfr_log1p(out, t, RN);
  mpfr_add_ui(t, t, 1, RN);
  mpfr_mul(out, out, t, RN);
  mpfr_clear(t);
}
static void ref_ten(mpfr_t out, const mpfr_t u) { (void)u; mpfr_set_ui(out, 10, RN); }

/* Each of these agrees with itself at 256 and 512 bits (the rounded value
 * saturates at 1 or cancels to the same thing at both) and is wrong there:
 * the early exit must see the cancellation and go on. */
static void test_ziv(void) {
  set_theta(1, 0);
  Node *th = op1(OP_TANH, X()), *one = num("1");
  check_exact("log(tanh(x))", op1(OP_LOG, th), ORACLE_VALUE, 200, ref_log_tanh);
  check_exact("log1p(-tanh(x))", op1(OP_LOG1P, op1(OP_NEG, th)), ORACLE_VALUE, 300, ref_log1p_neg_tanh);
  check_exact("if tanh(x) < 1 then 10 else 20", dag_select(op2(OP_LT, th, one), num("10"), num("20")), ORACLE_VALUE,
              400, ref_ten);
  check_exact("d(x - sin x)/dx", op2(OP_SUB, X(), op1(OP_SIN, X())), ORACLE_DX, 1e-30, ref_one_minus_cos);
  check_exact("d pow(1 + x^2, theta0)/dtheta0", op2(OP_POW, op2(OP_ADD, one, op2(OP_MUL, X(), X())), T(0)), 0, 1e-100,
              ref_dpow);
}

/* ---- constants ---- */

/* The reference: the value at 4096 bits, rounded by mpfr_get_d or
 * mpfr_get_flt (a different path from the oracle's subnormalize). */
static void const_ref(const Node *n, double *d, float *f) {
  mpfr_t v;
  mpfr_init2(v, 4096);
  oracle_eval(n, v, NULL, NULL, 4096);
  *d = mpfr_get_d(v, RN);
  *f = mpfr_get_flt(v, RN);
  mpfr_clear(v);
}

static void check_const(const char *what, const Node *n) {
  double d, got = oracle_const_double(n);
  float f, gotf = oracle_const_float(n);
  const_ref(n, &d, &f);
  CHECK(memcmp(&got, &d, sizeof d) == 0 || (isnan(got) && isnan(d)), "%s: oracle_const_double %a, want %a", what, got, d);
  CHECK(memcmp(&gotf, &f, sizeof f) == 0 || (isnan(gotf) && isnan(f)), "%s: oracle_const_float %a, want %a", what,
        (double)gotf, (double)f);
}

static void test_constants(void) {
  CHECK(oracle_const_double(dag_leaf(OP_PI)) == 0x1.921fb54442d18p+1, "pi");
  CHECK(oracle_const_double(dag_leaf(OP_EULER)) == 0x1.5bf0a8b145769p+1, "e");
  CHECK(oracle_const_float(dag_leaf(OP_PI)) == 0x1.921fb6p+1f, "pi as float");
  static const char *exps[] = {"709", "709.8", "710", "-708.5", "-744.5", "-745.1", "-745.2", "-746", "-800",
                               "88.7", "88.8", "-87", "-103", "-103.9", "-104", "-110", "0.1"};
  for (size_t i = 0; i < sizeof exps / sizeof *exps; i++) {
    char what[64];
    snprintf(what, sizeof what, "exp(%s)", exps[i]);
    check_const(what, op1(OP_EXP, num(exps[i])));
  }
  check_const("-exp(-745.1)", op1(OP_NEG, op1(OP_EXP, num("-745.1"))));
  check_const("sqrt(2)", op1(OP_SQRT, num("2")));
  check_const("log(-1)", op1(OP_LOG, num("-1")));
  check_const("1/0", op2(OP_DIV, num("1"), op2(OP_SUB, dag_leaf(OP_PI), dag_leaf(OP_PI))));
  /* 1 - tanh(90) = 2 / (1 + e^180) ~ 1.3e-78: zero at 128 and 256 bits */
  Node *c = op2(OP_SUB, num("1"), op1(OP_TANH, num("90")));
  double want = 0x1.0p-1, got = oracle_const_double(c);
  mpfr_t r;
  mpfr_init2(r, 256);
  mpfr_set_ui(r, 180, RN);
  mpfr_exp(r, r, RN);
  mpfr_add_ui(r, r, 1, RN);
  mpfr_ui_div(r, 2, r, RN);
  want = mpfr_get_d(r, RN);
  mpfr_clear(r);
  CHECK(got == want, "1 - tanh(90): got %a, want %a", got, want);
  /* double rounding: 1 + 2^-24 + 2^-80 rounds to double 1 + 2^-24, a float
   * tie that would go to even (1); the exact value rounds up */
  mpq_t q;
  mpq_init(q);
  mpq_set_ui(q, 1, 1);
  mpq_t t;
  mpq_init(t);
  mpq_set_ui(t, 1, 1);
  mpq_div_2exp(t, t, 24);
  mpq_add(q, q, t);
  mpq_set_ui(t, 1, 1);
  mpq_div_2exp(t, t, 80);
  mpq_add(q, q, t);
  Node *trap = op2(OP_MUL, dag_num_q(q), op1(OP_COS, op2(OP_SUB, dag_leaf(OP_PI), dag_leaf(OP_PI))));   /* q * cos(0) */
  CHECK(oracle_const_float(trap) == 0x1.000002p+0f, "float rounding of 1 + 2^-24 + 2^-80 must be direct: got %a",
        (double)oracle_const_float(trap));
  mpq_clears(q, t, (mpq_ptr)0);
}

/* ---- memoisation and depth ---- */

static void test_dag_shapes(void) {
  set_theta(1, 1);
  /* 400 doublings: a tree of 2^400 leaves, a DAG of 401 nodes */
  Node *g = op1(OP_SIN, X());
  for (int i = 0; i < 400; i++) g = op2(OP_ADD, g, g);
  mpfr_t v, d, w, xm;
  mpfr_inits2(128, v, d, w, xm, (mpfr_ptr)0);
  value_at(g, 0.5, v, 128);
  mpfr_set_d(xm, 0.5, RN);
  mpfr_sin(w, xm, RN);
  mpfr_mul_2ui(w, w, 400, RN);
  CHECK(mpfr_equal_p(v, w), "400 doublings of sin(x)");
  mpfr_set_d(xm, 0.5, RN);
  oracle_eval_dual(g, v, d, xm, theta, -1, 128);
  mpfr_cos(w, xm, RN);
  mpfr_mul_2ui(w, w, 400, RN);
  CHECK(mpfr_equal_p(d, w), "the derivative of 400 doublings");
  /* near the depth limit: 3900 nested operations */
  Node *h = X();
  for (int i = 0; i < 3900; i++) h = op2(OP_MUL, op1(OP_ATAN, h), T(0));
  CHECK(h->depth <= LIMIT_DAG_DEPTH, "depth %d", h->depth);
  value_at(h, 0.5, v, 128);
  CHECK(mpfr_number_p(v), "a DAG 3900 deep evaluates");
  oracle_eval_dual(h, v, d, xm, theta, 0, 128);
  CHECK(mpfr_number_p(d), "... and differentiates");
  mpfr_clears(v, d, w, xm, (mpfr_ptr)0);
}

/* ---- the metric ---- */

static double err(double y, const char *X_dec, const Format *f) {
  mpfr_t Xm;
  mpfr_init2(Xm, 256);
  mpfr_set_str(Xm, X_dec, 0, RN);
  double e = ulp_error(y, Xm, Xm, f);
  mpfr_clear(Xm);
  return e;
}

static double err_scaled(double y, const char *X_dec, const char *S_dec, const Format *f) {
  mpfr_t Xm, Sm;
  mpfr_inits2(256, Xm, Sm, (mpfr_ptr)0);
  mpfr_set_str(Xm, X_dec, 0, RN);
  mpfr_set_str(Sm, S_dec, 0, RN);
  double e = ulp_error(y, Xm, Sm, f);
  mpfr_clears(Xm, Sm, (mpfr_ptr)0);
  return e;
}

static void test_ulp(void) {
  const Format *D = &format_double, *F = &format_float;
  CHECK(err(1.0, "1", D) == 0, "exact");
  CHECK(err(1.0, "0x1.00000000000008p0", D) == 0.5, "a tie is half an ulp");
  CHECK(err(0x1.0000000000001p0, "0x1.00000000000008p0", D) == 0.5, "the other side of the tie");
  CHECK(err(1.0, "0x0.fffffffffffffcp0", D) == 0.5, "below a power of two the ulp halves: %g",
        err(1.0, "0x0.fffffffffffffcp0", D));
  CHECK(err(3.0, "3.5", D) == 0x1p50, "3 against 3.5");
  CHECK(err(1.0f, "0x1.000001p0", F) == 0.5, "float tie");
  CHECK(err(0.0, "0", D) == 0, "+0 against +0");
  CHECK(err(-0.0, "0", D) == INFINITY, "a zero of the wrong sign fails");
  CHECK(err(0x1p-1074, "0", D) == 1, "the smallest subnormal against 0 is 1 ulp");
  CHECK(err(0x1p-149, "0", F) == 1, "float: the smallest subnormal against 0");
  CHECK(err(0x3p-1074, "0x3.4p-1074", D) == 0.25, "subnormal ulps are fixed");
  CHECK(err(NAN, "@NaN@", D) == 0, "NaN against NaN");
  CHECK(err(NAN, "1", D) == INFINITY, "NaN against a number");
  CHECK(err(1.0, "@NaN@", D) == INFINITY, "a number against NaN");
  CHECK(err(INFINITY, "@Inf@", D) == 0, "inf against inf");
  CHECK(err(-INFINITY, "@Inf@", D) == INFINITY, "-inf against inf");
  CHECK(err(DBL_MAX, "@Inf@", D) == INFINITY, "finite against inf");
  CHECK(err(INFINITY, "0x1.fffffffffffffp1023", D) == 1, "inf against DBL_MAX is 1 ulp");
  CHECK(err(INFINITY, "0x1p1025", D) == 0, "inf is right where X rounds to inf");
  CHECK(err(INFINITY, "0x1.fffffffffffff8p1023", D) == 0, "... from the overflow threshold on");
  CHECK(err(-INFINITY, "-0x1p1025", D) == 0, "... on both sides");
  CHECK(err(INFINITY, "1", D) > 1e300, "inf against 1");
  CHECK(err(HUGE_VALF, "0x1.fffffep127", F) == 1, "float: inf against FLT_MAX");
  CHECK(err_scaled(1.0, "0x1.00000000000008p0", "1024", D) == 0.5 / 1024, "scaled by S");
  CHECK(err_scaled(0x1p-1074, "0", "0", D) == 1, "S = 0 scales by the smallest subnormal's ulp");
  CHECK(err_scaled(1.0, "1.5", "@Inf@", D) == 0x1p-972, "S = inf scales by the largest binade: %a",
        err_scaled(1.0, "1.5", "@Inf@", D));
}

/* ---- the kernel loader ---- */

static void test_kernel(const char *tmpdir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/oracle_test_kernel.c", tmpdir);
  FILE *f = fopen(path, "w");
  if (!f) {
    CHECK(0, "cannot write %s", path);
    return;
  }
  fputs("#include <stddef.h>\n"
        "const double p_sq_theta_init[] = {3};\n"
        "double p_sq(double x, const double *t) { return t[0] * x * x; }\n"
        "double p_sq_grad(double x, const double *t, double *d) { if (d) d[0] = x * x; return 2 * t[0] * x; }\n"
        "void p_sq_forward(size_t n, const double *x, double *y, const double *t)\n"
        "{ for (size_t i = 0; i < n; i++) y[i] = p_sq(x[i], t); }\n"
        "void p_sq_backward(size_t n, const double *x, const double *dy, double *dx, const double *t, double *d)\n"
        "{ (void)n; (void)x; (void)dy; (void)dx; (void)t; (void)d; }\n"
        "const float p_sq_theta_initf[] = {3};\n"
        "float p_sqf(float x, const float *t) { return t[0] * x * x; }\n"
        "float p_sq_gradf(float x, const float *t, float *d) { if (d) d[0] = x * x; return 2 * t[0] * x; }\n"
        "void p_sq_forwardf(size_t n, const float *x, float *y, const float *t)\n"
        "{ for (size_t i = 0; i < n; i++) y[i] = p_sqf(x[i], t); }\n"
        "void p_sq_backwardf(size_t n, const float *x, const float *dy, float *dx, const float *t, float *d)\n"
        "{ (void)n; (void)x; (void)dy; (void)dx; (void)t; (void)d; }\n",
        f);
  fclose(f);
  void *lib = kernel_compile_and_load(path);
  CHECK(lib != NULL, "kernel_compile_and_load");
  if (lib) {
    Kernels k;
    CHECK(kernel_lookup(lib, "p_", "sq", &k), "kernel_lookup");
    double dt;
    float dtf;
    CHECK(k.f(2, k.init) == 12 && k.grad(2, k.init, &dt) == 12 && dt == 4, "the double functions");
    CHECK(k.ff(2, k.initf) == 12 && k.gradf(2, k.initf, &dtf) == 12 && dtf == 4, "the float functions");
    double y[2], x[2] = {1, 2};
    k.forward(2, x, y, k.init);
    CHECK(y[0] == 3 && y[1] == 12, "forward");
    Kernels none;
    printf("(a message about a missing symbol is expected here)\n");
    CHECK(!kernel_lookup(lib, "p_", "cube", &none), "a missing activation is reported");
  }
  remove(path);
}

int main(int argc, char **argv) {
  for (int k = 0; k < K; k++) mpfr_init2(theta[k], 64);
  test_values();
  test_derivatives();
  test_ziv();
  test_constants();
  test_dag_shapes();
  test_ulp();
  test_kernel(argc > 1 ? argv[1] : "/tmp");
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  mpfr_free_cache();
  printf("%d checks, %d failed\n", checks, fails);
  return fails ? 1 : 0;
}
