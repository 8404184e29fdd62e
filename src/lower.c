/* lower.c — fused forms for the float kernels.
 *
 * A few compositions of builtins have a much cheaper form in the math
 * layer than the composition of their layer functions: tanh(softplus(u))
 * and cosh(softplus(u)) (mish and its derivative) are, with s = 1 + e^u,
 * (s^2 - 1)/(s^2 + 1) and (s^2 + 1)/(2s) — one exponential, shared with
 * sigmoid(u), and one division each, where the composition takes three
 * exponentials, a logarithm and three divisions; 1/cosh(u)^2 (tanh's
 * derivative) is 4E/(1 + E)^2 with E = e^-2|u|, one division less;
 * sigmoid(u) sigmoid(-u) (sigmoid's derivative) is E R^2 with R =
 * 1/(1 + E), the product of the two without their selects by the sign of
 * u (the same results); sigmoid(u)/cosh(softplus(u))^2 (tanh(softplus(u))'s
 * derivative, mish's) is one quotient over tanhsp.c's denominator squared,
 * one division where sigmoid, coshsp and the quotient took three. The
 * float kernels' DAGs are rewritten here, just before they are printed,
 * into nodes of the internal operators of ops.h's "fused" rows
 * (templates/math/tanhsp.c, coshsp.c, sech2.c, sigprod.c, tanhspd.c); the double kernels,
 * `actgen deriv` and the oracle keep the forms as written. Only nodes that
 * depend on x are fused: theta-only values are computed once per call in
 * double (actgen_pre_NAME), where no layer function is available.
 *
 * hypot(u, v) whose operands are bounded away from overflow and underflow
 * of u^2 + v^2 (ranges.c: smu1's hypot(x - x/4, mu), squareplus's
 * hypot(2, x)) becomes hypotin.c's unscaled form: the same bits at half
 * the cost; a division by it, a multiplication by rhypotin.c's reciprocal.
 * hypot(a, k u), k a nonzero number and a theta-only, is |k| hypot(a/|k|,
 * u): a/|k| is computed once per call, and the number |k| joins the
 * numbers around it (times()), so that k u need not be computed where the
 * hypot was its only use (smu1's 0.75 x: 0.5 hypot(mu, 0.75 x) is 0.375
 * hypot(mu/0.75, x), and its derivative 0.375 (0.75 x) / hypot(mu, 0.75 x)
 * is 0.375 x rhypot(mu/0.75, x); float forward+backward 7% faster).
 *
 * A division by a constant becomes a multiplication by its reciprocal
 * (gelu's x / sqrt(2)): one more rounding, in double, far below a float
 * ULP, and a vector division costs several multiplications. So do the
 * divisions by a theta-only value (its reciprocal is computed once per
 * call) and by an x-dependent value that several divisions share (pau's
 * backward divides ten times by its denominator: one division now), where
 * ranges.c bounds the divisor within [2^-1000, 2^1000], so that its
 * reciprocal is a normal double and a*(1/d) overflows or underflows where
 * a/d does.
 *
 * First of all, horner.c writes the polynomials in x in Horner form where
 * that saves operations (the product rule's derivatives of hp's sums of
 * Hermite polynomials).
 *
 * Accuracy is not taken on faith: the fused forms are measured by
 * tests/math (against MPFR) and every float kernel that uses them by its
 * baseline, like every other form.
 *
 * strip_rare_regions() takes from a float root the regions of its chain
 * `if x < b1 then A1 else if x < b2 ...` (the stabilizer's, or the
 * user's) that lie beyond |x| >= RARE_BOUND: the vector bodies compute the
 * rest and return NaN for such x, and api.c.in redoes those elements with
 * the whole float form in a scalar pass (the rare lanes of sin and cos).
 * Both branches of a select run in vector code, so a tail that no input of
 * a network reaches (erfact's x >= 946, in log space) cost every element
 * its full price; the results are the same bits either way.
 */
#include <math.h>
#include <stdlib.h>
#include "diag.h"
#include "emit_body.h"
#include "lower.h"

