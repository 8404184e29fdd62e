/* oracle.c — evaluate a DAG in GNU MPFR, for constants, tests and checks.
 *
 * oracle_eval() walks the DAG once per call, every operation rounded to
 * nearest at the working precision, values memoised per node id (shared
 * nodes are evaluated once). oracle_eval_dual() carries a dual number
 * (value, derivative) through the same walk; the derivative of each
 * primitive is written here, in MPFR, independently of the rules in ops.h
 * that diff.c uses, so that a wrong rule in the compiler shows up as a
 * disagreement. Where a textbook form loses accuracy even in MPFR (1 -
 * tanh^2 once tanh rounds to 1), the oracle uses a form that does not.
 *
 * MPFR's exponent range is opened to its extremes, so no intermediate
 * overflows at the magnitudes actgen meets; softplus and sigmoid are
 * nevertheless written to stay finite for any finite input.
 *
 * oracle_exact() (oracle_ziv.c) is the Ziv loop over precisions that
 * `actgen check`, `eval` and the tests use: the written form may cancel
 * (1 + erf(u) for u << 0 needs about u^2 * 1.44 bits), so each walk also
 * records how many bits its operations on rounded values cancelled, and a
 * result is taken only when
 * two precisions agree and neither cancelled away half its bits.
 * oracle_const_double/_float (oracle_const.c) round constants correctly.
 * tests/numeric/oracle_test.c tests all of this on its own.
 */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "oracle.h"

void oracle_init_ranges(void) {
  static int done;
  if (done) return;
  done = 1;
  mpfr_set_emin(mpfr_get_emin_min());
  mpfr_set_emax(mpfr_get_emax_max());
}

#define RN MPFR_RNDN

typedef struct Eval {
  mpfr_prec_t prec;
  const mpfr_t *x;          /* NULL: x = 0 */
  mpfr_t *theta;
  int dir;                  /* -2: values only; -1: d/dx; k: d/dtheta_k */
  mpfr_t *val, *der;        /* by id */
  int *cond;                /* by id, for conditions */
  char *done;               /* by id: 1 visited, 2 visited and holds MPFR values */
  char *inexact;            /* by id: the value was rounded somewhere */
  int in_u;                 /* the node being differentiated has a rounded operand 0 */
  mpfr_exp_t lost;          /* the most bits an operation lost, see note_sum */
  int value_lost;           /* lost counts the value's operations only */
  mpfr_exp_t der_lost;      /* the most bits a derivative's operation lost */
} Eval;

/* Bits lost by cancellation, for oracle_exact's early exit. An evaluation
 * at precision p whose operations lost at most p/2 bits, and which agrees
 * with one at twice the precision, is accurate to ~100 bits. What two
 * precisions cannot tell apart is saturation: 1 + erf(u) at u = -20 gives
 * exactly 0 at 256 and at 512 bits (erf rounds to -1 at both), log(tanh(400))
 * gives exactly 0, `if tanh(x) < 1` is false at both. Such results come
 * from an operation on rounded operands that cancels (a sum, a comparison,
 * log near 1, ...), and these record here how many bits it cancelled;
 * exactly to zero counts as everything (ORACLE_LOST_ALL). Exact operands (x,
 * theta, rationals that fit) lose nothing: x - 1 at x = 1 is exactly 0. */

static void note(Eval *e, mpfr_exp_t lost) {
  if (lost > e->lost) e->lost = lost;
}

/* out = u +- v, or a comparison's u - v: the bits of u and v it cancelled */
static void note_sum(Eval *e, int inexact, const mpfr_t u, const mpfr_t v, const mpfr_t out) {
  if (!inexact || !mpfr_regular_p(u) || !mpfr_regular_p(v)) return;
  mpfr_exp_t big = mpfr_get_exp(u) > mpfr_get_exp(v) ? mpfr_get_exp(u) : mpfr_get_exp(v);
  if (mpfr_zero_p(out)) note(e, ORACLE_LOST_ALL);
  else if (mpfr_regular_p(out)) note(e, big - mpfr_get_exp(out));
}

/* A comparison of rounded operands: as many bits as their difference is
 * below the larger (a tie counts as everything). */
