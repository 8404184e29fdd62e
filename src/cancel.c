/* cancel.c — a form of an output whose like terms cancel exactly.
 *
 * The derivative of softplus(kx)/k by k is x sigmoid(kx)/k -
 * softplus(kx)/k^2: for kx = 38 both terms are 38 and their difference
 * 1.2e-15, so double keeps none of its bits. Written for one side of the
 * axis, with sigmoid(u) = 1 - sigmoid(-u) and softplus(u) = u +
 * softplus(-u) where u = lambda x + c grows toward that side, it is
 *   x/k - x sigmoid(-kx)/k - kx/k^2 - softplus(-kx)/k^2,
 * in which x/k and kx/k^2 are the same monomial with opposite
 * coefficients. cancel_terms() finds that: every node becomes a sum of
 * terms q * a1^e1 * ... * am^em (q rational, the a atoms: x, theta,
 * constants and every function call, their operands in the same form,
 * e integers), products of sums are multiplied out (up to MAX_TERMS
 * terms), quotients by one term invert it, quotients by a sum take one
 * step of long division by its leading term (a reciprocal 1/(1 + e^w)
 * whose e^w vanishes becomes 1 - sigmoid(w)), logs of products split
 * into sums of logs (and log(e^a + e^b) = a + softplus(b - a)), and
 * equal monomials merge.
 * cancel_centred() writes sigmoid and softplus of arguments u = lambda x
 * about their values at 0 instead (about_zero, centred_quotient), where
 * their constants and linear parts cancel near x = 0.
 * This is exact only for theta where no division by zero was cancelled
 * (k/k is 1, which it is not at k = 0): it is a candidate, and the
 * stabilizer's measurement decides where, if anywhere, it is used.
 */
#include <stdlib.h>
#include <string.h>
#include "stabilize.h"

/* Bounds that keep the work small whatever the input (x^999999 stays an
 * atom to the power 999999, not a million products). */
enum { MAX_ATOMS = 8, MAX_TERMS = 24, MAX_POWER = 64 };

typedef struct Term {
  mpq_t q;
  int na;
  Node *atom[MAX_ATOMS];   /* in increasing id */
  int e[MAX_ATOMS];
} Term;

typedef struct Sum {
  int n;
  Term t[MAX_TERMS];
} Sum;

typedef struct Cancel {
  int side;
  int centre, centred;   /* cancel_centred(); how many calls it wrote about 0 */
  const double *theta;
  size_t cap;   /* memo covers the nodes that existed at the start */
  Sum **memo;   /* by id */
  char *failed;
  Sum **all;    /* every sum made, freed at the end */
  size_t nall, capall;
} Cancel;

static Sum *sum_new(Cancel *c) {
  if (c->nall == c->capall) {
    c->capall = c->capall ? 2 * c->capall : 64;
    c->all = realloc(c->all, sizeof(Sum *) * c->capall);
    if (!c->all) die("out of memory");
  }
  return c->all[c->nall++] = heap_alloc(sizeof(Sum));
}

static int same_monomial(const Term *a, const Term *b) {
  if (a->na != b->na) return 0;
  for (int i = 0; i < a->na; i++)
    if (a->atom[i] != b->atom[i] || a->e[i] != b->e[i]) return 0;
  return 1;
}

/* s += sign * t; 0 when s is full. */
static int sum_add_term(Sum *s, const Term *t, int sign) {
  for (int i = 0; i < s->n; i++)
    if (same_monomial(&s->t[i], t)) {
      if (sign > 0) mpq_add(s->t[i].q, s->t[i].q, t->q);
      else mpq_sub(s->t[i].q, s->t[i].q, t->q);
      if (mpq_sgn(s->t[i].q) == 0) {   /* cancelled: drop it, keep the order */
        mpq_clear(s->t[i].q);
        memmove(&s->t[i], &s->t[i + 1], sizeof(Term) * (size_t)(s->n - i - 1));
        s->n--;
      }
      return 1;
    }
  if (s->n == MAX_TERMS) return 0;
  Term *d = &s->t[s->n++];
  d->na = t->na;
  memcpy(d->atom, t->atom, sizeof t->atom);
  memcpy(d->e, t->e, sizeof t->e);
  mpq_init(d->q);
  if (sign > 0) mpq_set(d->q, t->q);
  else mpq_neg(d->q, t->q);
  return 1;
}

/* The product (or quotient) of two terms into *r, whose q the caller
 * initialised; 0 when it has too many atoms. */
