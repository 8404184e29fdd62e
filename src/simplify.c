/* simplify.c — rewrites that make the DAG more accurate or faster.
 *
 * The constructor (dag.c) already folds constants and applies the exact
 * IEEE identities. This pass adds rewrites that change how the real
 * function is computed, not what it is:
 *
 *   stable forms   1 + erf(u)          -> erfc(-u)      (no cancellation for u << 0)
 *                  1 - erf(u)          -> erfc(u)
 *                  c + c erf(u)        -> c erfc(-u)    (0.5 + 0.5 erf(x / sqrt 2), a GELU)
 *                  c - c erf(u)        -> c erfc(u)
 *                  log(1 + exp(u))     -> softplus(u)   (no overflow, exact tails)
 *                  log(1 + u)          -> log1p(u)
 *                  exp(u) - 1          -> expm1(u)
 *                  sqrt(a^2 + b^2)     -> hypot(a, b)     (no overflow of a^2)
 *                  sqrt(c + u^2)       -> hypot(u, sqrt(c))  for a constant c
 *                  u + hypot(u, w)     -> if u < 0 then w^2 / (hypot(u, w) - u) else u + hypot(u, w)
 *                                         (the sum cancels for u << 0)
 *                  a / (1 + exp(-u))   -> a * sigmoid(u)  (no overflow of exp)
 *                  exp(u) / (1 + exp(u)) -> sigmoid(u)
 *                  1 + tanh(u)         -> 2 sigmoid(2u)   (1 +- tanh cancels in a tail)
 *                  1 - tanh(u)         -> 2 sigmoid(-2u)
 *   tests          f(u) < 0, 0 < f(u)  -> u < 0, 0 < u   (<= alike) for f keeping the sign of u
 *                                         (min(0, expm1(x))'s derivative needs no expm1)
 *   constants      c1 (c2 y)           -> (c1 c2) y        (one rounding; c1 c2 is one literal)
 *                  (c1 u) (c2 v)       -> +-u v  for powers of two c1, c2 with c1 c2 = +-1 (the same bits)
 *                  c (if p then a else b) -> if p then c a else c b  (lets c meet the constants inside)
 *                  (a + b) / 2^k       -> a / 2^k + b / 2^k  (x + 0.25 x would overflow near the
 *                                         largest double; scaling each term first does not)
 *                  c u / 2^k           -> (c / 2^k) u   (the same bits, but that c u may overflow)
 *                  c1 u + c2 u         -> (c1 + c2) u  for powers of two c1, c2 (the same bits)
 *   Horner         c0 + c1 u + c2 u^2 + ... -> c0 + u (c1 + u (c2 + ...))
 *
 * Every rule replaces a node by one of the same or smaller size, so the
 * pass terminates. It works bottom-up with a memo per node id: each node is
 * rebuilt from its rewritten operands and then offered to the rules once.
 * The stable forms are checked by the accuracy tests (the oracle evaluates
 * the DAG as written), never taken on faith.
 */
#include <stdlib.h>
#include "idmemo.h"
#include "module.h"

static int is_value(const Node *n, long v) { return n->op == OP_NUM && dag_num_cmp_si(n, v) == 0; }
static Node *num(long v) { return dag_num_si(v, 1); }

/* 1 + exp(w) where w is returned; NULL otherwise */
static Node *one_plus_exp(const Node *n) {
  if (n->op == OP_ADD && is_value(n->a[0], 1) && n->a[1]->op == OP_EXP) return n->a[1]->a[0];
  return NULL;
}

/* 2^k for an OP_NUM that is a power of two (positive or negative k) */
static int is_power_of_two(const Node *n) { return dag_is_pow2(n) && mpq_sgn(n->q) > 0; }

