/* series.c — Taylor polynomials around x = 0, where researchers centre
 * their variants and closed forms cancel: (x + sqrt(x^2 + b))/2 - sqrt(b)/2
 * loses every bit for |x| << sqrt(b), a expm1(x/a) - x exp(x/a) likewise.
 *
 * The coefficients are built symbolically: the j-th derivative of the
 * output by the compiler's own differentiator (diff.c, then simplify),
 * evaluated at x = 0 by substituting the exact number 0 into the DAG
 * (dag.c then folds what is rational), divided by j!. They stay functions
 * of theta, so a trainable variant keeps a valid series while it trains.
 * A branch of the function is taken as approached from one side: the
 * tests on x are decided as at x = side * tiny (x < 0 from the left is
 * true), sign(x) is that side. Which order, and up to which radius, is
 * decided by the stabilizer's measurement, not here. Where a coefficient
 * comes out dividing by 0 (sin(x)/x differentiated), the coefficients are
 * taken from series_laurent.c's term-by-term expansion instead.
 */
#include <stdlib.h>
#include "idmemo.h"
#include "stabilize.h"

/* Nodes a series may add before it is given up; beyond order 5 (orders 9
 * and 13 extend the radius for double), fewer: compile time. And the size
 * (operations) a derivative may exceed the output's by and still be
 * differentiated again (see series_coefficients). */
enum { MAX_GROWTH = 6000, MAX_GROWTH_HIGH = 1500, MAX_DERIVATIVE_OPS = 10000 };

typedef struct Subst {
  Node *value;
  int side, failed;
  IdMemo *memo;   /* the results by id (idmemo.c) */
} Subst;

/* Where a test ties at x = 0 (a expm1(x/a) < 0 in a CELU), the sign of
 * its slope decides it; a slope that is a function of theta (a (1/a),
 * which does not fold) is taken at tie_theta, the initial values, as
 * tail.c decides its dominant exponential: a series is a candidate, and
 * the stabilizer measures it there. NULL: such ties stay undecided. */
static const double *tie_theta;

void series_tie_theta(const double *theta0) { tie_theta = theta0; }

static int sign_at(Node *d) {
  double v = tail_value_at(tie_theta, d);
  return (v > 0) - (v < 0);
}

/* The sign of c(x) as x -> 0 from side, for a test whose operands became
 * rational numbers: 1 true, 0 false, -1 unknown. */
static int decide(const Subst *s, const Node *orig, Node *a, Node *b) {
  if (a->op != OP_NUM || b->op != OP_NUM) return -1;
  int c = mpq_cmp(a->q, b->q);
  if (c == 0) {   /* a tie at 0: decided by the slope of a - b there */
    Node *d = substitute_x(simplify(diff_x(dag_sub(orig->a[0], orig->a[1]))), s->value, s->side);
    c = d && d->op == OP_NUM ? dag_num_cmp_si(d, 0) : d && !d->has_x && tie_theta ? sign_at(d) : 0;
    c *= s->side;
    if (c == 0) return -1;
  }
  switch (orig->op) {
  case OP_LT: case OP_LE: return c < 0;
  case OP_EQ: return 0;
  case OP_NE: return 1;
  default: return -1;
  }
}