static int term_mul(const Term *a, const Term *b, int sign_b, Term *r) {
  int i = 0, j = 0;
  r->na = 0;
  while (i < a->na || j < b->na) {
    Node *at;
    int e;
    if (j == b->na || (i < a->na && a->atom[i]->id < b->atom[j]->id)) at = a->atom[i], e = a->e[i++];
    else if (i == a->na || b->atom[j]->id < a->atom[i]->id) at = b->atom[j], e = sign_b * b->e[j++];
    else at = a->atom[i], e = a->e[i++] + sign_b * b->e[j++];
    if (e == 0) continue;
    if (r->na == MAX_ATOMS || e > MAX_POWER || e < -MAX_POWER) return 0;
    r->atom[r->na] = at;
    r->e[r->na++] = e;
  }
  if (sign_b > 0) mpq_mul(r->q, a->q, b->q);
  else mpq_div(r->q, a->q, b->q);
  return 1;
}

static Sum *sum_of_atom(Cancel *c, Node *atom, int e) {
  Sum *s = sum_new(c);
  s->n = 1;
  mpq_init(s->t[0].q);
  mpq_set_ui(s->t[0].q, 1, 1);
  s->t[0].na = 1;
  s->t[0].atom[0] = atom;
  s->t[0].e[0] = e;
  return s;
}

static Sum *sum_of_term(Cancel *c, const Term *t) {
  Sum *s = sum_new(c);
  s->n = 1;
  s->t[0] = *t;
  mpq_init(s->t[0].q);
  mpq_set(s->t[0].q, t->q);
  return s;
}

static Sum *sum_of_number(Cancel *c, const mpq_t q) {
  Sum *s = sum_new(c);
  if (mpq_sgn(q) == 0) return s;
  s->n = 1;
  mpq_init(s->t[0].q);
  mpq_set(s->t[0].q, q);
  s->t[0].na = 0;
  return s;
}

static Sum *sum_of_one(Cancel *c) {
  mpq_t one;
  mpq_init(one);
  mpq_set_ui(one, 1, 1);
  Sum *s = sum_of_number(c, one);
  mpq_clear(one);
  return s;
}

/* a + b, a - b, a * b multiplied out, a / b (b one term); NULL when too large. */
static Sum *combine(Cancel *c, const Sum *a, const Sum *b, Op op) {
  Sum *r = sum_new(c);
  int ok = 1;
  if (op == OP_ADD || op == OP_SUB) {
    for (int i = 0; i < a->n && ok; i++) ok = sum_add_term(r, &a->t[i], 1);
    for (int i = 0; i < b->n && ok; i++) ok = sum_add_term(r, &b->t[i], op == OP_SUB ? -1 : 1);
    return ok ? r : NULL;
  }
  if (op == OP_DIV && b->n != 1) return NULL;
  Term t;
  mpq_init(t.q);
  for (int i = 0; i < a->n && ok; i++)
    for (int j = 0; j < b->n && ok; j++) ok = term_mul(&a->t[i], &b->t[j], op == OP_DIV ? -1 : 1, &t) && sum_add_term(r, &t, 1);
  mpq_clear(t.q);
  return ok ? r : NULL;
}

static Node *rebuild(Cancel *c, const Sum *s);
static Sum *terms(Cancel *c, Node *n);

/* n's operands in the cancelled form, n itself where one is not representable. */
static Node *atom_of(Cancel *c, Node *n) {
  if (n->nargs == 0) return n;   /* a leaf, or a call folded to a number (log of a constant) */
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) {
    Sum *s = terms(c, n->a[i]);
    a[i] = s ? rebuild(c, s) : n->a[i];
  }
  return dag_make(n->op, a[0], a[1], a[2], n->k);
}

/* Whether u = lambda x + c grows without bound toward c->side (at theta's
 * initial values). */
static int grows(Cancel *c, Node *u) {
  Node *l, *k;
  if (!tail_linear(u, &l, &k) || (dag_is_num(l) && dag_num_cmp_si(l, 0) == 0)) return 0;
  return tail_value_at(c->theta, l) * c->side > 0;
}

/* How fast a term grows toward c->side: the sum of lambda * e over its
 * factors exp(lambda x + c)^e (at theta's initial values); other factors
 * (powers of x, calls) count 0. */
static double growth(Cancel *c, const Term *t) {
  double g = 0;
  for (int i = 0; i < t->na; i++) {
    Node *l, *k;
    if (t->atom[i]->op == OP_EXP && tail_linear(t->atom[i]->a[0], &l, &k)) g += t->e[i] * tail_value_at(c->theta, l) * c->side;
  }
  return g;
}

