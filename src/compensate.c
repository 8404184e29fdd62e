/* compensate.c — forms evaluated with their rounding errors: one Horner
 * chain compensated (below); a sum of quotients over one denominator and a
 * sum with a root rationalized, the numerator in double-double pairs
 * (one_denominator; the pairs are double_double.c's). Each is a candidate.
 *
 * Near a root of a polynomial with coefficients of both signs, Horner's
 * rule in double loses as many bits as the terms cancel: pau's numerator
 * at x = -0.6227 left f 340 ULP off. Compensated Horner (Graillat,
 * Langlois and Louvet, 2005) carries the exact error of every step --
 * the product's by Dekker's splitting (no fma: the generated C must give
 * the same bits everywhere), the sum's by Knuth's TwoSum -- in a second
 * Horner recurrence, and adds it at the end: the result is as accurate as
 * Horner in twice the precision, rounded once.
 *
 *   s_n = a_n;  s_i = s_(i+1) v + a_i,
 *   e_i = e_(i+1) v + (TwoProdErr(s_(i+1), v) + TwoSumErr(s_(i+1) v, a_i)),
 *   p(v) = s_0 + e_0.
 *
 * Every step is written with the ordinary operators, so the form compiles,
 * prints and is measured like any other (the C file forbids contraction,
 * which would break the error-free transformations). It costs about 25
 * operations a step instead of 2, and splitting overflows beyond |s| =
 * 2^996: it is a candidate, which the stabilizer uses only in the regions
 * where it measures better.
 */
#include <math.h>
#include <stdlib.h>
#include <mpfr.h>
#include "idmemo.h"
#include "stabilize.h"

enum { MIN_TERMS = 3, MAX_TERMS = 64 };

typedef struct Comp {
  IdMemo *memo;   /* Node *, by id, for the nodes that existed at the start */
  int size;
} Comp;

static Node *num(long v) { return dag_num_si(v, 1); }

/* n = c + v * r (either order) with c free of x: sets c and r. */
static int step(const Node *n, Node *v, Node **c, Node **r) {
  if (n->op != OP_ADD) return 0;
  for (int i = 0; i < 2; i++) {
    Node *m = n->a[1 - i];
    if (n->a[i]->has_x || m->op != OP_MUL) continue;
    for (int j = 0; j < 2; j++)
      if (m->a[j] == v || (!v && m->a[j]->has_x)) {
        *c = n->a[i];
        *r = m->a[1 - j];
        return 1;
      }
  }
  return 0;
}

static Node *rewrite(Comp *cp, Node *n);

/* The coefficients of a Horner chain in v from n, constant term first
 * (the leading one last); how many, or 0 when n is not such a chain of at
 * least MIN_TERMS. */
static int coefficients(Node *n, Node *v, Node **coef) {
  Node *c, *r, *at = n;
  int k = 0;
  while (k < MAX_TERMS - 2 && step(at, v, &c, &r)) {
    coef[k++] = c;
    at = r;
  }
  if (at->has_x && at->op == OP_ADD && (at->a[0] == v || at->a[1] == v)) {
    coef[k++] = at->a[0] == v ? at->a[1] : at->a[0];   /* c + v: the leading coefficient is 1 */
    at = num(1);
  }
  if (at->has_x || k + 1 < MIN_TERMS) return 0;
  coef[k++] = at;
  return k;
}

/* A Horner chain from n, compensated; NULL when n is not one. The
 * variable is an operand of n's product that depends on x (x, |x|, 1/x). */
static Node *chain(Comp *cp, Node *n) {
  Node *coef[MAX_TERMS], *c, *r, *v = NULL;
  if (!step(n, NULL, &c, &r)) return NULL;
  const Node *m = n->a[0]->has_x ? n->a[0] : n->a[1];
  int k = 0;
  for (int j = 0; j < 2 && !k; j++)
    if (m->a[j]->has_x && (k = coefficients(n, m->a[j], coef))) v = m->a[j];
  if (!k) return NULL;
  v = rewrite(cp, v);
  Node *vh, *vl;
  dd_split(v, &vh, &vl);
  Node *s = coef[k - 1], *e = NULL;
  for (int i = k - 2; i >= 0; i--) {
    Node *p = dag_mul(s, v), *sn = dag_add(p, coef[i]);
    Node *pe = dd_two_prod_err(s, p, vh, vl);   /* one node-making call per statement (dag.h) */
    Node *se = dd_two_sum_err(p, coef[i], sn);
    Node *err = dag_add(pe, se);
    e = e ? dag_add(dag_mul(e, v), err) : err;
    s = sn;
  }
  return dag_add(s, e);
}

