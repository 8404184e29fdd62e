/* horner.c — polynomials in x collected into Horner form, for the float
 * kernels.
 *
 * The differentiator applies the product rule to a polynomial as it is
 * written: the derivative of hp1's sum of c_i H_i(x), each H_i in Horner form
 * in x^2, becomes sums of products of polynomials, twice the operations of
 * the same polynomial in Horner form, and the sum itself multiplies each
 * H_i by its c_i where one Horner scheme with collected coefficients would
 * do. Here a float root's subexpressions that are polynomials in x are
 * collected into coefficients and written in Horner form (in x^2 where the
 * polynomial is even or odd, as polynomials.c writes the families) when that
 * takes fewer operations on x. The coefficients are x-free DAG nodes:
 * constants fold exactly (GMP), theta-only ones are computed once per call.
 *
 * What counts as a polynomial: x, x-free values, +, -, negation, products
 * in which one factor is a monomial c x^k, powers of monomials and
 * divisions by x-free values, up to degree MAX_DEGREE. A product of two
 * polynomials that are not monomials, or a power of one, stays as written:
 * (x - 1)^8 expanded would lose every digit near x = 1, while the collected
 * sums of orthogonal polynomials keep the float kernels within their
 * baselines (tests/baselines, tests/variants: measured, not assumed). The
 * bound on the degree keeps the monomial coefficients of such series, which
 * grow like 2^n, from cancelling more than a few bits of double's 53.
 *
 * Only the float kernels' DAGs are rewritten (lower.c calls this first):
 * the double kernels, `actgen deriv` and the oracle keep the forms the
 * stabilizer chose. A candidate is taken when the three bodies the float
 * kernels print (f, df/dx, df/dx with the df/dtheta) take fewer operations
 * on x with it, counted over the whole DAG with the forms taken so far:
 * the nodes under it that something else uses stay. hp1's df/dx: 84 -> 68
 * operations, float forward+backward at 2^24 -7% (hp2 -6%, gelu_tanh -9%
 * in cache; Zen 5, AVX-512).
 */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "lower.h"

#define MAX_DEGREE 6

/* Each candidate counts the bodies' operations again: after this many
 * node visits in all (hostile input; the shipped activations take at most
 * 12,000: hp.act) the pass keeps the forms chosen so far. And it
 * makes at most a quarter of the DAG's node limit, on a DAG of at most a
 * quarter (else it leaves it as it is): past the limit the constructor
 * makes stand-ins, which the stages after this one would print. */
#define MAX_WORK 4000000L
#define MAX_NODES (LIMIT_DAG_NODES / 4)

typedef struct Poly {
  int deg;                   /* -1: not a polynomial (or beyond MAX_DEGREE) */
  Node *c[MAX_DEGREE + 1];   /* c[k] the coefficient of x^k, NULL for 0 */
} Poly;

typedef struct Horner {
  Poly *poly;              /* by node id, for the nodes that existed when it began */
  unsigned char *done;     /* poly[id] is computed */
  Node **memo;
  int size;
  Node **sub;              /* by node id: the Horner form chosen for it */
  unsigned *stamp;         /* by node id (growing with the DAG): the count of
                            * body_ops that last saw it */
  int nstamp;
  unsigned count;
} Horner;

static Poly none(void) {
  Poly p = {-1, {NULL}};
  return p;
}

/* p with its zero coefficients dropped (a zero polynomial: degree 0, c[0]
 * NULL); not a polynomial where a collected number is not tame (dag.c:
 * 1e300 (1e100 x) with the coefficient 1e400, HUGE_VAL, is NaN at x = 0) */
static Poly trim(Poly p) {
  for (int k = 0; k <= p.deg; k++) {
    if (p.c[k] && dag_is_zero(p.c[k])) p.c[k] = NULL;
    if (p.c[k] && dag_is_num(p.c[k]) && !dag_q_tame(p.c[k]->q)) return none();
  }
  while (p.deg > 0 && !p.c[p.deg]) p.deg--;
  return p;
}

/* The index of p's one nonzero coefficient, or -1. */
static int monomial(const Poly *p) {
  int at = -1;
  for (int k = 0; k <= p->deg; k++)
    if (p->c[k]) {
      if (at >= 0) return -1;
      at = k;
    }
  return at;
}