typedef struct Lowering {
  Node **memo;   /* by node id, for the nodes that existed when it began */
  int size;
  Ranges *ranges;
  int *divisions;   /* by node id (< size): how many divisions have it as divisor */
  /* by node id (< size), in the forward's body (roots[0]) and in the
   * derivatives' (the others): whether the node is there, and how many of
   * its uses there are not as a divisor */
  unsigned char *in_body[2];
  int *other_uses[2];
} Lowering;

/* Where a shared divisor's reciprocal stays a normal double. */
#define RECIPROCAL_BOUND 1000.0

/* hypotin.c's bound: x^2 + y^2 is 0 or a normal double below 2^1001. */
#define HYPOTIN_BOUND 500.0

/* The fused operator for op applied to the result of inner, or -1. */
static int fused(Op op, Op inner) {
  if (inner != OP_SOFTPLUS) return -1;
  return op == OP_TANH ? OP_TANHSP : op == OP_COSH ? OP_COSHSP : -1;
}

static Node *lower(Lowering *l, Node *n);

static int is_one(const Node *n) { return dag_is_num(n) && dag_num_cmp_si(n, 1) == 0; }

/* n = 1/cosh(u)^2 (tanh's derivative): returns u, else NULL. */
static Node *sech2_arg(const Node *n) {
  if (n->op != OP_DIV || !is_one(n->a[0])) return NULL;
  const Node *p = n->a[1];
  if (p->op != OP_POWI || p->k != 2 || p->a[0]->op != OP_COSH) return NULL;
  return p->a[0]->a[0];
}

/* n = sigmoid(u) * sigmoid(-u), in either order: returns u, else NULL. */
static Node *sigprod_arg(const Node *n) {
  if (n->op != OP_MUL || n->a[0]->op != OP_SIGMOID || n->a[1]->op != OP_SIGMOID) return NULL;
  Node *u = n->a[0]->a[0], *v = n->a[1]->a[0];
  if (v->op == OP_NEG && v->a[0] == u) return u;
  if (u->op == OP_NEG && u->a[0] == v) return v;
  return NULL;
}

/* n = c sigmoid(u) / cosh(softplus(u))^2 (the derivative of
 * tanh(softplus(u)), mish's; c from the chain rule, or none): returns u,
 * with c in *c (NULL for none), else NULL. */
static Node *tanhspd_arg(const Node *n, Node **c) {
  if (n->op != OP_DIV) return NULL;
  const Node *p = n->a[1], *sig = n->a[0];
  if (p->op != OP_POWI || p->k != 2 || p->a[0]->op != OP_COSH || p->a[0]->a[0]->op != OP_SOFTPLUS) return NULL;
  Node *u = p->a[0]->a[0]->a[0];
  *c = NULL;
  for (int i = 0; i < 2 && sig->op == OP_MUL; i++)
    if (sig->a[i]->op == OP_SIGMOID && sig->a[i]->a[0] == u) {
      *c = sig->a[1 - i];
      sig = sig->a[i];
    }
  return sig->op == OP_SIGMOID && sig->a[0] == u ? u : NULL;
}

/* The x-dependent nodes reachable from roots[0..n-1] (each once), marked
 * in the returned array by id; for each, where the arrays are given, the
 * divisions by it (other than 1/d: a reciprocal is already what
 * shared_reciprocal makes) and its uses that are not as a divisor. */
static unsigned char *walk(int size, Node *const *roots, int n, int *divisions, int *other_uses) {
  unsigned char *seen = calloc((size_t)size + 1, 1);
  Node **stack = malloc(sizeof *stack * ((size_t)size + 1));
  if (!seen || !stack) die("out of memory");
  int sp = 0;
  for (int i = 0; i < n; i++)
    if (roots[i] && roots[i]->has_x && !seen[roots[i]->id]) {
      seen[roots[i]->id] = 1;
      stack[sp++] = roots[i];
    }
  while (sp > 0) {
    Node *v = stack[--sp];
    if (divisions && v->op == OP_DIV && !is_one(v->a[0])) divisions[v->a[1]->id]++;
    for (int i = 0; i < v->nargs; i++) {
      if (other_uses && (v->op != OP_DIV || i != 1)) other_uses[v->a[i]->id]++;
      if (v->a[i]->has_x && !seen[v->a[i]->id]) {
        seen[v->a[i]->id] = 1;
        stack[sp++] = v->a[i];
      }
    }
  }
  free(stack);
  return seen;
}

