/* log1p_forms.c — logs of sums near their value at x = 0, as log1p.
 *
 * lsemax4, (log(e^(kx) + e^(kx/4)) - log 2)/k, is near x = 0 the log of
 * 2 + a small change; the log rounds that change to what double keeps of
 * it beside log 2, and subtracting log 2 cancels the rest: 35 ULP off at
 * x = -0.01, beyond where its Taylor series at 0 serves. A log of a sum
 * of constants and terms c e^u, with u = lambda x through 0, is
 *
 *   log(S) = log(S0) + log1p(D / S0),
 *
 * S0 the sum at x = 0 (the constants and the c) and D = sum of
 * c expm1(u), the change computed without cancellation; log(S0) and the
 * written log 2 are then the same node, and cancel.c's like terms remove
 * both. A candidate: where S is far from S0 the stabilizer keeps another
 * form.
 */
#include <stdlib.h>
#include "stabilize.h"

enum { MAX_LOG_TERMS = 8 };

typedef struct LogRw {
  Node **memo;   /* by id, for the nodes that existed at the start */
  int size, made;
} LogRw;

/* Whether u = lambda x exactly: sums, negations, and products and
 * quotients by factors free of x, of x itself (u(0) = 0 whatever theta). */
static int through_zero(const Node *u) {
  switch (u->op) {
  case OP_X: return 1;
  case OP_NEG: return through_zero(u->a[0]);
  case OP_ADD: case OP_SUB: return through_zero(u->a[0]) && through_zero(u->a[1]);
  case OP_MUL: return u->a[0]->has_x != u->a[1]->has_x && through_zero(u->a[u->a[0]->has_x ? 0 : 1]);
  case OP_DIV: return !u->a[1]->has_x && through_zero(u->a[0]);
  default: return 0;
  }
}

/* n as c e^u with c free of x and u = lambda x: sets c and u. */
static int exp_term(Node *n, Node **c, Node **u) {
  Node *e = n, *k = NULL;
  if (n->op == OP_MUL) {
    int i = n->a[0]->has_x ? 0 : 1;
    if (n->a[1 - i]->has_x) return 0;
    e = n->a[i];
    k = n->a[1 - i];
  }
  if (e->op != OP_EXP || !through_zero(e->a[0])) return 0;
  *c = k ? k : dag_num_si(1, 1);
  *u = e->a[0];
  return 1;
}

static Node *add_signed(Node *acc, Node *v, int neg) {
  if (!acc) return neg ? dag_neg(v) : v;
  return neg ? dag_sub(acc, v) : dag_add(acc, v);
}

/* log(s) as log(S0) + log1p(D / S0), or NULL when s is no such sum. */
static Node *log_shifted(Node *s) {
  Node *t[MAX_LOG_TERMS], *s0 = NULL, *d = NULL, *c, *u;
  int neg[MAX_LOG_TERMS], nt = 0;
  if (!sum_flatten(s, 0, t, neg, &nt, MAX_LOG_TERMS) || nt < 2) return NULL;
  for (int i = 0; i < nt; i++) {
    if (!t[i]->has_x) {
      s0 = add_signed(s0, t[i], neg[i]);
    } else if (exp_term(t[i], &c, &u)) {
      s0 = add_signed(s0, c, neg[i]);
      Node *e = dag_1(OP_EXPM1, u);
      Node *ce = dag_mul(c, e);
      d = add_signed(d, ce, neg[i]);
    } else {
      return NULL;
    }
  }
  if (!d) return NULL;
  Node *q = dag_div(d, s0);
  Node *l1 = dag_1(OP_LOG1P, q);
  Node *l0 = dag_1(OP_LOG, s0);
  return dag_add(l0, l1);
}

static Node *rewrite(LogRw *w, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (n->id < w->size && w->memo[n->id]) return w->memo[n->id];
  Node *a[3] = {NULL, NULL, NULL};
  int changed = 0;
  for (int i = 0; i < n->nargs; i++) {   /* one node-making call per statement (dag.h) */
    a[i] = rewrite(w, n->a[i]);
    changed |= a[i] != n->a[i];
  }
  Node *r = changed ? dag_make(n->op, a[0], a[1], a[2], n->k) : n;
  if (r->op == OP_LOG) {
    Node *l = log_shifted(r->a[0]);
    if (l) r = l, w->made = 1;
  }
  if (n->id < w->size) w->memo[n->id] = r;
  return r;
}

Node *log1p_forms(Node *n, const double *theta0) {
  LogRw w = {NULL, dag_node_count(), 0};
  w.memo = heap_alloc(sizeof(Node *) * ((size_t)w.size + 1));
  Node *r = rewrite(&w, n);
  free(w.memo);
  if (!w.made) return NULL;
  Node *c = cancel_terms(r, 0, theta0);   /* log(S0) - log 2 */
  return c ? c : r;
}