/* sum / c with c a power of two, pushed onto every term of the sum */
static Node *scale_sum(Node *n, Node *c) {
  switch (n->op) {
  case OP_ADD: case OP_SUB: {
    /* One node-making call per statement (dag.h); right first, the order
     * gcc happened to use and generated/ keeps. */
    Node *r = scale_sum(n->a[1], c);
    Node *l = scale_sum(n->a[0], c);
    return dag_2(n->op, l, r);
  }
  case OP_NEG: return dag_neg(scale_sum(n->a[0], c));
  default:
    if (n->op == OP_MUL && n->a[0]->op == OP_NUM) return dag_mul(dag_div(n->a[0], c), n->a[1]);
    return dag_div(n, c);
  }
}

/* 2 sigmoid(s u), for 1 +- tanh(u) with s = +-2. Nodes are made one per
 * statement, in a fixed order: ids follow creation order and decide operand
 * order, while C leaves the order of evaluating a call's arguments open.
 * (Innermost first, the order gcc happened to use.) */
static Node *twice_sigmoid(long s, Node *u) {
  Node *sig = dag_1(OP_SIGMOID, dag_mul(num(s), u));
  return dag_mul(num(2), sig);
}

/* Whether f(u) has the sign of u for every u, in the C library and in the
 * math layer alike: f increasing, f(+-0) = +-0, no underflow to 0 of a
 * nonzero u (f(u) is about u or more near 0, also for subnormals), NaN for
 * NaN. Then f(u) < 0 and u < 0 are the same test, and so are 0 < f(u) and
 * 0 < u, <= alike. Not log1p (NaN below -1), not odd powers (u^3
 * underflows to 0). */
static int keeps_sign(Op op) {
  return op == OP_EXPM1 || op == OP_TANH || op == OP_SINH || op == OP_ERF || op == OP_ATAN || op == OP_CBRT ||
         op == OP_SIGN;
}

/* u and its coefficient c (a power of two, or its negative) where n is c u:
 * u itself (c = 1), -u, +-2^k u or u / 2^k; else n itself, with c = 1. */
static Node *pow2_multiple(Node *n, mpq_t c) {
  mpq_set_ui(c, 1, 1);
  if (n->op == OP_NEG) {
    mpq_set_si(c, -1, 1);
    return n->a[0];
  }
  if (n->op == OP_MUL && dag_is_pow2(n->a[0])) {
    mpq_set(c, n->a[0]->q);
    return n->a[1];
  }
  if (n->op == OP_DIV && n->a[1]->op == OP_NUM && is_power_of_two(n->a[1])) {
    mpq_inv(c, n->a[1]->q);
    return n->a[0];
  }
  return n;
}

/* (c1 u) (c2 v) -> u v, and -(u v), for powers of two c1 and c2 (or their
 * negatives) with c1 c2 = +-1: c1 u and c2 v are exact (but for overflow
 * and underflow), so their product is c1 c2 u v rounded once, as u v is:
 * the same bits with two multiplications fewer (gelu_tanh's 0.5 x (2
 * sigmoid(2u)), from 0.5 x (1 + tanh(u))). Where c1 u or c2 v overflows or
 * underflows alone, u v is the more accurate; with c1 c2 = +-1, u v
 * overflows only where the product itself does. */
static Node *reciprocal_scales(Node *n) {
  Node *r = NULL;
  mpq_t c1, c2;
  mpq_inits(c1, c2, NULL);
  Node *u = pow2_multiple(n->a[0], c1), *v = pow2_multiple(n->a[1], c2);
  if (mpq_cmp_si(c1, 1, 1) != 0 && mpq_cmp_si(c1, -1, 1) != 0) {   /* a scaling, not only a sign */
    mpq_mul(c1, c1, c2);
    if (mpq_cmp_si(c1, 1, 1) == 0) r = dag_mul(u, v);
    else if (mpq_cmp_si(c1, -1, 1) == 0) r = dag_neg(dag_mul(u, v));
  }
  mpq_clears(c1, c2, NULL);
  return r;
}