static Node *rewrite(Comp *cp, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  Node *const *known = n->id < cp->size ? idmemo_get(cp->memo, n->id) : NULL;
  if (known) return *known;
  Node *r = chain(cp, n);
  if (!r) {
    Node *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < n->nargs; i++) a[i] = rewrite(cp, n->a[i]);   /* one node-making call per statement (dag.h) */
    r = dag_with_args(n, a);
  }
  if (n->id < cp->size) *(Node **)idmemo_put(cp->memo, n->id) = r;
  return r;
}

Node *compensate_polynomials(Node *n) {
  Comp cp = {idmemo_open(dag_node_count(), sizeof(Node *)), dag_node_count()};
  Node *r = rewrite(&cp, n);
  idmemo_close(cp.memo);
  return r == n ? NULL : r;
}

/* ---- sums of quotients over one denominator ----
 * pau's df/dx is P'/Q - Q' (P/Q/Q): near an extremum of pau the two
 * quotients cancel, each rounded apart, and double loses 14 ULP there.
 * Written over one denominator, (P'Q - Q'P) / Q^2, the cancellation is
 * in one sum of products, which dd() evaluates in double-double and
 * rounds once; the denominator (here a sum of positive terms) and the
 * division round a few times more. Denominators are kept as products of
 * factors, so that Q and Q^2 meet at Q^2 (not Q^3). What is not a sum,
 * product, quotient, negation or power (x, |x|, sign(x), calls) is an
 * atom: a rounded value that the pairs take as exact. Only a sum that
 * joins quotients makes a candidate. */
enum { MAX_FACTORS = 4 };

typedef struct Frac {
  Node *num;
  int nf;                     /* the denominator: prod base[i]^pow[i] */
  Node *base[MAX_FACTORS];
  int pow[MAX_FACTORS];
  int joined;                 /* a sum below joined quotients */
} Frac;

typedef struct Quot {
  IdMemo *memo;   /* Frac */
  int size;
} Quot;

static Frac atom(Node *n) {
  Frac r = {n, 0, {NULL}, {0}, 0};
  return r;
}

/* n * b^k (k >= 0) */
static Node *times_pow(Node *n, Node *b, int k) {
  if (k == 0) return n;
  Node *p = k == 1 ? b : dag_powi(b, k);
  return dag_mul(n, p);
}

/* Where b is among f's factors, or -1. */
static int factor(const Frac *f, const Node *b) {
  for (int i = 0; i < f->nf; i++)
    if (f->base[i] == b) return i;
  return -1;
}

/* Multiplies f's denominator by b^k; 0 when there is no room or the
 * power would pass the language's limit on exponents (then dag_powi could
 * not build it). */
static int add_factor(Frac *f, Node *b, int k) {
  int i = factor(f, b);
  if (i < 0) {
    if (f->nf == MAX_FACTORS) return 0;
    i = f->nf++;
    f->base[i] = b;
    f->pow[i] = 0;
  }
  if (!dag_power_ok((long long)f->pow[i] + k)) return 0;
  f->pow[i] += k;
  return 1;
}

/* a's numerator brought to the denominator d (a multiple of a's). */
static Node *raise_to(const Frac *a, const Frac *d) {
  Node *n = a->num;
  for (int i = 0; i < d->nf; i++) {
    int j = factor(a, d->base[i]);
    n = times_pow(n, d->base[i], d->pow[i] - (j < 0 ? 0 : a->pow[j]));
  }
  return n;
}