/* The counts of walk() for all roots (divisions) and per body (b = 0:
 * roots[0], 1: the others). */
static void count_uses(Lowering *l, Node *const *roots, int n) {
  l->divisions = calloc((size_t)l->size + 1, sizeof(int));
  for (int b = 0; b < 2; b++) l->other_uses[b] = calloc((size_t)l->size + 1, sizeof(int));
  if (!l->divisions || !l->other_uses[0] || !l->other_uses[1]) die("out of memory");
  free(walk(l->size, roots, n, l->divisions, NULL));
  l->in_body[0] = walk(l->size, roots, n < 1 ? n : 1, NULL, l->other_uses[0]);
  l->in_body[1] = walk(l->size, roots + 1, n > 1 ? n - 1 : 0, NULL, l->other_uses[1]);
}

/* Whether node d is used only as a divisor in every body that has n. */
static int only_divisor(const Lowering *l, const Node *n, const Node *d) {
  if (n->id >= l->size || d->id >= l->size) return 0;
  for (int b = 0; b < 2; b++)
    if (l->in_body[b][n->id] && l->other_uses[b][d->id] > 0) return 0;
  return 1;
}

/* n's leading number multiplied into c: n = c' w gives w, a number NULL,
 * anything else n itself. */
static Node *split_number(Node *n, mpq_t c) {
  if (dag_is_num(n)) {
    mpq_mul(c, c, n->q);
    return NULL;
  }
  if (n->op != OP_MUL || !dag_is_num(n->a[0])) return n;
  mpq_mul(c, c, n->a[0]->q);
  return n->a[1];
}

/* a b with their leading numbers multiplied out exactly (a factor 1
 * dropped), for the products of a scaled hypot and the numbers around it;
 * c (t g), t theta-only, as (c t) g, c t computed once per call. Not
 * where that number is not tame (dag.c: 1e300 hypot(m, 1e100 x) as
 * HUGE_VAL hypotin(m/1e100, x) would be NaN at m = x = 0). */
static Node *times(Node *a, Node *b) {
  mpq_t c;
  mpq_init(c);
  mpq_set_ui(c, 1, 1);
  Node *u = split_number(a, c), *v = split_number(b, c);
  Node *w = u && v ? dag_mul(u, v) : u ? u : v;
  int t = w && w->op == OP_MUL && w->has_x ? (!w->a[0]->has_x ? 0 : !w->a[1]->has_x ? 1 : -1) : -1;
  Node *g = t >= 0 ? w->a[1 - t] : w;
  if (t >= 0) w = split_number(w->a[t], c);   /* the number goes into t */
  if (mpq_sgn(c) != 0 && !dag_q_tame(c)) {   /* checked on the whole number */
    mpq_clear(c);
    return dag_mul(a, b);
  }
  Node *k = dag_num_q(c);
  if (mpq_cmp_ui(c, 1, 1) != 0 || !w) w = w ? dag_mul(k, w) : k;
  if (t >= 0) w = dag_mul(w, g);
  mpq_clear(c);
  return w;
}

/* (k t) g, k a number and t theta-only: a product that times() made. */
static int scaled_theta(const Node *n) {
  if (n->op != OP_MUL) return 0;
  for (int i = 0; i < 2; i++)
    if (!n->a[i]->has_x && n->a[i]->op == OP_MUL && dag_is_num(n->a[i]->a[0])) return 1;
  return 0;
}

/* A hypotin scaled by a number (unscaled_hypot): the number, else NULL. */
static Node *hypot_scale(const Node *n) {
  return n->op == OP_MUL && dag_is_num(n->a[0]) && n->a[1]->op == OP_HYPOTIN ? n->a[0] : NULL;
}