static int leading(Cancel *c, const Sum *s) {
  int best = 0;
  for (int i = 1; i < s->n; i++)
    if (growth(c, &s->t[i]) > growth(c, &s->t[best])) best = i;
  return best;
}

/* w for a term e^w that is a product of exponentials e^(e_j u_j), w =
 * sum e_j u_j, when w = lambda x (cancel_centred's); else NULL. */
static Node *exp_argument(const Term *t) {
  Node *w = NULL;
  if (t->na == 0 || mpq_cmp_ui(t->q, 1, 1) != 0) return NULL;
  for (int j = 0; j < t->na; j++) {
    if (t->atom[j]->op != OP_EXP) return NULL;
    Node *eu = dag_mul(dag_num_si(t->e[j], 1), t->atom[j]->a[0]);
    w = w ? dag_add(w, eu) : eu;
  }
  return tail_through_zero(w) ? w : NULL;
}

/* The powers of exponentials in t, added. */
static int exp_weight(const Term *t) {
  int n = 0;
  for (int i = 0; i < t->na; i++) n += t->atom[i]->op == OP_EXP ? abs(t->e[i]) : 0;
  return n;
}

/* Centred, u / v for v = L (1 + e^w), w = lambda x: with u / L = P + Q e^w
 * (Q the terms that hold e^w), P sigmoid(-w) + Q sigmoid(w), each sigmoid
 * about 0 (lsemax4's (x e^(kx) + x/4 e^(kx/4)) / (e^(kx) + e^(kx/4)) is
 * 5x/8 + (3x/8) tanh(3kx/8)); else NULL. One step of long division would
 * leave e^w sigmoid(-w) for sigmoid(w), whose terms cancel near 0. */
static Sum *centred_quotient(Cancel *c, const Sum *u, const Sum *v) {
  if (v->n != 2) return NULL;
  for (int lv = 0; lv < 2; lv++) {
    Sum *lead = sum_of_term(c, &v->t[lv]);
    Sum *scaled = combine(c, v, lead, OP_DIV), *ul = combine(c, u, lead, OP_DIV);
    if (!scaled || !ul || scaled->n != 2) continue;
    int one = scaled->t[0].na == 0 ? 0 : 1;
    const Term *e = &scaled->t[1 - one];
    Node *w;
    if (scaled->t[one].na != 0 || mpq_cmp_ui(scaled->t[one].q, 1, 1) != 0 || !(w = exp_argument(e))) continue;
    Sum *p = sum_new(c), *q = sum_new(c);
    int ok = 1;
    Term t;
    mpq_init(t.q);
    for (int i = 0; i < ul->n && ok; i++) {
      ok = term_mul(&ul->t[i], e, -1, &t);
      if (ok) ok = exp_weight(&t) < exp_weight(&ul->t[i]) ? sum_add_term(q, &t, 1) : sum_add_term(p, &ul->t[i], 1);
    }
    mpq_clear(t.q);
    Sum *sp = ok ? terms(c, dag_1(OP_SIGMOID, dag_neg(w))) : NULL, *sq = sp ? terms(c, dag_1(OP_SIGMOID, w)) : NULL;
    Sum *a = sq ? combine(c, p, sp, OP_MUL) : NULL, *b = a ? combine(c, q, sq, OP_MUL) : NULL;
    return b ? combine(c, a, b, OP_ADD) : NULL;
  }
  return NULL;
}

/* 1/s as a sum when s = 1 + e^w with e^w vanishing toward the side:
 * sigmoid(-w), which toward the side is 1 - sigmoid(w), whose 1 can meet
 * what cancels it (softclip's df/dk has 1/(k (1 + e^(-kx))) - 1/k: both
 * near 1/k for large kx, their difference -sigmoid(-kx)/k); centred, for
 * w = lambda x, the same sigmoid about 0; else NULL. */
static Sum *sigmoid_reciprocal(Cancel *c, const Sum *s) {
  if (s->n != 2) return NULL;
  for (int i = 0; i < 2; i++) {
    const Term *one = &s->t[i], *t = &s->t[1 - i];
    if (one->na != 0 || mpq_cmp_ui(one->q, 1, 1) != 0 || mpq_cmp_ui(t->q, 1, 1) != 0) continue;
    if (c->centre) {
      Node *w = exp_argument(t);
      if (!w) continue;
      return terms(c, dag_1(OP_SIGMOID, dag_neg(w)));
    }
    if (t->na != 1 || t->atom[0]->op != OP_EXP || (t->e[0] != 1 && t->e[0] != -1)) continue;
    if (growth(c, t) >= 0) continue;
    /* 1/(1 + e^w) = sigmoid(-w); the term is e^(e w) */
    Node *w = t->atom[0]->a[0];
    Node *arg = t->e[0] > 0 ? dag_neg(w) : w;
    Node *sg = dag_1(OP_SIGMOID, arg);
    return terms(c, sg);
  }
  return NULL;
}