/* c1 u +- c2 u -> (c1 +- c2) u, for powers of two c1 and c2 (or their
 * negatives) whose sum is a nonzero double (at most 53 significant bits,
 * between 2^-64 and 2^64): c1 u and c2 u are exact (but for overflow and
 * underflow), so the sum is (c1 +- c2) u rounded once, as the product is:
 * the same bits with one operation instead of three (smu1's x - 0.25 x
 * and 0.125 x + 0.5 x, from (a + b)/2 with b = alpha a). Where a term
 * overflows or underflows alone, the product is the more accurate. */
static Node *like_terms(Node *n) {
  Node *a = n->a[0], *b = n->a[1], *r = NULL;
  if (dag_is_const(a) || dag_is_const(b)) return NULL;
  mpq_t c1, c2;
  mpq_inits(c1, c2, NULL);
  Node *u = pow2_multiple(a, c1);
  if (pow2_multiple(b, c2) == u) {
    if (n->op == OP_ADD) mpq_add(c1, c1, c2);
    else mpq_sub(c1, c1, c2);
    /* c1 is dyadic: its odd part is its significand */
    mpz_t odd;
    mpz_init_set(odd, mpq_numref(c1));
    if (mpz_sgn(odd) != 0) mpz_tdiv_q_2exp(odd, odd, mpz_scan1(odd, 0));
    if (mpz_sgn(odd) != 0 && mpz_sizeinbase(odd, 2) <= 53 && mpz_sizeinbase(mpq_numref(c1), 2) <= 64 &&
        mpz_sizeinbase(mpq_denref(c1), 2) <= 64)
      r = mpq_cmp_ui(c1, 1, 1) == 0 ? u : mpq_cmp_si(c1, -1, 1) == 0 ? dag_neg(u) : dag_mul(dag_num_q(c1), u);
    mpz_clear(odd);
  }
  mpq_clears(c1, c2, NULL);
  return r;
}