static Poly poly_of(Horner *h, Node *n);

static Poly sum(Horner *h, Node *n) {
  Poly a = poly_of(h, n->a[0]);
  Poly b = poly_of(h, n->a[1]);
  if (a.deg < 0 || b.deg < 0) return none();
  Poly p = {a.deg > b.deg ? a.deg : b.deg, {NULL}};
  for (int k = 0; k <= p.deg; k++) {
    Node *u = k <= a.deg ? a.c[k] : NULL, *v = k <= b.deg ? b.c[k] : NULL;
    if (u && v) p.c[k] = n->op == OP_ADD ? dag_add(u, v) : dag_sub(u, v);
    else if (v) p.c[k] = n->op == OP_ADD ? v : dag_neg(v);
    else p.c[k] = u;
  }
  return trim(p);
}

/* a times the monomial c x^j */
static Poly shifted(const Poly *a, Node *c, int j) {
  if (a->deg + j > MAX_DEGREE) return none();
  Poly p = {a->deg + j, {NULL}};
  for (int k = 0; k <= a->deg; k++)
    if (a->c[k]) p.c[k + j] = dag_mul(c, a->c[k]);
  return trim(p);
}

static Poly product(Horner *h, Node *n) {
  Poly a = poly_of(h, n->a[0]);
  Poly b = poly_of(h, n->a[1]);
  if (a.deg < 0 || b.deg < 0) return none();
  int ja = monomial(&a), jb = monomial(&b);
  if (jb >= 0) return shifted(&a, b.c[jb], jb);
  if (ja >= 0) return shifted(&b, a.c[ja], ja);
  return none();
}

static Poly compute(Horner *h, Node *n) {
  Poly p = {0, {NULL}};
  if (!n->has_x) {
    p.c[0] = n;
    return trim(p);
  }
  switch (n->op) {
  case OP_X:
    p.deg = 1;
    p.c[1] = dag_num_si(1, 1);
    return p;
  case OP_NEG: {
    Poly a = poly_of(h, n->a[0]);
    for (int k = 0; k <= a.deg; k++)
      if (a.c[k]) a.c[k] = dag_neg(a.c[k]);
    return a;
  }
  case OP_ADD: case OP_SUB: return sum(h, n);
  case OP_MUL: return product(h, n);
  case OP_DIV: {
    if (n->a[1]->has_x) return none();
    Poly a = poly_of(h, n->a[0]);
    for (int k = 0; k <= a.deg; k++)
      if (a.c[k]) a.c[k] = dag_div(a.c[k], n->a[1]);
    return trim(a);
  }
  case OP_POWI: {
    Poly a = poly_of(h, n->a[0]);
    int j = a.deg < 0 ? -1 : monomial(&a);
    if (j < 0 || (long)j * n->k > MAX_DEGREE) return none();
    p.deg = j * n->k;
    p.c[p.deg] = dag_powi(a.c[j], n->k);
    return p;
  }
  default: return none();
  }
}

static Poly poly_of(Horner *h, Node *n) {
  if (n->id >= h->size) return compute(h, n);   /* made here: not memoized */
  if (!h->done[n->id]) {
    h->poly[n->id] = compute(h, n);
    h->done[n->id] = 1;
  }
  return h->poly[n->id];
}

/* p in Horner form: in x^2 when only even or only odd powers occur. */
static Node *horner_form(const Poly *p) {
  int even = 1, odd = 1;
  for (int k = 0; k <= p->deg; k++) {
    if (!p->c[k]) continue;
    if (k % 2) even = 0; else odd = 0;
  }
  Node *x = dag_x();
  int step = (even || odd) && p->deg >= 2 ? 2 : 1;
  int first = step == 2 && odd ? 1 : 0;
  Node *w = step == 2 ? dag_powi(x, 2) : x;
  Node *acc = NULL;
  for (int k = p->deg; k >= first; k -= step) {
    if (!acc) acc = p->c[k];
    else {
      Node *m = dag_mul(acc, w);
      acc = p->c[k] ? dag_add(m, p->c[k]) : m;
    }
  }
  if (!acc) return dag_num_si(0, 1);
  return first ? dag_mul(acc, x) : acc;
}