/* hypotin(c[0], c[1]) = hypotin(a, k u) for a theta-only a and a nonzero
 * number k, either order: |k| hypotin(a/|k|, u) where ranges.c still
 * bounds the operands; else NULL. */
static Node *unscaled_hypot(Lowering *l, Node *const *c) {
  for (int i = 0; i < 2; i++) {
    Node *a = c[1 - i], *ku = c[i];
    if (a->has_x || ku->op != OP_MUL || !dag_is_num(ku->a[0]) || dag_is_zero(ku->a[0]) || !ku->a[1]->has_x) continue;
    mpq_t m;
    mpq_init(m);
    mpq_abs(m, ku->a[0]->q);
    Node *k = dag_num_q(m);
    mpq_clear(m);
    Node *b = dag_div(a, k);
    if (!ranges_within(l->ranges, b, -HYPOTIN_BOUND, HYPOTIN_BOUND)) continue;
    Node *h = dag_2(OP_HYPOTIN, b, ku->a[1]);
    return dag_mul(k, h);
  }
  return NULL;
}

/* n = a / hypot(u, v) where the hypot lowers to hypotin.c's form and is
 * used only as a divisor: a * rhypotin(u, v) (rhypotin.c: instead of
 * hypotin.c's last step, one for the reciprocal, and no division; smu1's
 * float forward+backward 1.54 -> 1.44 ns/element), or rhypotin(u, v)
 * itself for a = 1; else NULL. Where the hypot is also needed (squareplus's
 * derivative subtracts x from it), both computed were 5% slower than the
 * division. */
static Node *rhypot_div(Lowering *l, Node *n) {
  if (n->op != OP_DIV || n->a[1]->op != OP_HYPOT) return NULL;
  if (!only_divisor(l, n, n->a[1])) return NULL;
  Node *h = lower(l, n->a[1]), *k = hypot_scale(h);
  if (k) h = h->a[1];
  if (h->op != OP_HYPOTIN) return NULL;
  Node *r = dag_make(OP_RHYPOTIN, h->a[0], h->a[1], NULL, 0);
  if (k) {   /* 1/(k h) = (1/k) rhypotin */
    Node *one = dag_num_si(1, 1);
    Node *rk = dag_div(one, k);
    r = times(rk, r);
  }
  if (is_one(n->a[0])) return r;
  Node *a = lower(l, n->a[0]);
  return k ? times(a, r) : dag_mul(a, r);
}

/* The lowered reciprocal of n's divisor when n = a/d divides by a
 * constant or theta-only d (1/d is then a literal or computed once per
 * call) or by a d that other divisions share, and ranges.c bounds d; else
 * NULL. */
static Node *shared_reciprocal(Lowering *l, const Node *n) {
  if (n->op != OP_DIV || is_one(n->a[0])) return NULL;
  Node *d = n->a[1];
  if (d->has_x && (d->id >= l->size || l->divisions[d->id] < 2)) return NULL;
  Node *ld = lower(l, d);
  if (!ranges_within(l->ranges, ld, -RECIPROCAL_BOUND, RECIPROCAL_BOUND)) return NULL;
  Node *one = dag_num_si(1, 1);
  return dag_div(one, ld);
}