static void note_compare(Eval *e, int inexact, const mpfr_t u, const mpfr_t v) {
  if (!inexact || !mpfr_number_p(u) || !mpfr_number_p(v)) return;
  mpfr_t d;
  mpfr_init2(d, mpfr_get_prec(u) > mpfr_get_prec(v) ? mpfr_get_prec(u) : mpfr_get_prec(v));
  mpfr_sub(d, u, v, RN);
  if (mpfr_zero_p(u) || mpfr_zero_p(v)) {   /* a sign test: exact unless the operand is a cancelled 0 */
    if (mpfr_zero_p(d)) note(e, ORACLE_LOST_ALL);
  } else {
    note_sum(e, 1, u, v, d);
  }
  mpfr_clear(d);
}

/* Functions that amplify the rounding of their operand where a saturated
 * operand sits: log near 1, log1p near -1, pow(u, v) with large |v|. */
static void note_function(Eval *e, const Node *n, int inexact, const mpfr_t out, const mpfr_t u, const mpfr_t v) {
  if (!inexact || !mpfr_regular_p(u)) return;
  switch (n->op) {
  case OP_LOG:   /* condition 1 / |log u| */
    if (mpfr_zero_p(out)) note(e, ORACLE_LOST_ALL);
    else if (mpfr_regular_p(out) && mpfr_get_exp(out) < 0) note(e, -mpfr_get_exp(out));
    break;
  case OP_LOG1P: {   /* condition ~ 1 / |(1 + u) log1p(u)| near u = -1 */
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(u) + 8);
    mpfr_add_ui(t, u, 1, RN);
    if (mpfr_zero_p(t)) note(e, ORACLE_LOST_ALL);
    else if (mpfr_regular_p(t) && mpfr_get_exp(t) < 0) note(e, -mpfr_get_exp(t));
    mpfr_clear(t);
    break;
  }
  case OP_POW:   /* condition |v| in u */
    if (v && mpfr_regular_p(v) && mpfr_get_exp(v) > 0) note(e, mpfr_get_exp(v));
    break;
  default:
    break;
  }
}

/* out = 1 / (1 + exp(-u)), finite for every u */
static void sigmoid(mpfr_t out, const mpfr_t u, mpfr_prec_t prec) {
  mpfr_t t;
  mpfr_init2(t, prec + 16);
  mpfr_neg(t, u, RN);
  oracle_call(mpfr_exp, t, t);
  mpfr_add_ui(t, t, 1, RN);
  mpfr_ui_div(out, 1, t, RN);
  mpfr_clear(t);
}

/* out = exp(-|u|) / (1 + exp(-|u|))^2 = sigmoid(u) sigmoid(-u) */
static void sigmoid_deriv(mpfr_t out, const mpfr_t u, mpfr_prec_t prec) {
  mpfr_t e, d;
  mpfr_inits2(prec + 16, e, d, (mpfr_ptr)0);
  mpfr_abs(e, u, RN);
  mpfr_neg(e, e, RN);
  oracle_call(mpfr_exp, e, e);
  mpfr_add_ui(d, e, 1, RN);
  mpfr_sqr(d, d, RN);
  mpfr_div(out, e, d, RN);
  mpfr_clears(e, d, (mpfr_ptr)0);
}

/* out = log(1 + exp(u)) = max(u, 0) + log1p(exp(-|u|)) */
static void softplus(mpfr_t out, const mpfr_t u, mpfr_prec_t prec) {
  mpfr_t t;
  mpfr_init2(t, prec + 16);
  mpfr_abs(t, u, RN);
  mpfr_neg(t, t, RN);
  oracle_call(mpfr_exp, t, t);
  oracle_call(mpfr_log1p, t, t);
  if (mpfr_sgn(u) > 0) mpfr_add(out, u, t, RN);
  else mpfr_set(out, t, RN);
  mpfr_clear(t);
}

static int compare(Op op, const mpfr_t a, const mpfr_t b) {
  switch (op) {
  case OP_LT: return mpfr_less_p(a, b);
  case OP_LE: return mpfr_lessequal_p(a, b);
  case OP_EQ: return mpfr_equal_p(a, b);
  default: return !mpfr_equal_p(a, b);   /* as C's !=, the negation of ==: true when either is NaN */
  }
}