/* u / v for a sum v: one step of long division by v's leading term toward
 * the side, q = lead(u) / lead(v), u / v = q + (u - q v) / v, where u - q v
 * loses terms ((x e^(kx) + x/4 e^(kx/4)) / (e^(kx) + e^(kx/4)) is x/4 +
 * (3x/4) e^(kx) / (e^(kx) + e^(kx/4)) toward -infinity: the x/4 meets what
 * cancels it); else u times the atom 1/v. */
static Sum *divide(Cancel *c, const Sum *u, const Sum *v) {
  if (v->n == 0) return NULL;   /* a division by 0 (1e-320/0 in an input): no form */
  Sum *r = c->centre ? centred_quotient(c, u, v) : NULL;
  if (r) return r;
  /* 1/v as 1/(v / lead) / lead: v / lead is 1 + terms that vanish toward
   * the side, which neither overflows nor underflows where v's terms do
   * (e^(kx) + e^(kx/4) at x = -3000 is 0 + 0) */
  int lv = leading(c, v);
  Sum *lead = sum_of_term(c, &v->t[lv]);
  Sum *scaled = combine(c, v, lead, OP_DIV), *inv = NULL;
  Sum *recip = scaled ? sigmoid_reciprocal(c, scaled) : NULL;
  if (recip) inv = combine(c, recip, lead, OP_DIV);
  else if (scaled) inv = combine(c, sum_of_atom(c, rebuild(c, scaled), -1), lead, OP_DIV);
  if (!inv) return NULL;
  if (u->n > 0) {
    Sum *q = sum_new(c);
    q->n = 1;
    mpq_init(q->t[0].q);
    if (term_mul(&u->t[leading(c, u)], &v->t[lv], -1, &q->t[0])) {
      Sum *qv = combine(c, q, v, OP_MUL), *rest = qv ? combine(c, u, qv, OP_SUB) : NULL;
      if (rest && rest->n < u->n + v->n - 1) {
        Sum *rv = combine(c, rest, inv, OP_MUL);
        if (rv) return combine(c, q, rv, OP_ADD);
      }
    }
  }
  return combine(c, u, inv, OP_MUL);
}

/* log u as a sum: logs of products and quotients split, log e^v = v,
 * log sigmoid(v) = -softplus(-v), log(1 + e^v) = softplus(v) (true where
 * the factors are positive; the measurement sees where they are not). */
static Sum *log_of(Cancel *c, Node *u) {
  Sum *a, *b;
  switch (u->op) {
  case OP_MUL: case OP_DIV:
    if (!(a = log_of(c, u->a[0])) || !(b = log_of(c, u->a[1]))) return NULL;
    return combine(c, a, b, u->op == OP_MUL ? OP_ADD : OP_SUB);
  case OP_EXP: return terms(c, u->a[0]);
  case OP_SIGMOID: return terms(c, dag_neg(dag_1(OP_SOFTPLUS, dag_neg(u->a[0]))));
  case OP_ADD:
    for (int i = 0; i < 2; i++)
      if (dag_is_num(u->a[i]) && dag_num_cmp_si(u->a[i], 1) == 0 && u->a[1 - i]->op == OP_EXP)
        return terms(c, dag_1(OP_SOFTPLUS, u->a[1 - i]->a[0]));
    if (u->a[0]->op == OP_EXP && u->a[1]->op == OP_EXP) {   /* log(e^a + e^b) = a + softplus(b - a), a the larger */
      Node *a = u->a[0]->a[0], *b = u->a[1]->a[0], *la, *lb, *k;
      if (tail_linear(a, &la, &k) && tail_linear(b, &lb, &k) &&
          (tail_value_at(c->theta, lb) - tail_value_at(c->theta, la)) * c->side > 0) {
        Node *t = a;
        a = b, b = t;
      }
      Node *sp = dag_1(OP_SOFTPLUS, dag_sub(b, a));
      Sum *x = terms(c, a), *y = terms(c, sp);
      return x && y ? combine(c, x, y, OP_ADD) : NULL;
    }
    break;
  default: break;
  }
  return sum_of_atom(c, atom_of(c, dag_1(OP_LOG, u)), 1);
}