static Node *lower(Lowering *l, Node *n) {
  if (n->nargs == 0 || !n->has_x) return n;
  if (n->id < l->size && l->memo[n->id]) return l->memo[n->id];
  Node *r = n;
  int f = n->nargs == 1 ? fused(n->op, n->a[0]->op) : -1;
  Node *sech = sech2_arg(n), *sig = sigprod_arg(n), *c = NULL, *tsd = tanhspd_arg(n, &c);
  Node *rh = tsd ? NULL : rhypot_div(l, n);
  Node *recip = rh || tsd ? NULL : shared_reciprocal(l, n);
  if (tsd) {
    Node *u = lower(l, tsd);
    r = dag_1(OP_TANHSPD, u);
    if (c) {
      Node *lc = lower(l, c);
      r = dag_mul(lc, r);
    }
  } else if (rh) {
    r = rh;
  } else if (recip) {   /* x / sqrt(2) as x * (1/sqrt(2)): a multiplication, not a division */
    Node *a = lower(l, n->a[0]);
    r = dag_mul(a, recip);
  } else if (f >= 0) {
    Node *u = lower(l, n->a[0]->a[0]);
    r = dag_1((Op)f, u);
  } else if (sech) {
    Node *u = lower(l, sech);
    r = dag_1(OP_SECH2, u);
  } else if (sig) {
    Node *u = lower(l, sig);
    r = dag_1(OP_SIGPROD, u);
  } else {
    Node *c[3] = {NULL, NULL, NULL};
    int changed = 0;
    for (int i = 0; i < n->nargs; i++) {   /* one node-making call per statement (dag.h) */
      c[i] = lower(l, n->a[i]);
      changed |= c[i] != n->a[i];
    }
    Op op = n->op;
    if (op == OP_HYPOT && ranges_within(l->ranges, c[0], -HYPOTIN_BOUND, HYPOTIN_BOUND) &&
        ranges_within(l->ranges, c[1], -HYPOTIN_BOUND, HYPOTIN_BOUND)) {
      op = OP_HYPOTIN;
      changed = 1;
    }
    Node *unscaled = op == OP_HYPOTIN ? unscaled_hypot(l, c) : NULL;
    if (unscaled)
      r = unscaled;
    else if (op == OP_MUL && (hypot_scale(c[0]) || hypot_scale(c[1]) ||
                              (dag_is_num(c[0]) && c[1] != n->a[1] && scaled_theta(c[1]))))
      r = times(c[0], c[1]);
    else if (changed)
      r = dag_make(op, c[0], c[1], c[2], n->k);
  }
  if (n->id < l->size) l->memo[n->id] = r;
  return r;
}

/* ---- products and sums into fma(): one rounding less ----
 *
 * u v + c, c + u v, u v - c and c - u v of x-dependent values whose
 * product is used nowhere else in the float roots become fma(u, v, c)
 * (fma(u, v, -c), fma(-u, v, c)): C99's fma is correctly rounded wherever
 * it is computed (one instruction with FMA hardware, as the dispatch
 * copies are built; the C library's otherwise), so the bits do not depend
 * on the target, and one rounding less is never less accurate in absolute
 * terms (the Horner steps of pau, hp1 and hp2: their float forward 15-24%
 * faster).
 * Not where the other operand is a product or a square too: u u - v v
 * would no longer be exactly 0 where u = v (and negative under a square
 * root). Double-double forms stay exact: their split halves multiply
 * exactly either way, and the products whose rounding they measure (a
 * Veltkamp split's c x, Dekker's p = a b) are used more than once. Only
 * the float roots are fused, after every other stage: the double bodies
 * keep their two roundings, and every float body, with or without its
 * rare regions (strip_rare_regions), reads the same nodes.
 *
 * A product by a power of two is exact, so 2^k u + w is fma(2^k, u, w)
 * whatever w is (but a product to subtract): the same bits (but where 2^k
 * u would overflow or round as a subnormal, and the fma is the more
 * accurate), one operation less (smu1's forward, 0.625 x + 0.5 hypot).
 * For the same reason 2^k (theta_i g) is (2^k theta_i) g, 2^k theta_i
 * computed once per call (smu1's dmu, 0.5 (mu rhypot)); theta_i is a float
 * there, so 2^k theta_i is exact for |k| <= 64. */

typedef struct Fusing {
  int size;
  /* by node id: its uses in the float roots but as a divisor (walk). A
   * product that also divides, or is itself a root, is then multiplied
   * twice, alone and in the fma: no more operations than before. */
  int *uses;
  Node **memo;
  unsigned char *root;   /* by node id: a float root */
} Fusing;

static int is_product(const Node *n) { return n->op == OP_MUL || (n->op == OP_POWI && n->k == 2); }