/* Whether sin(u) and cos(u) are beyond reach: |u| >= 2^65536. No double or
 * float kernel can hold such an argument (there it is inf, and sin(inf) is
 * NaN), and MPFR's argument reduction needs about as many bits of pi as
 * u's exponent: cos(2^(10^18)), from pow(0.5, 0.5 - x) at x = -1e18, asked
 * GMP for 2e16 bytes and aborted actgen. The oracle says NaN there. */
static int trig_beyond(const mpfr_t u) { return mpfr_regular_p(u) && mpfr_get_exp(u) > 65536; }

/* The arrays by node id that every evaluation uses, kept from one to the
 * next and grown to the largest id seen: allocating (and zeroing) them per
 * evaluation cost time in proportion to every node ever made, so rounding
 * N constant literals of a large file took time N^2. After each evaluation
 * only the entries it visited are cleared. The MPFR variables are kept
 * too: mpfr_init2 and mpfr_clear for every node of every walk were a
 * quarter of the whole compile (the stabilizer's references evaluate each
 * candidate form at hundreds of points). A visited node takes one from the
 * pool (its struct moves into val[id]; mpfr_set_prec makes it a NaN of the
 * walk's precision, reallocating only to grow) and gives it back after
 * the walk, so the pool holds as many as the largest walk used. The
 * derivative's two temporaries are kept likewise, and each rational
 * constant's value at the last two precisions (mpfr_set_q divides; a
 * Ziv loop alternates two precisions point after point). */
static struct Workspace {
  mpfr_t *val, *der;
  int *cond;
  char *done, *inexact;
  size_t cap;
  int *visited;         /* ids, in the order walk() reached them */
  size_t nvisited, capvisited;
  mpfr_t *pool;         /* initialized variables not in use */
  size_t npool, cappool;
  mpfr_t temp[2];
  int temp_ready;
  struct NumMemo { mpfr_t v[2]; mpfr_prec_t prec[2]; char inexact[2], last; } *num;   /* by id, OP_NUM */
} ws;

static void *grow(void *p, size_t oldn, size_t newn, size_t elem) {
  char *q = realloc(p, newn * elem);
  if (!q) die("out of memory");
  memset(q + oldn * elem, 0, (newn - oldn) * elem);
  return q;
}

/* p with room for one more than `used` elements (*cap doubles when full). */
static void *room(void *p, size_t *cap, size_t used, size_t elem) {
  if (used < *cap) return p;
  size_t n = *cap ? 2 * *cap : 1024;
  p = grow(p, *cap, n, elem);
  *cap = n;
  return p;
}

static void visited(int id) {
  ws.visited = room(ws.visited, &ws.capvisited, ws.nvisited, sizeof *ws.visited);
  ws.visited[ws.nvisited++] = id;
}

/* v (not initialized) becomes a variable of precision prec. */
static void take(mpfr_t v, mpfr_prec_t prec) {
  if (ws.npool == 0) {
    mpfr_init2(v, prec);
    return;
  }
  v[0] = ws.pool[--ws.npool][0];
  mpfr_set_prec(v, prec);
}

/* v goes back to the pool (and is not initialized any more). */
static void give(mpfr_t v) {
  ws.pool = room(ws.pool, &ws.cappool, ws.npool, sizeof(mpfr_t));
  ws.pool[ws.npool++][0] = v[0];
}

/* out = the rational n->q rounded to out's precision; nonzero if inexact. */
static int num_value(mpfr_t out, const Node *n) {
  struct NumMemo *m = &ws.num[n->id];
  mpfr_prec_t prec = mpfr_get_prec(out);
  int k = m->prec[0] == prec ? 0 : m->prec[1] == prec ? 1 : -1;
  if (k < 0) {   /* the slot not used last */
    k = !m->last;
    if (m->prec[k] == 0) mpfr_init2(m->v[k], prec);
    else mpfr_set_prec(m->v[k], prec);
    m->inexact[k] = mpfr_set_q(m->v[k], n->q, RN) != 0;
    m->prec[k] = prec;
  }
  m->last = (char)k;
  mpfr_set(out, m->v[k], RN);   /* exact: the same precision */
  return m->inexact[k];
}