static Frac frac(Quot *q, Node *n) {
  if (!n->has_x) return atom(n);
  const Frac *known = n->id < q->size ? idmemo_get(q->memo, n->id) : NULL;
  if (known) return *known;
  Frac r = atom(n), a, b;
  int ok = 1;
  switch (n->op) {
  case OP_NEG:
    r = frac(q, n->a[0]);
    r.num = dag_neg(r.num);
    break;
  case OP_POWI:
    a = frac(q, n->a[0]);
    r = a;
    for (int i = 0; i < r.nf && ok; i++) ok = dag_power_ok((long long)r.pow[i] * n->k);
    if (!ok) break;
    r.num = dag_powi(a.num, n->k);
    for (int i = 0; i < r.nf; i++) r.pow[i] *= n->k;
    break;
  case OP_MUL:
    a = frac(q, n->a[0]);
    b = frac(q, n->a[1]);
    r = a;
    r.num = dag_mul(a.num, b.num);
    r.joined |= b.joined;
    for (int i = 0; i < b.nf && ok; i++) ok = add_factor(&r, b.base[i], b.pow[i]);
    break;
  case OP_DIV:   /* (Na / Da) / (Nb / Db) = (Na Db) / (Da Nb) */
    a = frac(q, n->a[0]);
    b = frac(q, n->a[1]);
    r = a;
    r.joined |= b.joined;
    for (int i = 0; i < b.nf; i++) r.num = times_pow(r.num, b.base[i], b.pow[i]);
    ok = add_factor(&r, b.num, 1);
    break;
  case OP_ADD: case OP_SUB: {
    a = frac(q, n->a[0]);
    b = frac(q, n->a[1]);
    Frac d = a;   /* the least common multiple of the denominators */
    for (int i = 0; i < b.nf && ok; i++) {
      int j = factor(&d, b.base[i]);
      if (j < 0) ok = add_factor(&d, b.base[i], b.pow[i]);
      else if (d.pow[j] < b.pow[i]) d.pow[j] = b.pow[i];
    }
    if (!ok) break;
    Node *na = raise_to(&a, &d);
    Node *nb = raise_to(&b, &d);
    r = d;
    r.num = n->op == OP_ADD ? dag_add(na, nb) : dag_sub(na, nb);
    r.joined = a.joined || b.joined || a.nf > 0 || b.nf > 0;
    break;
  }
  default: break;   /* an atom */
  }
  if (!ok) r = atom(n);
  if (n->id < q->size) *(Frac *)idmemo_put(q->memo, n->id) = r;
  return r;
}

/* ---- sums with a root, rationalized ----
 * squareplus, (x + sqrt(x^2 + b))/2, cancels for x << 0, and its df/dx,
 * over one denominator (sqrt(x^2 + b) + x) / (2 sqrt(x^2 + b)), with it;
 * sqrt(x^2 + b) - sqrt(b) cancels near 0. A sum T + A whose term T holds
 * a root is (T^2 - A^2) / (T - A): the squares are expanded symbolically,
 * a root's square is its radicand (sqrt(b)^2 = b too), and the numerator,
 * in double-double, cancels exactly: x^2 + b - x^2 = b. T - A cancels
 * where T + A did not: the measurement keeps each form where it is good. */
enum { MAX_SUM_TERMS = 4 };

typedef struct Terms {
  Node *t[MAX_SUM_TERMS];
  int neg[MAX_SUM_TERMS];
  int n;
} Terms;

int sum_flatten(Node *n, int neg, Node **t, int *negs, int *nt, int max) {
  if (n->op == OP_ADD) return sum_flatten(n->a[0], neg, t, negs, nt, max) && sum_flatten(n->a[1], neg, t, negs, nt, max);
  if (n->op == OP_SUB) return sum_flatten(n->a[0], neg, t, negs, nt, max) && sum_flatten(n->a[1], !neg, t, negs, nt, max);
  if (n->op == OP_NEG) return sum_flatten(n->a[0], !neg, t, negs, nt, max);
  if (*nt == max) return 0;
  t[*nt] = n;
  negs[(*nt)++] = neg;
  return 1;
}

static int sum_terms(Node *n, int neg, Terms *s) { return sum_flatten(n, neg, s->t, s->neg, &s->n, MAX_SUM_TERMS); }