static Node *stable_form(Node *n) {
  Node *a = n->nargs > 0 ? n->a[0] : NULL, *b = n->nargs > 1 ? n->a[1] : NULL, *w;
  switch (n->op) {
  case OP_MUL:
    if (dag_is_const(a) && !dag_is_const(b) && b->op == OP_MUL && dag_is_const(b->a[0])) {
      Node *c = dag_mul(a, b->a[0]);   /* one literal, if tame (dag.c) */
      if (c->op != OP_NUM || mpq_sgn(c->q) == 0 || dag_q_tame(c->q)) return dag_mul(c, b->a[1]);
    }
    if (a->op == OP_NUM && b->op == OP_SELECT)
    {
      Node *e = dag_mul(a, b->a[2]);
      Node *t = dag_mul(a, b->a[1]);
      return dag_select(b->a[0], t, e);
    }
    return dag_is_const(a) || dag_is_const(b) ? NULL : reciprocal_scales(n);
  case OP_ADD:
    for (int i = 0; i < 2; i++) {
      Node *u = n->a[i], *h = n->a[1 - i];
      if (h->op == OP_HYPOT && (h->a[0] == u || h->a[1] == u)) {
        Node *w = h->a[0] == u ? h->a[1] : h->a[0];
        Node *gap = dag_sub(h, u);
        Node *w2 = dag_powi(w, 2);
        Node *neg = dag_2(OP_LT, u, num(0));
        return dag_select(neg, dag_div(w2, gap), n);
      }
    }
    if (is_value(a, 1) && b->op == OP_ERF) return dag_1(OP_ERFC, dag_neg(b->a[0]));
    if (is_value(a, 1) && b->op == OP_TANH) return twice_sigmoid(2, b->a[0]);
    if (a->op == OP_NUM && b->op == OP_MUL && b->a[0] == a && b->a[1]->op == OP_ERF) {
      Node *u = dag_neg(b->a[1]->a[0]);
      return dag_mul(a, dag_1(OP_ERFC, u));
    }
    return like_terms(n);
  case OP_SUB:
    if (is_value(a, 1) && b->op == OP_ERF) return dag_1(OP_ERFC, b->a[0]);
    if (is_value(a, 1) && b->op == OP_TANH) return twice_sigmoid(-2, b->a[0]);
    if (a->op == OP_EXP && is_value(b, 1)) return dag_1(OP_EXPM1, a->a[0]);
    if (a->op == OP_NUM && b->op == OP_MUL && b->a[0] == a && b->a[1]->op == OP_ERF) return dag_mul(a, dag_1(OP_ERFC, b->a[1]->a[0]));
    return like_terms(n);
  case OP_LOG:
    if ((w = one_plus_exp(a))) return dag_1(OP_SOFTPLUS, w);
    if (a->op == OP_ADD && is_value(a->a[0], 1)) return dag_1(OP_LOG1P, a->a[1]);
    return NULL;
  case OP_SQRT:
    if (a->op == OP_ADD && a->a[0]->op == OP_POWI && a->a[0]->k == 2 && a->a[1]->op == OP_POWI && a->a[1]->k == 2)
      return dag_2(OP_HYPOT, a->a[0]->a[0], a->a[1]->a[0]);
    if (a->op == OP_ADD && a->a[0]->op == OP_NUM && dag_num_cmp_si(a->a[0], 0) > 0 && a->a[1]->op == OP_POWI &&
        a->a[1]->k == 2)
      return dag_2(OP_HYPOT, a->a[1]->a[0], dag_1(OP_SQRT, a->a[0]));
    return NULL;
  case OP_DIV:
    /* a sum, or c u: scale_sum gives the latter (c / 2^k) u */
    if ((a->op == OP_ADD || a->op == OP_SUB || (a->op == OP_MUL && a->a[0]->op == OP_NUM)) && is_power_of_two(b))
      return scale_sum(a, b);
    if ((w = one_plus_exp(b))) return dag_mul(a, dag_1(OP_SIGMOID, dag_neg(w)));
    if (a->op == OP_EXP && (w = one_plus_exp(b)) && w == a->a[0]) return dag_1(OP_SIGMOID, w);
    return NULL;
  case OP_LT: case OP_LE:
    if (is_value(b, 0) && keeps_sign(a->op)) return dag_2(n->op, a->a[0], b);
    if (is_value(a, 0) && keeps_sign(b->op)) return dag_2(n->op, a, b->a[0]);
    return NULL;
  default:
    return NULL;
  }
}

/* ---- Horner's scheme for sums of powers of one base ---- */

typedef struct Term {
  Node *node;   /* the term itself */
  int neg;      /* subtracted */
} Term;

enum { MAX_TERMS = 256, MAX_POWER = 64 };

/* The terms of a tree of ADD and SUB, with their signs. */
static int flatten(Node *n, int neg, Term *t, int nt) {
  if (nt >= MAX_TERMS) return MAX_TERMS + 1;
  if (n->op == OP_ADD || n->op == OP_SUB) {
    nt = flatten(n->a[0], neg, t, nt);
    return flatten(n->a[1], n->op == OP_SUB ? !neg : neg, t, nt);
  }
  if (n->op == OP_NEG) return flatten(n->a[0], !neg, t, nt);
  if (nt < MAX_TERMS) t[nt] = (Term){n, neg};
  return nt + 1;
}

/* The power of u that p is: 1 for u itself, k for u^k, 0 otherwise. */
static int power(const Node *p, const Node *u) {
  if (p == u) return 1;
  return p->op == OP_POWI && p->a[0] == u ? p->k : 0;
}

/* Is term == coef * u^k (k >= 1)? Sets *coef (NULL for 1) and returns k, or
 * 0. Of a product of two powers of u (x * x^6), the higher power is taken,
 * the other being the coefficient. */