static mpfr_ptr ws_temp(int i, mpfr_prec_t prec) {
  if (!ws.temp_ready) {
    mpfr_inits2(prec, ws.temp[0], ws.temp[1], (mpfr_ptr)0);
    ws.temp_ready = 1;
  }
  mpfr_set_prec(ws.temp[i], prec);
  return ws.temp[i];
}

/* The fused forms of the float bodies (lower.c): their values (no
 * derivatives), for emit_bounds.c, which evaluates a call's operand at
 * probe points to decide its bound test (a random input had
 * erf(hypot(x, c)), whose operand lowered to hypotin, stop actgen with an
 * internal error). Computed 16 bits wider, rounded once more. */
static int lowered_value(const Eval *e, const Node *n, mpfr_t out, mpfr_t u, mpfr_t v) {
  mpfr_t t;
  mpfr_init2(t, e->prec + 16);
  switch (n->op) {
  case OP_HYPOTIN: mpfr_hypot(t, u, v, RN); break;
  case OP_RHYPOTIN: mpfr_hypot(t, u, v, RN); mpfr_ui_div(t, 1, t, RN); break;
  case OP_TANHSP: softplus(t, u, e->prec + 16); oracle_call(mpfr_tanh, t, t); break;
  case OP_COSHSP: softplus(t, u, e->prec + 16); oracle_call(mpfr_cosh, t, t); break;
  case OP_SECH2: oracle_call(mpfr_sech, t, u); mpfr_sqr(t, t, RN); break;
  case OP_SIGPROD: sigmoid_deriv(t, u, e->prec + 16); break;
  case OP_TANHSPD: {   /* sigmoid(u) / cosh(softplus(u))^2 */
    mpfr_t c;
    mpfr_init2(c, e->prec + 16);
    softplus(c, u, e->prec + 16);
    oracle_call(mpfr_cosh, c, c);
    mpfr_sqr(c, c, RN);
    sigmoid(t, u, e->prec + 16);
    mpfr_div(t, t, c, RN);
    mpfr_clear(c);
    break;
  }
  default: die("oracle: no value for %s", op_info[n->op].name);
  }
  mpfr_set(out, t, RN);
  mpfr_clear(t);
  return 1;
}

/* The value of n from its operands' values u, v; returns MPFR's ternary
 * value (0: exact), or 1 where the oracle's own code rounds inside. */
