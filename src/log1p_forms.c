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
 *
 * The same collection serves sums that are no log's argument: the
 * log-log unit 1 - e^(-e^x) is 1 minus a number that rounds to 1 for
 * x << 0 (3e5 float ULP off at x = -38), and so is any sum whose
 * constants cancel the c of its terms c e^u. expm1_forms writes such a
 * sum as S0 + sum of c expm1(u), for any u: S0 (here 1 - 1) folds, and
 * what is left has no cancellation where u is small. A rule would be
 * wrong elsewhere (where e^u overflows, expm1's form loses the tail
 * forms built on the written one), so this too is a candidate.
 *
 * Both walk the DAG with rewrite_bottom_up, which trig_square.c shares.
 */
#include <math.h>
#include <stdlib.h>
#include "stabilize.h"

enum { MAX_LOG_TERMS = 8 };

/* n as c e^u with c free of x and u = lambda x (any u with x when
 * !through): sets c and u. */
static int exp_term(Node *n, Node **c, Node **u, int through) {
  Node *e = n, *k = NULL;
  if (n->op == OP_MUL) {
    int i = n->a[0]->has_x ? 0 : 1;
    if (n->a[1 - i]->has_x) return 0;
    e = n->a[i];
    k = n->a[1 - i];
  }
  if (e->op != OP_EXP || !e->a[0]->has_x || (through && !tail_through_zero(e->a[0]))) return 0;
  *c = k ? k : dag_num_si(1, 1);
  *u = e->a[0];
  return 1;
}

static Node *add_signed(Node *acc, Node *v, int neg) {
  if (!acc) return neg ? dag_neg(v) : v;
  return neg ? dag_sub(acc, v) : dag_add(acc, v);
}

/* Sum s as S0 + D: S0 its constants and the c of its terms c e^u, D the
 * sum of c expm1(u) and of its other terms (only when others_ok). Returns
 * 0 when s has no such term, or (others_ok) no constant, or (!others_ok)
 * other terms.
 * With theta0, *big is the largest magnitude at theta0 of S0's parts. */
static int split_sum(Node *s, int others_ok, Node **s0, Node **d, const double *theta0, double *big) {
  Node *t[MAX_LOG_TERMS], *c, *u;
  int neg[MAX_LOG_TERMS], nt = 0, consts = 0, exps = 0;
  *s0 = *d = NULL;
  if (!sum_flatten(s, 0, t, neg, &nt, MAX_LOG_TERMS) || nt < 2) return 0;
  for (int i = 0; i < nt; i++) {
    Node *part = NULL;
    if (!t[i]->has_x) {
      *s0 = add_signed(*s0, part = t[i], neg[i]), consts++;
    } else if (exp_term(t[i], &c, &u, !others_ok)) {
      *s0 = add_signed(*s0, part = c, neg[i]), exps++;
      Node *e = dag_1(OP_EXPM1, u);
      Node *ce = dag_mul(c, e);
      *d = add_signed(*d, ce, neg[i]);
    } else if (others_ok) {
      *d = add_signed(*d, t[i], neg[i]);
    } else {
      return 0;
    }
    if (part && theta0) *big = fmax(*big, fabs(tail_value_at(theta0, part)));
  }
  return exps && (consts || !others_ok);
}

/* log(s) as log(S0) + log1p(D / S0), or NULL when s is no such sum. */
static Node *log_shifted(Node *s) {
  Node *s0, *d;
  if (!split_sum(s, 0, &s0, &d, NULL, NULL)) return NULL;
  Node *q = dag_div(d, s0);
  Node *l1 = dag_1(OP_LOG1P, q);
  Node *l0 = dag_1(OP_LOG, s0);
  return dag_add(l0, l1);
}

/* Sum s as S0 + D (split_sum), or NULL when S0 cancels nothing: its
 * value at theta0 not below half its largest part's (1 - 1 and 2 - 3/2
 * do; 1 + e^-x, sigmoid's, does not). */
static Node *sum_shifted(const double *theta0, Node *s) {
  Node *s0, *d;
  double big = 0;
  if (!split_sum(s, 1, &s0, &d, theta0, &big) || !(fabs(tail_value_at(theta0, s0)) < big / 2)) return NULL;
  return dag_add(s0, d);
}

typedef struct Rewrite {
  Node **memo;   /* by id, for the nodes that existed at the start */
  int size, made;
  Node *(*at)(Node *, const void *);
  const void *ctx;
} Rewrite;

static Node *rewrite(Rewrite *w, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (n->id < w->size && w->memo[n->id]) return w->memo[n->id];
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) a[i] = rewrite(w, n->a[i]);   /* one node-making call per statement (dag.h) */
  Node *r = dag_with_args(n, a);
  Node *l = w->at(r, w->ctx);
  if (l) r = l, w->made = 1;
  if (n->id < w->size) w->memo[n->id] = r;
  return r;
}

Node *rewrite_bottom_up(Node *n, Node *(*at)(Node *r, const void *ctx), const void *ctx) {
  Rewrite w = {NULL, dag_node_count(), 0, at, ctx};
  w.memo = heap_alloc(sizeof(Node *) * ((size_t)w.size + 1));
  Node *r = rewrite(&w, n);
  free(w.memo);
  return w.made ? r : NULL;
}

static Node *at_log(Node *r, const void *ctx) {
  (void)ctx;
  return r->op == OP_LOG ? log_shifted(r->a[0]) : NULL;
}

static Node *at_sum(Node *r, const void *theta0) {
  return r->op == OP_ADD || r->op == OP_SUB ? sum_shifted(theta0, r) : NULL;
}

Node *log1p_forms(Node *n, const double *theta0) {
  Node *r = rewrite_bottom_up(n, at_log, NULL);
  if (!r) return NULL;
  Node *c = cancel_terms(r, 0, theta0);   /* log(S0) - log 2 */
  return c ? c : r;
}

Node *expm1_forms(Node *n, const double *theta0) { return rewrite_bottom_up(n, at_sum, theta0); }