/* A number +-2^k, |k| <= 64. */
static int is_pow2(const Node *n) {
  return dag_is_pow2(n) && mpz_sizeinbase(mpq_numref(n->q), 2) <= 65 && mpz_sizeinbase(mpq_denref(n->q), 2) <= 65;
}

/* A product by a power of two: its other factor, else NULL. */
static Node *pow2_factor(const Node *n) {
  if (n->op != OP_MUL) return NULL;
  return is_pow2(n->a[0]) ? n->a[1] : is_pow2(n->a[1]) ? n->a[0] : NULL;
}

static int number_scaled(const Node *n) { return n->op == OP_MUL && (dag_is_num(n->a[0]) || dag_is_num(n->a[1])); }

static Node *fuse(Fusing *f, Node *n) {
  if (n->nargs == 0 || !n->has_x || n->id >= f->size) return n;
  if (f->memo[n->id]) return f->memo[n->id];
  Node *c[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) c[i] = fuse(f, n->a[i]);   /* one node-making call per statement (dag.h) */
  Node *r = dag_with_args(n, c);
  if (n->op == OP_ADD || n->op == OP_SUB) {
    int m[2], e[2];
    for (int i = 0; i < 2; i++) {
      m[i] = n->a[i]->op == OP_MUL && n->a[i]->has_x && f->uses[n->a[i]->id] == 1 && c[i]->op == OP_MUL;
      e[i] = m[i] && pow2_factor(c[i]) != NULL;
    }
    int j = e[0] ? 0 : e[1] ? 1 : m[0] ? 0 : 1;   /* the product; an exact one first */
    /* (2^k u - v w: fma(2^k, u, -(v w)) made gelu's backward 3% slower) */
    int exact = e[j] && !(n->op == OP_SUB && j == 0 && is_product(n->a[1]));
    /* a root's c u + d v, c and d numbers: no later operation can see a
     * zero it no longer is exactly (smu1's forward 0.625 x + 0.375 hypot) */
    int scaled = m[0] && m[1] && f->root[n->id] && f->uses[n->id] == 0 && number_scaled(c[0]) && number_scaled(c[1]);
    if (scaled && !e[j]) j = c[1]->depth > c[0]->depth;   /* the deeper product fused: the other runs beside it */
    if (exact || scaled || (m[0] + m[1] == 1 && !is_product(n->a[1 - j]))) {
      Node *u = c[j]->a[0], *v = c[j]->a[1], *w = c[1 - j];
      if (n->op == OP_SUB && j == 0) w = dag_neg(w);
      if (n->op == OP_SUB && j == 1) u = dag_neg(u);
      r = dag_make(OP_FMA, u, v, w, 0);
    }
  } else if (n->op == OP_MUL && r->op == OP_MUL) {
    Node *g = pow2_factor(r), *t = NULL;
    if (g && g->op == OP_MUL && g->has_x)
      for (int i = 0; i < 2; i++)
        if (g->a[i]->op == OP_THETA) t = g->a[i];
    if (t) {
      Node *two = g == r->a[0] ? r->a[1] : r->a[0];
      Node *s = dag_mul(two, t);
      Node *h = g->a[0] == t ? g->a[1] : g->a[0];
      r = dag_mul(s, h);
    }
  }
  f->memo[n->id] = r;
  return r;
}

static void fuse_products(Node **roots, int n) {
  Fusing f;
  f.size = dag_node_count();
  f.uses = calloc((size_t)f.size + 1, sizeof *f.uses);
  f.memo = calloc((size_t)f.size + 1, sizeof *f.memo);
  f.root = calloc((size_t)f.size + 1, 1);
  if (!f.uses || !f.memo || !f.root) die("out of memory");
  free(walk(f.size, roots, n, NULL, f.uses));
  for (int i = 0; i < n; i++)
    if (roots[i]) f.root[roots[i]->id] = 1;
  for (int i = 0; i < n; i++)
    if (roots[i]) roots[i] = fuse(&f, roots[i]);
  free(f.uses);
  free(f.memo);
  free(f.root);
}