static int power_of(Node *term, Node *u, Node **coef) {
  *coef = NULL;
  int k = power(term, u);
  if (k || term->op != OP_MUL) return k;
  int k0 = power(term->a[0], u), k1 = power(term->a[1], u);
  if (!k0 && !k1) return 0;
  int i = k1 > k0;   /* the operand that is the higher power */
  *coef = term->a[1 - i];
  return i ? k1 : k0;
}

static Node *signed_sum(Node *acc, Node *x, int neg) {
  if (!acc) return neg ? dag_neg(x) : x;
  return neg ? dag_sub(acc, x) : dag_add(acc, x);
}

static Node *horner_sum(Node *n) {
  Term t[MAX_TERMS];
  int nt = flatten(n, 0, t, 0);
  if (nt > MAX_TERMS || nt < 3) return NULL;
  /* The base: the operand of the highest power (up to MAX_POWER) among the
   * terms and their factors. */
  Node *u = NULL;
  int best = 1;
  for (int i = 0; i < nt; i++) {
    Node *p = t[i].node;
    for (int j = 0; j < (p->op == OP_MUL ? 2 : 1); j++) {
      Node *f = p->op == OP_MUL ? p->a[j] : p;
      if (f->op == OP_POWI && f->k > best && f->k <= MAX_POWER) { u = f->a[0]; best = f->k; }
    }
  }
  if (!u) return NULL;
  /* Every term's power of u comes from power_of alone, and so does top, the
   * highest: coef[top] is then a term's coefficient, never missing. */
  Node *coef[MAX_POWER + 1] = {0};
  int used = 0, top = 0;
  Node *rest = NULL;
  for (int i = 0; i < nt; i++) {
    Node *c;
    int k = power_of(t[i].node, u, &c);
    if (k < 1 || k > MAX_POWER) { rest = signed_sum(rest, t[i].node, t[i].neg); continue; }
    coef[k] = signed_sum(coef[k], c ? c : num(1), t[i].neg);
    if (k > top) top = k;
    used++;
  }
  if (used < 2 || top < 2) return NULL;
  /* acc = (...(c_top u^gap + c_j) u^gap' + ...) */
  Node *acc = coef[top];
  int last = top;
  for (int k = top - 1; k >= 1; k--) {
    if (!coef[k]) continue;
    acc = dag_add(dag_mul(acc, dag_powi(u, last - k)), coef[k]);
    last = k;
  }
  acc = dag_mul(acc, dag_powi(u, last));
  return rest ? dag_add(rest, acc) : acc;
}

/* ---- the pass ---- */

/* memo[0] holds a node's rewrite on its own, memo[1] its rewrite as an
 * operand of a sum, where Horner is left to the top of the sum. */
static Node *rewrite(IdMemo *memo[2], Node *n, int in_sum) {
  if (n->nargs == 0) return n;
  Node **known = idmemo_get(memo[in_sum], n->id);
  if (known) return *known;
  int is_sum = n->op == OP_ADD || n->op == OP_SUB || n->op == OP_NEG;
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) a[i] = rewrite(memo, n->a[i], is_sum);
  Node *out = dag_make(n->op, a[0], a[1], a[2], n->k);
  for (int round = 0; round < 4; round++) {   /* a rewrite may enable another */
    Node *s = stable_form(out);
    if (!s) break;
    out = s;
  }
  if (!in_sum && (out->op == OP_ADD || out->op == OP_SUB)) {
    Node *h = horner_sum(out);
    if (h) out = h;
  }
  *(Node **)idmemo_put(memo[in_sum], n->id) = out;
  return out;
}

Node *simplify(Node *n) {
  IdMemo *memo[2];
  memo[0] = idmemo_open(n->id, sizeof(Node *));
  memo[1] = idmemo_open(n->id, sizeof(Node *));
  Node *r = rewrite(memo, n, 0);
  idmemo_close(memo[1]);
  idmemo_close(memo[0]);
  return r;
}