/* sigmoid(u) and softplus(u) for u = lambda x as their values at 0 plus
 * what changes: 1/2 + tanh(u/2)/2 and log 2 + u/2 + log cosh(u/2), the
 * last as log1p(2 sinh(u/4)^2), which keeps its bits where cosh(u/2) is
 * near 1. Near x = 0 the constants and the linear terms meet what
 * cancels them: lsemax4's df/dk, (log 2 - H(3kx/4))/k^2 with H the
 * binary entropy in nats, is (w tanh w - log cosh w)/k^2, w = 3kx/8,
 * which cancels by a factor 2 where the written form, of terms x, loses
 * every bit (345 ULP at x = -0.01). */
static Sum *about_zero(Cancel *c, Op op, Node *u) {
  /* tanh is odd and log cosh even: their argument with its first term's
   * sign taken out, so that sigmoid(w) and sigmoid(-w) hold one atom */
  Sum *su = terms(c, u);
  if (!su || su->n == 0) return NULL;
  int neg = mpq_sgn(su->t[0].q) < 0;
  Node *a = rebuild(c, neg ? combine(c, sum_new(c), su, OP_SUB) : su);
  Node *half = dag_num_si(1, 2), *form;
  if (op == OP_SIGMOID) {
    Node *t = dag_mul(half, dag_1(OP_TANH, dag_mul(half, a)));
    form = neg ? dag_sub(half, t) : dag_add(half, t);
  } else {
    Node *s = dag_1(OP_SINH, dag_div(a, dag_num_si(4, 1)));
    Node *lc = dag_1(OP_LOG1P, dag_mul(dag_num_si(2, 1), dag_powi(s, 2)));
    form = dag_add(dag_add(dag_1(OP_LOG, dag_num_si(2, 1)), dag_mul(half, u)), lc);
  }
  Sum *r = terms(c, form);
  c->centred += r != NULL;
  return r;
}

static Sum *terms(Cancel *c, Node *n) {
  int memo = (size_t)n->id < c->cap;
  if (memo && c->failed[n->id]) return NULL;
  if (memo && c->memo[n->id]) return c->memo[n->id];
  Sum *r = NULL, *u = NULL, *v = NULL;
  switch (n->op) {
  case OP_NUM: r = sum_of_number(c, n->q); break;
  case OP_NEG:
    if ((u = terms(c, n->a[0]))) r = combine(c, sum_new(c), u, OP_SUB);
    break;
  case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV:
    if (!(u = terms(c, n->a[0])) || !(v = terms(c, n->a[1]))) break;
    r = n->op == OP_DIV && v->n != 1 ? divide(c, u, v) : combine(c, u, v, n->op);
    break;
  case OP_POWI:
    if (!(u = terms(c, n->a[0]))) break;
    if (u->n != 1 || n->k > MAX_POWER) { r = sum_of_atom(c, rebuild(c, u), n->k); break; }
    r = sum_of_one(c);
    for (int i = 0; i < n->k && r; i++) r = combine(c, r, u, OP_MUL);
    break;
  case OP_LOG:
    r = log_of(c, n->a[0]);
    break;
  case OP_SIGMOID: case OP_SOFTPLUS:
    if (c->centre && tail_through_zero(n->a[0])) {
      r = about_zero(c, n->op, n->a[0]);
      break;
    }
    /* toward the side where the argument grows: 1 - sigmoid(-u), u + softplus(-u) */
    if (grows(c, n->a[0])) {
      Sum *a = sum_of_atom(c, atom_of(c, dag_1(n->op, dag_neg(n->a[0]))), 1);
      Sum *b = n->op == OP_SIGMOID ? sum_of_one(c) : terms(c, n->a[0]);
      if (b) r = combine(c, b, a, n->op == OP_SIGMOID ? OP_SUB : OP_ADD);
      break;
    }
    r = sum_of_atom(c, atom_of(c, n), 1);
    break;
  case OP_TANH: {
    /* toward +-1: tanh(u) = 2 sigmoid(2u) - 1, whose sigmoid takes its
     * complement above where 2u grows (x sigmoid(x) - x tanh(x) was 0 in
     * double at x = 38: its x now cancels) */
    Node *m = dag_neg(n->a[0]);
    if (!grows(c, n->a[0]) && !grows(c, m)) {
      r = sum_of_atom(c, atom_of(c, n), 1);
      break;
    }
    Node *two = dag_num_si(2, 1), *one = dag_num_si(1, 1);
    Node *w = dag_mul(two, n->a[0]);
    Node *sg = dag_1(OP_SIGMOID, w);
    Node *t = dag_mul(two, sg);
    r = terms(c, dag_sub(t, one));
    break;
  }
  default:
    /* x, theta, constants, calls; tests and selects are atoms as they are */
    r = sum_of_atom(c, op_info[n->op].cls == CLASS_COND || n->op == OP_SELECT ? n : atom_of(c, n), 1);
    break;
  }
  if (memo) {
    if (!r) c->failed[n->id] = 1;
    c->memo[n->id] = r;
  }
  return r;
}