static int value(Eval *e, const Node *n, mpfr_t out, mpfr_t u, mpfr_t v) {
  int t = 0;
  switch (n->op) {
  case OP_NUM: t = num_value(out, n); break;
  case OP_X: if (e->x) t = mpfr_set(out, *e->x, RN); else mpfr_set_zero(out, 1); break;
  case OP_THETA:
    if (!e->theta) die("oracle: theta needed but not given");
    t = mpfr_set(out, e->theta[n->k], RN);
    break;
  case OP_PI: t = mpfr_const_pi(out, RN); break;
  case OP_EULER: mpfr_set_ui(out, 1, RN); t = mpfr_exp(out, out, RN); break;
  case OP_ADD: t = mpfr_add(out, u, v, RN); break;
  case OP_SUB: t = mpfr_sub(out, u, v, RN); break;
  case OP_MUL: t = mpfr_mul(out, u, v, RN); break;
  case OP_DIV: t = mpfr_div(out, u, v, RN); break;
  case OP_NEG: t = mpfr_neg(out, u, RN); break;
  case OP_POWI: t = mpfr_pow_si(out, u, n->k, RN); break;
  case OP_POW: t = mpfr_pow(out, u, v, RN); break;
  case OP_ABS: t = mpfr_abs(out, u, RN); break;
  case OP_SIGN:
    if (mpfr_nan_p(u) || mpfr_zero_p(u)) mpfr_set(out, u, RN);
    else mpfr_set_si(out, mpfr_sgn(u), RN);
    break;
  case OP_MIN: case OP_MAX:
    if (mpfr_nan_p(u) || mpfr_nan_p(v)) mpfr_set_nan(out);
    else if (n->op == OP_MIN) mpfr_min(out, u, v, RN);
    else mpfr_max(out, u, v, RN);
    break;
  case OP_EXP: t = oracle_call(mpfr_exp, out, u); break;
  case OP_EXPM1: t = oracle_call(mpfr_expm1, out, u); break;
  case OP_LOG: t = oracle_call(mpfr_log, out, u); break;
  case OP_LOG1P: t = oracle_call(mpfr_log1p, out, u); break;
  case OP_SQRT: t = mpfr_sqrt(out, u, RN); break;
  case OP_CBRT: t = mpfr_cbrt(out, u, RN); break;
  case OP_HYPOT: t = mpfr_hypot(out, u, v, RN); break;
  case OP_ERF: t = oracle_call(mpfr_erf, out, u); break;
  case OP_ERFC: t = oracle_call(mpfr_erfc, out, u); break;
  case OP_TANH: t = oracle_call(mpfr_tanh, out, u); break;
  case OP_SINH: t = oracle_call(mpfr_sinh, out, u); break;
  case OP_COSH: t = oracle_call(mpfr_cosh, out, u); break;
  case OP_ATAN: t = oracle_call(mpfr_atan, out, u); break;
  case OP_SIN: case OP_COS:
    if (trig_beyond(u)) mpfr_set_nan(out);
    else t = oracle_call(n->op == OP_SIN ? mpfr_sin : mpfr_cos, out, u);
    break;
  case OP_SIGMOID: sigmoid(out, u, e->prec); t = 1; break;
  case OP_SOFTPLUS: softplus(out, u, e->prec); t = 1; break;
  case OP_RELU:
    if (mpfr_nan_p(u)) mpfr_set_nan(out);
    else if (mpfr_sgn(u) > 0) mpfr_set(out, u, RN);
    else mpfr_set_zero(out, 1);
    break;
  default: t = lowered_value(e, n, out, u, v); break;
  }
  return t;
}