/* Whether n, a product or quotient, has a root of x among its factors. */
static int has_root(const Node *n) {
  if (!n->has_x) return 0;
  if (n->op == OP_SQRT || n->op == OP_HYPOT) return 1;
  if (n->op == OP_MUL) return has_root(n->a[0]) || has_root(n->a[1]);
  return (n->op == OP_NEG || n->op == OP_DIV) && has_root(n->a[0]);
}

static Node *signed_term(Node *t, int neg) { return neg ? dag_neg(t) : t; }

/* n^2, with roots squared away and sums expanded. */
static Node *square(Node *n) {
  Node *a, *b;
  Terms s = {{NULL}, {0}, 0};
  switch (n->op) {
  case OP_SQRT: case OP_HYPOT: return dd_radicand(n);
  case OP_NEG: return square(n->a[0]);
  case OP_MUL: case OP_DIV:
    a = square(n->a[0]);
    b = square(n->a[1]);
    return dag_2(n->op, a, b);
  case OP_ADD: case OP_SUB:
    if (!sum_terms(n, 0, &s)) break;
    a = square(s.t[0]);
    for (int i = 1; i < s.n; i++) {
      b = square(s.t[i]);
      a = dag_add(a, b);
    }
    for (int i = 0; i < s.n; i++)
      for (int j = i + 1; j < s.n; j++) {
        Node *two = num(s.neg[i] == s.neg[j] ? 2 : -2);   /* one node-making call per statement (dag.h) */
        b = dag_mul(s.t[i], s.t[j]);
        b = dag_mul(two, b);
        a = dag_add(a, b);
      }
    return a;
  default: break;
  }
  return dag_mul(n, n);
}

/* For the sum n = T + A with T the first term that holds a root of x: sets
 * *num = T^2 - A^2, its like terms cancelled (x^2 + b - x^2 is b even where
 * pairs would lose b), and *den = T - A; 0 when n is no such sum. */
static int rationalize(Node *n, const double *theta0, Node **num_out, Node **den) {
  Terms s = {{NULL}, {0}, 0};
  if (!sum_terms(n, 0, &s) || s.n < 2) return 0;
  int k = 0;
  while (k < s.n && !has_root(s.t[k])) k++;
  if (k == s.n) return 0;
  Node *T = signed_term(s.t[k], s.neg[k]), *A = NULL;
  for (int i = 0; i < s.n; i++) {
    if (i == k) continue;
    Node *t = signed_term(s.t[i], s.neg[i]);
    A = A ? dag_add(A, t) : t;
  }
  Node *t2 = square(T), *a2 = square(A);
  Node *d = dag_sub(t2, a2);
  Node *c = cancel_terms(d, 0, theta0);
  *num_out = c ? c : d;
  *den = dag_sub(T, A);
  return 1;
}

/* n over one denominator, each branch of a select apart (isrlu's df/dx is
 * 1 for x >= 0, a cancelling sum of quotients below), its numerator
 * rationalized when roots (theta's initial values) is given; *made: a
 * form was made. */
static Node *over_one(Quot *q, Node *n, const double *roots, int *made) {
  if (n->op == OP_SELECT) {
    Node *a = over_one(q, n->a[1], roots, made);
    Node *b = over_one(q, n->a[2], roots, made);
    return a == n->a[1] && b == n->a[2] ? n : dag_select(n->a[0], a, b);
  }
  Frac f = frac(q, n);
  Node *extra = NULL;
  if (!(roots ? rationalize(f.num, roots, &f.num, &extra) : f.joined)) return n;
  *made = 1;
  Node *top = dd_round(f.num);   /* after frac(): the numerator's nodes are memoized too */
  Node *den = extra ? extra : num(1);
  for (int i = 0; i < f.nf; i++) den = times_pow(den, f.base[i], f.pow[i]);
  return dag_div(top, den);
}

Node *one_denominator(Node *n, const double *roots) {
  Node *k = dd_kinks(n);   /* its signs are atoms below */
  if (k) n = k;
  int size = dag_node_count(), made = 0;
  Quot q = {idmemo_open(size, sizeof(Frac)), size};
  Node *r = over_one(&q, n, roots, &made);
  idmemo_close(q.memo);
  return made ? r : NULL;
}