static Node *sub(Subst *s, Node *n) {
  if (!n->has_x) return n;
  Node *const *known = idmemo_get(s->memo, n->id);
  if (known) return *known;
  Node *r = NULL;
  if (n->op == OP_X) {
    r = s->value;
  } else if (n->op == OP_SELECT && n->a[0]->has_x) {
    Node *c = sub(s, n->a[0]);
    if (c && c->op == OP_NUM) r = sub(s, dag_num_cmp_si(c, 0) ? n->a[1] : n->a[2]);
  } else if (n->op == OP_NOT || n->op == OP_AND || n->op == OP_OR) {
    Node *u = sub(s, n->a[0]), *v = n->nargs > 1 ? sub(s, n->a[1]) : NULL;
    if (u && u->op == OP_NUM && (n->nargs == 1 || (v && v->op == OP_NUM))) {
      int a = dag_num_cmp_si(u, 0) != 0, b = v && dag_num_cmp_si(v, 0) != 0;
      r = dag_num_si(n->op == OP_NOT ? !a : n->op == OP_AND ? a && b : a || b, 1);
    }
  } else if (op_info[n->op].cls == CLASS_COND) {
    Node *u = sub(s, n->a[0]), *v = sub(s, n->a[1]);
    int d = u && v ? decide(s, n, u, v) : -1;
    if (d >= 0) r = dag_num_si(d, 1);   /* a decided test is the number 0 or 1 here */
  } else if (n->op == OP_SIGN && n->a[0]->op == OP_X) {
    r = dag_num_si(s->side, 1);
  } else {
    Node *a[3] = {NULL, NULL, NULL};
    int ok = 1;
    for (int i = 0; i < n->nargs; i++) ok &= (a[i] = sub(s, n->a[i])) != NULL;
    /* 0 * theta and 0 / theta are 0 for every finite theta (and nonzero
     * divisor); left as they are, log(e^(0 k) + e^(0 k / 4)) - log 2
     * becomes a coefficient that is 0 only when the kernels' log(2.0)
     * happens to round like the constant log 2, and a CELU's test
     * a expm1(0 / a) < 0 no number to decide */
    if (ok && ((n->op == OP_MUL && ((dag_is_zero(a[0]) && !n->a[1]->has_x) || (dag_is_zero(a[1]) && !n->a[0]->has_x))) ||
               (n->op == OP_DIV && dag_is_zero(a[0]) && !n->a[1]->has_x)))
      r = dag_num_si(0, 1);
    else if (ok) r = dag_make(n->op, a[0], a[1], a[2], n->k);
  }
  if (!r) s->failed = 1;
  return *(Node **)idmemo_put(s->memo, n->id) = r;
}

Node *substitute_x(Node *n, Node *value, int side) {
  Subst s = {value, side, 0, idmemo_open(n->id, sizeof(Node *))};
  Node *r = sub(&s, n);
  idmemo_close(s.memo);
  return s.failed ? NULL : r;
}

int series_coefficients(Node *n, int order, int side, Node **coef) {
  if (!n->has_x || order < 1) return 0;
  int start = dag_node_count(), j;
  Node *d = n, *zero = dag_num_si(0, 1);
  /* The growth counts new nodes only: where an earlier series (another
   * output's, sharing the chain: df/dx's j-th derivative is f's (j+1)-th)
   * made the derivatives already, it lets the next one go an order
   * further, each derivative about twice as large as the last (pau's
   * outputs: up to the 11th, 34 000 operations; a random input: the 16th,
   * past the DAG's 2 million nodes, in 14 s). A derivative more than
   * MAX_DERIVATIVE_OPS larger than the output is not differentiated again:
   * above the 8 500 of the largest one whose derivative gave a coefficient
   * in the shipped and test files (a 9th of pau's), so that their series
   * stay as they were. */
  int limit = dag_count_ops(&n, 1) + MAX_DERIVATIVE_OPS;
  mpz_t fact;
  mpz_init_set_ui(fact, 1);
  for (j = 0; j <= order && j < SERIES_MAX_ORDER; j++) {
    if (j > 0) {
      if (dag_count_ops_upto(&d, 1, limit) > limit) break;
      mpz_mul_ui(fact, fact, (unsigned long)j);
      d = simplify(diff_x(d));
    }
    Node *v = substitute_x(d, zero, side);
    if (!v || dag_node_count() - start > (j > 5 ? MAX_GROWTH_HIGH : MAX_GROWTH)) break;
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, fact);
    /* a coefficient that is 0 without folding to 0 (softplus(0) - log 2)
     * would be its rounding error, 1e-17, where the output is 0 */
    coef[j] = series_vanishes(v) ? dag_num_si(0, 1) : dag_div(v, dag_num_q(q));
    mpq_clear(q);
  }
  mpz_clear(fact);
  if (series_has_pole(coef, j)) {   /* 0/0 at x = 0: expand the terms instead */
    Node *alt[SERIES_MAX_ORDER];
    int k = series_laurent(n, order, side, alt);
    for (int i = 0; i < k; i++) coef[i] = alt[i];
    return k;
  }
  return j;
}

Node *series_polynomial(Node *const *coef, int order) {
  Node *p = coef[order];
  for (int j = order - 1; j >= 0; j--) p = dag_add(coef[j], dag_mul(dag_x(), p));
  return p;
}