/* q * a1^e1 * ... as a DAG: the atoms of positive power over those of
 * negative power, the exponentials among them as one, exp(sum e_i u_i)
 * with that sum in the cancelled form too: e^(kx) / e^(kx/4) is
 * e^(3kx/4), not 0/0 where both underflow; and so is a lone exponential of
 * negative power: x / e^(kx) is x e^(-kx), not x / inf = 0 where e^(kx)
 * overflows and x e^(-kx) is still a double (softclip's df/dk at 710). */
static Node *rebuild_term(Cancel *c, const Term *t) {
  Node *num = NULL, *den = NULL;
  Sum *arg = sum_new(c);
  int nexp = 0, negexp = 0;
  for (int i = 0; i < t->na; i++) {
    if (t->atom[i]->op != OP_EXP) continue;
    negexp |= t->e[i] < 0;
    Sum *u = terms(c, t->atom[i]->a[0]), *e = NULL;
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, t->e[i], 1);
    e = sum_of_number(c, q);
    mpq_clear(q);
    Sum *eu = u ? combine(c, u, e, OP_MUL) : NULL;
    arg = eu && arg ? combine(c, arg, eu, OP_ADD) : NULL;
    nexp++;
  }
  int merge = (nexp > 1 || negexp) && arg;
  for (int i = 0; i < t->na; i++) {
    if (merge && t->atom[i]->op == OP_EXP) continue;
    int e = t->e[i] > 0 ? t->e[i] : -t->e[i];
    Node *p = e == 1 ? t->atom[i] : dag_powi(t->atom[i], e);
    if (t->e[i] > 0) num = num ? dag_mul(num, p) : p;
    else den = den ? dag_mul(den, p) : p;
  }
  if (merge) {
    Node *x = dag_1(OP_EXP, rebuild(c, arg));
    num = num ? dag_mul(num, x) : x;
  }
  mpq_t a;
  mpq_init(a);
  mpq_abs(a, t->q);
  Node *q = dag_num_q(a), *r;
  mpq_clear(a);
  int one = mpq_cmp_ui(t->q, 1, 1) == 0 || mpq_cmp_si(t->q, -1, 1) == 0;
  r = num ? (one ? num : dag_mul(q, num)) : q;
  if (den) r = dag_div(r, den);
  return r;
}

static Node *rebuild(Cancel *c, const Sum *s) {
  if (s->n == 0) return dag_num_si(0, 1);
  Node *r = NULL;
  for (int i = 0; i < s->n; i++) {
    Node *t = rebuild_term(c, &s->t[i]);
    int neg = mpq_sgn(s->t[i].q) < 0;
    r = !r ? (neg ? dag_neg(t) : t) : neg ? dag_sub(r, t) : dag_add(r, t);
  }
  return r;
}

static Node *cancel(Node *n, int side, int centre, const double *theta) {
  if (!n->has_x) return NULL;
  size_t cap = (size_t)n->id + 1;
  Cancel c = {side, centre, 0, theta, cap, heap_alloc(sizeof(Sum *) * cap), heap_alloc(cap), NULL, 0, 0};
  Sum *s = terms(&c, n);
  Node *r = s && (!centre || c.centred) ? rebuild(&c, s) : NULL;
  for (size_t i = 0; i < c.nall; i++) {
    for (int j = 0; j < c.all[i]->n; j++) mpq_clear(c.all[i]->t[j].q);
    free(c.all[i]);
  }
  free(c.all);
  free(c.memo);
  free(c.failed);
  return r;
}

Node *cancel_terms(Node *n, int side, const double *theta) { return cancel(n, side, 0, theta); }

Node *cancel_centred(Node *n, const double *theta) { return cancel(n, 0, 1, theta); }