void lower_float(Node **roots, int n) {
  horner_float(roots, n);   /* first: l's arrays cover the nodes it makes */
  Lowering l;
  l.size = dag_node_count();
  l.memo = calloc((size_t)l.size + 1, sizeof(Node *));
  if (!l.memo) die("out of memory");
  l.ranges = ranges_new();
  count_uses(&l, roots, n);
  for (int i = 0; i < n; i++)
    if (roots[i]) roots[i] = lower(&l, roots[i]);
  ranges_free(l.ranges);
  free(l.divisions);
  for (int b = 0; b < 2; b++) {
    free(l.in_body[b]);
    free(l.other_uses[b]);
  }
  free(l.memo);
  fuse_products(roots, n);
}

/* ---- theta-only factors out of the df/dtheta sums ----
 *
 * The backward sums dy df/dtheta_k over the elements. Where df/dtheta_k
 * is t g, t theta-only, the float kernels sum dy g and multiply the sum by
 * t (api.c.in, emit.c): one multiplication per element less (smu1's
 * dmu = (2/3 mu) rhypotin(mu/0.75, x): forward+backward 2.5% faster), and
 * one rounding of t g per term less, one of the sum more. The product is
 * searched along its chain of products (pau's -(t15 (p[55] t5))). */
static Node *pull_theta(Node *n, Node **t) {
  if (n->op == OP_NEG) {
    Node *g = pull_theta(n->a[0], t);
    return *t ? dag_neg(g) : n;
  }
  if (n->op != OP_MUL || !n->has_x) return n;
  for (int i = 0; i < 2; i++)
    if (!n->a[i]->has_x && n->a[i]->has_theta) {
      *t = n->a[i];
      return n->a[1 - i];
    }
  for (int i = 0; i < 2; i++) {
    Node *g = pull_theta(n->a[i], t);
    if (*t) return i == 0 ? dag_mul(g, n->a[1]) : dag_mul(n->a[0], g);
  }
  return n;
}

Node *factor_theta(Node *root, Node **t) {
  *t = NULL;
  Node *g = root ? pull_theta(root, t) : root;
  if (!*t) return root;
  /* Only where ranges.c bounds the rest within 2^+-700: the sum of dy g
   * (floats dy, at most 2^64 terms) then neither overflows nor loses
   * digits to subnormals where the sum of dy t g would not (a zero t times
   * an overflowed sum is NaN where every term t g was 0). */
  Ranges *m = ranges_new();
  int tame = ranges_within(m, g, -700, 700);
  ranges_free(m);
  if (!tame) *t = NULL;
  return tame ? g : root;
}

/* n without the regions of its top chain of `x < b` selects beyond
 * RARE_BOUND; *lo, *hi narrowed to the bounds of what is left. */
static Node *strip(Node *n, double *lo, double *hi) {
  if (n->op != OP_SELECT) return n;
  const Node *c = n->a[0];
  if (c->op != OP_LT || c->a[0]->op != OP_X || !dag_is_num(c->a[1])) return n;
  double b = const_double(c->a[1]);
  if (b <= -RARE_BOUND) {   /* x < b is rare */
    *lo = b > *lo ? b : *lo;
    return strip(n->a[2], lo, hi);
  }
  if (b >= RARE_BOUND) {   /* x >= b is rare */
    *hi = b < *hi ? b : *hi;
    return strip(n->a[1], lo, hi);
  }
  Node *t = strip(n->a[1], lo, hi);
  Node *e = strip(n->a[2], lo, hi);
  if (t == n->a[1] && e == n->a[2]) return n;
  return dag_select(n->a[0], t, e);
}

int strip_rare_regions(Node *const *roots, Node **vroots, double *lo, double *hi, int n) {
  int any = 0;
  for (int i = 0; i < n; i++) {
    lo[i] = -INFINITY;
    hi[i] = INFINITY;
    vroots[i] = roots[i] ? strip(roots[i], &lo[i], &hi[i]) : NULL;
    any |= vroots[i] != roots[i];
  }
  return any;
}