/* The derivative of n from its operands (u, du), (v, dv) and its value f. */
static void derivative(Eval *e, const Node *n, mpfr_t out, mpfr_t f, mpfr_t u, mpfr_t du, mpfr_t v, mpfr_t dv) {
  /* An operand whose derivative is exactly zero contributes nothing, even
   * where its partial is infinite: the term is absent, not 0 * inf. */
  if ((u && mpfr_nan_p(u)) || (v && mpfr_nan_p(v)) || mpfr_nan_p(f)) {   /* NaN in, NaN out */
    mpfr_set_nan(out);
    return;
  }
  int zu = du && mpfr_zero_p(du), zv = dv && mpfr_zero_p(dv);
  if (n->nargs > 0 && zu && (n->nargs == 1 || zv)) {
    mpfr_set_zero(out, 1);
    return;
  }
  mpfr_ptr t = ws_temp(0, e->prec), s = ws_temp(1, e->prec);
  switch (n->op) {
  case OP_NUM: case OP_PI: case OP_EULER: mpfr_set_zero(out, 1); break;
  case OP_X: mpfr_set_si(out, e->dir == -1, RN); break;
  case OP_THETA: mpfr_set_si(out, e->dir == n->k, RN); break;
  case OP_ADD: mpfr_add(out, du, dv, RN); note_sum(e, 1, du, dv, out); break;
  case OP_SUB: mpfr_sub(out, du, dv, RN); note_sum(e, 1, du, dv, out); break;
  case OP_MUL:
    if (zu) mpfr_set_zero(t, 1); else mpfr_mul(t, du, v, RN);
    if (zv) mpfr_set_zero(s, 1); else mpfr_mul(s, u, dv, RN);
    mpfr_add(out, t, s, RN);
    note_sum(e, 1, t, s, out);
    break;
  case OP_DIV:   /* (du - f dv) / v */
    if (zv) mpfr_div(out, du, v, RN);
    else {
      mpfr_mul(t, f, dv, RN);
      mpfr_sub(s, du, t, RN);
      note_sum(e, 1, du, t, s);
      mpfr_div(out, s, v, RN);
    }
    break;
  case OP_NEG: mpfr_neg(out, du, RN); break;
  case OP_POWI: mpfr_pow_si(t, u, n->k - 1, RN); mpfr_mul_si(t, t, n->k, RN); mpfr_mul(out, t, du, RN); break;
  case OP_POW:   /* v u^(v-1) du + f log(u) dv; not f (v du / u + ...), which is 0 * inf at u = 0 */
    if (zu) mpfr_set_zero(t, 1);
    else { mpfr_sub_ui(t, v, 1, RN); mpfr_pow(t, u, t, RN); mpfr_mul(t, t, v, RN); mpfr_mul(t, t, du, RN); }
    if (zv) mpfr_set_zero(s, 1);
    else {
      oracle_call(mpfr_log, s, u);   /* log(u) near u = 1 amplifies u's rounding, as OP_LOG's value would */
      if (e->in_u && mpfr_regular_p(u)) {
        if (mpfr_zero_p(s)) note(e, ORACLE_LOST_ALL);
        else if (mpfr_regular_p(s) && mpfr_get_exp(s) < 0) note(e, -mpfr_get_exp(s));
      }
      mpfr_mul(s, s, f, RN);
      mpfr_mul(s, s, dv, RN);
    }
    mpfr_add(out, t, s, RN);
    note_sum(e, 1, t, s, out);
    break;
  case OP_ABS: mpfr_mul_si(out, du, mpfr_sgn(u), RN); break;
  case OP_SIGN: mpfr_set_zero(out, 1); break;
  case OP_MIN: case OP_MAX: {
    int c = mpfr_cmp(u, v);   /* the tie was noted with the value */
    if (n->op == OP_MIN) c = -c;
    if (c > 0) mpfr_set(out, du, RN);
    else if (c < 0) mpfr_set(out, dv, RN);
    else { mpfr_add(out, du, dv, RN); mpfr_div_2ui(out, out, 1, RN); }
    break;
  }
  case OP_EXP: mpfr_mul(out, f, du, RN); break;
  case OP_EXPM1: oracle_call(mpfr_exp, t, u); mpfr_mul(out, t, du, RN); break;
  case OP_LOG: mpfr_div(out, du, u, RN); break;
  case OP_LOG1P: mpfr_add_ui(t, u, 1, RN); mpfr_div(out, du, t, RN); break;
  case OP_SQRT: mpfr_mul_2ui(t, f, 1, RN); mpfr_div(out, du, t, RN); break;
  case OP_CBRT: mpfr_sqr(t, f, RN); mpfr_mul_ui(t, t, 3, RN); mpfr_div(out, du, t, RN); break;
  case OP_HYPOT:
    if (zu) mpfr_set_zero(t, 1); else mpfr_mul(t, u, du, RN);
    if (zv) mpfr_set_zero(s, 1); else mpfr_mul(s, v, dv, RN);
    mpfr_add(out, t, s, RN);
    note_sum(e, 1, t, s, out);
    mpfr_div(out, out, f, RN);
    break;
  case OP_ERF: case OP_ERFC:   /* +-2/sqrt(pi) exp(-u^2) du */
    mpfr_sqr(t, u, RN); mpfr_neg(t, t, RN); oracle_call(mpfr_exp, t, t);
    mpfr_const_pi(s, RN); mpfr_sqrt(s, s, RN); mpfr_div(t, t, s, RN); mpfr_mul_2ui(t, t, 1, RN);
    if (n->op == OP_ERFC) mpfr_neg(t, t, RN);
    mpfr_mul(out, t, du, RN); break;
  case OP_TANH: oracle_call(mpfr_sech, t, u); mpfr_sqr(t, t, RN); mpfr_mul(out, t, du, RN); break;
  case OP_SINH: oracle_call(mpfr_cosh, t, u); mpfr_mul(out, t, du, RN); break;
  case OP_COSH: oracle_call(mpfr_sinh, t, u); mpfr_mul(out, t, du, RN); break;
  case OP_ATAN: mpfr_sqr(t, u, RN); mpfr_add_ui(t, t, 1, RN); mpfr_div(out, du, t, RN); break;
  case OP_SIN: case OP_COS:
    if (trig_beyond(u)) mpfr_set_nan(t);
    else if (n->op == OP_SIN) oracle_call(mpfr_cos, t, u);
    else { oracle_call(mpfr_sin, t, u); mpfr_neg(t, t, RN); }
    mpfr_mul(out, t, du, RN);
    break;
  case OP_SIGMOID: sigmoid_deriv(t, u, e->prec); mpfr_mul(out, t, du, RN); break;
  case OP_SOFTPLUS: sigmoid(t, u, e->prec); mpfr_mul(out, t, du, RN); break;
  case OP_RELU: if (mpfr_sgn(u) > 0) mpfr_set(out, du, RN); else mpfr_set_zero(out, 1); break;
  default: die("oracle: no derivative for %s", op_info[n->op].name);
  }
}

