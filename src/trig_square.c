/* trig_square.c — sums c + k sin(u) cos(u) as a square.
 *
 * Snake's derivative (Ziyin et al. 2020, x + sin(a x)^2 / a) is
 * 1 + 2 sin(ax) cos(ax), which passes through 0 where sin(ax) = -cos(ax):
 * the product's roundings are all that is left of the sum there, 7 ULP
 * off in double at x = -0.75, and no rewrite of the product helps. Since
 * sin^2 + cos^2 = 1, for any c and k free of x and s = +1 or -1,
 *
 *   c + k sin(u) cos(u) = c (sin u + s cos u)^2 + (k - 2 s c) sin(u) cos(u)
 *
 * exactly. With s the sign of k/c at the initial theta, the written sum's
 * zeros are those of sin u + s cos u: a subtraction of two values near
 * sqrt(1/2), exact (Sterbenz), that cancels only their own roundings, and
 * squared that is half an ULP of its size. k - 2 s c is zero where k is
 * 2 s c as written (snake: 2a/a - 2 * 1), else the term keeps what is
 * left. Other terms of the sum stay as they are. A candidate: the
 * measurement decides where, if anywhere, it is better.
 */
#include <math.h>
#include "stabilize.h"

enum { MAX_TERMS = 8, MAX_FACTORS = 8 };

/* The factors of a product or quotient t (negations counted in *neg):
 * num[] and den[]; 0 when the tree is larger, or a denominator has x. */
static int factors(Node *t, Node **num, int *nn, Node **den, int *nd, int *neg) {
  if (t->op == OP_MUL) return factors(t->a[0], num, nn, den, nd, neg) && factors(t->a[1], num, nn, den, nd, neg);
  if (t->op == OP_NEG) {
    *neg = !*neg;
    return factors(t->a[0], num, nn, den, nd, neg);
  }
  if (t->op == OP_DIV) {
    if (t->a[1]->has_x || *nd == MAX_FACTORS) return 0;
    den[(*nd)++] = t->a[1];
    return factors(t->a[0], num, nn, den, nd, neg);
  }
  if (*nn == MAX_FACTORS) return 0;
  num[(*nn)++] = t;
  return 1;
}

/* t as k sin(u) cos(u), k free of x: sets k (NULL: 1), *s and *co. */
static int sin_cos_term(Node *t, Node **k, Node **s, Node **co) {
  Node *num[MAX_FACTORS], *den[MAX_FACTORS];
  int nn = 0, nd = 0, neg = 0, is = -1, ic = -1;
  if (!factors(t, num, &nn, den, &nd, &neg)) return 0;
  for (int i = 0; i < nn; i++) {
    if (num[i]->op == OP_SIN && is < 0) is = i;
    else if (num[i]->op == OP_COS && ic < 0) ic = i;
    else if (num[i]->has_x) return 0;
  }
  if (is < 0 || ic < 0 || num[is]->a[0] != num[ic]->a[0]) return 0;
  *k = NULL;
  for (int i = 0; i < nn; i++)
    if (i != is && i != ic) *k = *k ? dag_mul(*k, num[i]) : num[i];
  if (!*k) *k = dag_num_si(1, 1);
  for (int i = 0; i < nd; i++) *k = dag_div(*k, den[i]);
  if (neg) *k = dag_neg(*k);
  *s = num[is];
  *co = num[ic];
  return 1;
}

static Node *add_signed(Node *acc, Node *v, int neg) {
  if (!acc) return neg ? dag_neg(v) : v;
  return neg ? dag_sub(acc, v) : dag_add(acc, v);
}

/* The sum n written with the square, or NULL when it is no such sum: one
 * term k sin(u) cos(u) and constants c with k/c at theta0 finite and not 0. */
static Node *square_sum(Node *n, const double *theta0) {
  Node *t[MAX_TERMS], *c = NULL, *k = NULL, *s = NULL, *co = NULL, *rest = NULL;
  int neg[MAX_TERMS], nt = 0, found = 0;
  if (!sum_flatten(n, 0, t, neg, &nt, MAX_TERMS) || nt < 2) return NULL;
  for (int i = 0; i < nt; i++) {
    Node *kk, *ss, *cc;
    if (!t[i]->has_x) {
      c = add_signed(c, t[i], neg[i]);
    } else if (!found && sin_cos_term(t[i], &kk, &ss, &cc)) {
      found = 1;
      k = neg[i] ? dag_neg(kk) : kk;
      s = ss, co = cc;
    } else {
      rest = add_signed(rest, t[i], neg[i]);
    }
  }
  if (!found || !c) return NULL;
  double ratio = tail_value_at(theta0, k) / tail_value_at(theta0, c);
  if (!isfinite(ratio) || ratio == 0) return NULL;
  int plus = ratio > 0;
  /* one node-making call per statement (dag.h) */
  Node *base = plus ? dag_add(s, co) : dag_sub(s, co);
  Node *sq = dag_powi(base, 2);
  Node *r = dag_mul(c, sq);
  Node *two = dag_num_si(plus ? 2 : -2, 1);
  Node *two_c = dag_mul(two, c);
  Node *left = dag_sub(k, two_c);
  Node *sc = dag_mul(s, co);
  Node *term = dag_mul(left, sc);
  r = dag_add(r, term);
  return rest ? dag_add(r, rest) : r;
}

static Node *at_sum(Node *r, const void *theta0) {
  return r->op == OP_ADD || r->op == OP_SUB ? square_sum(r, theta0) : NULL;
}

Node *trig_square_forms(Node *n, const double *theta0) { return rewrite_bottom_up(n, at_sum, theta0); }