/* The operations on x (the nodes that depend on x, but x) under n with the
 * forms chosen so far (h->sub), each node once: nodes seen carry this
 * count's stamp. */
static int body_ops(Horner *h, const Node *n) {
  if (n->id < h->size && h->sub[n->id]) n = h->sub[n->id];
  if (!n->has_x || n->op == OP_X) return 0;
  if (n->id >= h->nstamp) {
    int m = 2 * n->id + 64;
    h->stamp = realloc(h->stamp, sizeof *h->stamp * (size_t)m);
    if (!h->stamp) die("out of memory");
    memset(h->stamp + h->nstamp, 0, sizeof *h->stamp * (size_t)(m - h->nstamp));
    h->nstamp = m;
  }
  if (h->stamp[n->id] == h->count) return 0;
  h->stamp[n->id] = h->count;
  int c = 1;
  for (int i = 0; i < n->nargs; i++) c += body_ops(h, n->a[i]);
  return c;
}

/* The operations on x of the three bodies the float kernels print: f
 * (roots[0]), df/dx (roots[1]), and df/dx with every df/dtheta. */
static int total_ops(Horner *h, Node *const *roots, int n) {
  int c = 0;
  for (int b = 0; b < 3; b++) {
    h->count++;
    for (int i = b == 2 ? 1 : b; i < (b == 2 ? n : b + 1) && i < n; i++)
      if (roots[i]) c += body_ops(h, roots[i]);
  }
  return c;
}

/* n with the chosen forms in place of the nodes they replace. */
static Node *apply(Horner *h, Node *n) {
  if (n->nargs == 0 || !n->has_x || n->id >= h->size) return n;
  if (h->sub[n->id]) return h->sub[n->id];
  if (h->memo[n->id]) return h->memo[n->id];
  Node *c[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) c[i] = apply(h, n->a[i]);   /* one node-making call per statement (dag.h) */
  Node *r = dag_with_args(n, c);
  h->memo[n->id] = r;
  return r;
}

/* The nodes under n that depend on x, by id (at[id]). */
static void reach(Horner *h, Node *n, Node **at) {
  if (n->id >= h->size || at[n->id] || !n->has_x) return;
  at[n->id] = n;
  for (int i = 0; i < n->nargs; i++) reach(h, n->a[i], at);
}

void horner_float(Node **roots, int n) {
  Horner h = {0};
  h.size = dag_node_count();
  if (dag_overflowed() || h.size > MAX_NODES) return;
  size_t m = (size_t)h.size + 1;
  Node **at = calloc(m, sizeof *at);
  h.poly = calloc(m, sizeof *h.poly);
  h.done = calloc(m, 1);
  h.memo = calloc(m, sizeof *h.memo);
  h.sub = calloc(m, sizeof *h.sub);
  if (!at || !h.poly || !h.done || !h.memo || !h.sub) die("out of memory");
  for (int i = 0; i < n; i++)
    if (roots[i]) reach(&h, roots[i], at);
  /* Candidates from the top down (a node's operands have smaller ids): a
   * polynomial whose Horner form lowers the operations of the bodies,
   * counted with the forms chosen so far; the nodes under a chosen one
   * that nothing else uses drop out of the counts. */
  int before = total_ops(&h, roots, n);
  long work = 0;
  for (int id = h.size - 1; id >= 0 && work < MAX_WORK && dag_node_count() < h.size + MAX_NODES; id--) {
    Node *v = at[id];
    if (!v || (v->op != OP_ADD && v->op != OP_SUB && v->op != OP_MUL && v->op != OP_NEG)) continue;
    Poly p = poly_of(&h, v);
    if (p.deg < 1) continue;
    Node *form = horner_form(&p);
    if (form == v) continue;
    h.sub[id] = form;
    int after = total_ops(&h, roots, n);
    work += after + before;
    if (after < before) before = after;
    else h.sub[id] = NULL;
  }
  for (int i = 0; i < n; i++)
    if (roots[i]) roots[i] = apply(&h, roots[i]);
  free(at);
  free(h.poly);
  free(h.done);
  free(h.memo);
  free(h.sub);
  free(h.stamp);
}