static void walk(Eval *e, const Node *n) {
  if (e->done[n->id]) return;
  e->done[n->id] = 1;
  visited(n->id);
  for (int i = 0; i < n->nargs; i++) walk(e, n->a[i]);
  if (op_info[n->op].cls == CLASS_COND) {
    const Node *a = n->a[0], *b = n->nargs > 1 ? n->a[1] : NULL;
    switch (n->op) {
    case OP_NOT: e->cond[n->id] = !e->cond[a->id]; break;
    case OP_AND: e->cond[n->id] = e->cond[a->id] && e->cond[b->id]; break;
    case OP_OR: e->cond[n->id] = e->cond[a->id] || e->cond[b->id]; break;
    default:
      e->cond[n->id] = compare(n->op, e->val[a->id], e->val[b->id]);
      note_compare(e, e->inexact[a->id] || e->inexact[b->id], e->val[a->id], e->val[b->id]);
    }
    return;
  }
  e->done[n->id] = 2;   /* holds MPFR variables from the pool */
  take(e->val[n->id], e->prec);
  if (e->dir >= -1) take(e->der[n->id], e->prec);
  if (n->op == OP_SELECT) {   /* the branch taken, value and derivative */
    const Node *b = e->cond[n->a[0]->id] ? n->a[1] : n->a[2];
    mpfr_set(e->val[n->id], e->val[b->id], RN);
    if (e->dir >= -1) mpfr_set(e->der[n->id], e->der[b->id], RN);
    e->inexact[n->id] = e->inexact[b->id];
    return;
  }
  /* lower.c's u v + w rounded once, in the float kernels' DAGs, which only
   * emit_bounds.c's probes evaluate (as lowered_value's forms; no notes of
   * cancellation for the precision they take) */
  if (n->op == OP_FMA) {
    const Node *a = n->a[0], *b = n->a[1], *c = n->a[2];
    int t = mpfr_fma(e->val[n->id], e->val[a->id], e->val[b->id], e->val[c->id], RN);
    e->inexact[n->id] = t != 0 || e->inexact[a->id] || e->inexact[b->id] || e->inexact[c->id];
    if (e->dir >= -1) {   /* du v + u dv + dw */
      mpfr_t p;
      mpfr_init2(p, e->prec);
      mpfr_mul(p, e->der[a->id], e->val[b->id], RN);
      mpfr_fma(e->der[n->id], e->val[a->id], e->der[b->id], p, RN);
      mpfr_add(e->der[n->id], e->der[n->id], e->der[c->id], RN);
      mpfr_clear(p);
    }
    return;
  }
  mpfr_ptr u = n->nargs > 0 ? e->val[n->a[0]->id] : NULL, v = n->nargs > 1 ? e->val[n->a[1]->id] : NULL;
  int in_u = n->nargs > 0 && e->inexact[n->a[0]->id], in_v = n->nargs > 1 && e->inexact[n->a[1]->id];
  int t = value(e, n, e->val[n->id], u, v);
  e->inexact[n->id] = t != 0 || in_u || in_v;
  if (n->op == OP_ADD || n->op == OP_SUB) note_sum(e, in_u || in_v, u, v, e->val[n->id]);
  else if (n->op == OP_MIN || n->op == OP_MAX) note_compare(e, in_u || in_v, u, v);
  else note_function(e, n, in_u || (n->op == OP_POW && in_v), e->val[n->id], u, v);
  e->in_u = in_u;
  if (e->dir >= -1) {
    mpfr_exp_t lost = e->lost;
    e->lost = 0;
    derivative(e, n, e->der[n->id], e->val[n->id], u, n->nargs > 0 ? e->der[n->a[0]->id] : NULL, v,
               n->nargs > 1 ? e->der[n->a[1]->id] : NULL);
    if (e->lost > e->der_lost) e->der_lost = e->lost;
    /* with value_lost, the derivative's cancellations do not count in lost */
    if (e->value_lost || lost > e->lost) e->lost = lost;
  }
}

/* The bits lost by the last evaluation (see note_sum), and by its
 * derivative's operations alone. */
static mpfr_exp_t last_lost, last_der_lost;

static void evaluate(const Node *n, mpfr_t val, mpfr_t der, const mpfr_t *x, mpfr_t *theta, int dir, mpfr_prec_t prec,
                     int value_lost) {
  oracle_init_ranges();
  size_t count = (size_t)n->id + 1;
  if (count > ws.cap) {
    size_t cap = ws.cap ? ws.cap : 1024;
    while (cap < count) cap *= 2;
    ws.val = grow(ws.val, ws.cap, cap, sizeof(mpfr_t));
    ws.der = grow(ws.der, ws.cap, cap, sizeof(mpfr_t));
    ws.cond = grow(ws.cond, ws.cap, cap, sizeof(int));
    ws.done = grow(ws.done, ws.cap, cap, 1);
    ws.inexact = grow(ws.inexact, ws.cap, cap, 1);
    ws.num = grow(ws.num, ws.cap, cap, sizeof *ws.num);
    ws.cap = cap;
  }
  Eval e = {prec, x, theta, dir, ws.val, dir >= -1 ? ws.der : NULL, ws.cond, ws.done, ws.inexact, 0, 0, value_lost, 0};
  ws.nvisited = 0;
  walk(&e, n);
  mpfr_set(val, e.val[n->id], RN);
  if (der) mpfr_set(der, e.der[n->id], RN);
  for (size_t i = 0; i < ws.nvisited; i++) {
    int id = ws.visited[i];
    if (ws.done[id] == 2) {
      give(ws.val[id]);
      if (e.der) give(ws.der[id]);
    }
    ws.done[id] = ws.inexact[id] = 0;
    ws.cond[id] = 0;
  }
  last_lost = e.lost;
  last_der_lost = e.der_lost;
}

void oracle_eval(const Node *n, mpfr_t out, const mpfr_t x, mpfr_t *theta, mpfr_prec_t prec) {
  evaluate(n, out, NULL, x ? (const mpfr_t *)x : NULL, theta, -2, prec, 0);
}

void oracle_eval_dual(const Node *n, mpfr_t val, mpfr_t der, const mpfr_t x, mpfr_t *theta, int dir,
                      mpfr_prec_t prec) {
  evaluate(n, val, der, x ? (const mpfr_t *)x : NULL, theta, dir, prec, 0);
}

void oracle_eval_dx_value_lost(const Node *n, mpfr_t val, mpfr_t der, const mpfr_t x, mpfr_t *theta,
                               mpfr_prec_t prec) {
  evaluate(n, val, der, x ? (const mpfr_t *)x : NULL, theta, -1, prec, 1);
}

mpfr_exp_t oracle_last_lost(void) { return last_lost; }
mpfr_exp_t oracle_last_der_lost(void) { return last_der_lost; }

void oracle_reset(void) {
  for (size_t i = 0; i < ws.npool; i++) mpfr_clear(ws.pool[i]);
  for (size_t i = 0; i < ws.cap; i++)
    for (int k = 0; k < 2; k++)
      if (ws.num[i].prec[k]) mpfr_clear(ws.num[i].v[k]);
  if (ws.temp_ready) mpfr_clears(ws.temp[0], ws.temp[1], (mpfr_ptr)0);
  free(ws.pool);
  free(ws.num);
  free(ws.val);
  free(ws.der);
  free(ws.cond);
  free(ws.done);
  free(ws.inexact);
  free(ws.visited);
  memset(&ws, 0, sizeof ws);
  oracle_const_reset();
  oracle_memo_reset();
}
