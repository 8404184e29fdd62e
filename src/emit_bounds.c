/* emit_bounds.c — where the vector float bodies call a layer function's
 * `_fast` form (ops.h, FAST; fast_operand) or write its constant value
 * beyond a bound (ops.h, SAT; saturated_call) instead of calling it.
 *
 * smu's df/dx holds erf(mu (1 - alpha) x) and e^(-(mu (1 - alpha) x)^2);
 * with mu = 10^6 they are exactly +-1 and +0 for |x| > 3.6e-5, which is
 * every element a network gives it but a few, yet each element computed
 * erf's rational with its division, and an exponential. A call
 * is written saturated where its operand, evaluated at theta's initial
 * values, is beyond the bound at every probe point of the range a
 * network's x takes (|x| from 10^-3 to 6, both signs); the body then
 * flags in `fast` a lane within the bound (or NaN), and api.c.in redoes
 * such a block with the whole functions, as for the `_fast` forms. The
 * bits are those of the whole functions by construction: beyond its bound
 * the layer function gives exactly VALUE (tests/math/test_fast_forms.sh).
 * Training that moves theta back within the bounds costs speed (blocks
 * computed twice), never bits.
 *
 * rare_lanes() tells, before the float roots are final, whether the float
 * API will redo rare lanes with the double bodies (find_hoisted's
 * theta-only factors depend on it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit_body.h"
#include "oracle.h"
#include "stabilize.h"

/* u at x for theta, by the oracle (53 bits, every operation rounded). */
static double value_at(const Node *u, double x, mpfr_t *theta) {
  mpfr_t mx, v;
  mpfr_inits2(53, mx, v, (mpfr_ptr)0);
  mpfr_set_d(mx, x, MPFR_RNDN);
  oracle_eval(u, v, mx, theta, 53);
  double r = mpfr_get_d(v, MPFR_RNDN);
  mpfr_clears(mx, v, (mpfr_ptr)0);
  return r;
}

/* Whether u <= 0 (or NaN) whatever x and theta: the negation of a square,
 * an even power or |v| (exp's saturation to 0 and its `_neg` form). */
static int never_positive(const Node *u) {
  if (u->op != OP_NEG) return 0;
  const Node *v = u->a[0];
  return (v->op == OP_MUL && v->a[0] == v->a[1]) || (v->op == OP_POWI && v->k % 2 == 0) || v->op == OP_ABS;
}

/* Operands that a network's x keeps below the bounds of the `_fast` forms
 * (ops.h, FAST) on nearly every element: linear in x (x, -u, c u, u / c
 * with c free of x: a constant or theta-only, as swish's beta x), or a
 * polynomial in x with constant coefficients (gelu's e^(-x^2/2)). Not a
 * theta times a power of x: smu's e^(-(mu x)^2), mu = 10^6 at first, is
 * beyond the bound on most elements, and each block would be computed twice. */
static int linear_in_x(const Node *n) {
  switch (n->op) {
  case OP_X: return 1;
  case OP_NEG: return linear_in_x(n->a[0]);
  case OP_MUL: return (!n->a[0]->has_x && linear_in_x(n->a[1])) || (!n->a[1]->has_x && linear_in_x(n->a[0]));
  case OP_DIV: return !n->a[1]->has_x && linear_in_x(n->a[0]);
  default: return 0;
  }
}

static int constant_poly_in_x(const Node *n) {
  if (!n->has_x) return !n->has_theta;
  switch (n->op) {
  case OP_X: return 1;
  case OP_NEG: case OP_POWI: return constant_poly_in_x(n->a[0]);
  case OP_ADD: case OP_SUB: case OP_MUL: return constant_poly_in_x(n->a[0]) && constant_poly_in_x(n->a[1]);
  case OP_DIV: return !n->a[1]->has_x && !n->a[1]->has_theta && constant_poly_in_x(n->a[0]);
  default: return 0;
  }
}

static int fast_operand(const Node *u) { return linear_in_x(u) || constant_poly_in_x(u); }

static int saturated_call(const ActInfo *ai, const Node *n) {
  const char *sat = op_info[n->op].sat;
  const Node *u = n->a[0];
  if (!sat[0] || !u->has_x || ai->act->ntheta > 64) return 0;
  /* a VALUE that is not odd in u (exp's 0) holds below -BOUND only */
  if (!strstr(sat, "%s") && !never_positive(u)) return 0;
  int K = ai->act->ntheta, beyond = 1;
  double theta0[64], bound = strtod(sat, NULL);
  mpfr_t theta[64];
  theta_initial(ai->act, theta0, K);
  for (int k = 0; k < K; k++) mpfr_init_set_d(theta[k], theta0[k], MPFR_RNDN);
  static const double probe[] = {1e-3, 1e-2, 0.1, 0.5, 1, 2, 6};
  for (size_t i = 0; i < sizeof probe / sizeof *probe && beyond; i++)
    for (int s = -1; s <= 1 && beyond; s += 2) beyond = fabs(value_at(u, s * probe[i], theta)) > bound;
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  return beyond;
}

const char *saturated_value(Op op) { return strchr(op_info[op].sat, ' ') + 1; }

/* A FAST column "rare": a two-operand function whose `_fast` form misses
 * only special values, with a test of its own (ops.h). */
int rare_test(Op op) { return strcmp(op_info[op].fast, "rare") == 0; }

int fast_call(int layer, const Node *n) {
  if (layer != 1 || !in_layer(n->op) || !op_info[n->op].fast[0]) return 0;
  if (rare_test(n->op)) return n->has_x;
  return n->a[0]->has_x && fast_operand(n->a[0]);
}

/* exp of an operand never positive (-u^2, -|u|: erf's derivative, gelu's
 * and erfact's) calls the layer's actgen_vexp_neg, the same bits with
 * about 10 operations fewer (templates/math/exp.c), in every float body. */
int neg_call(int layer, const Node *n) {
  return layer && n->op == OP_EXP && !fast_call(layer, n) && never_positive(n->a[0]);
}

int sat_call(const ActInfo *ai, int layer, const Node *n) {
  return layer == 1 && in_layer(n->op) && !fast_call(1, n) && saturated_call(ai, n);
}

const char *bound_test(int layer, const ActInfo *ai, const Node *n, char *buf, size_t size) {
  if (fast_call(layer, n) && rare_test(n->op)) snprintf(buf, size, "actgen_v%s_rare(", op_info[n->op].v);
  else if (fast_call(layer, n)) snprintf(buf, size, "actgen_asu64(%s - fabs(", op_info[n->op].fast);
  else if (sat_call(ai, layer, n)) snprintf(buf, size, "~actgen_asu64(%.*s - fabs(", (int)strcspn(op_info[n->op].sat, " "), op_info[n->op].sat);
  else return NULL;
  return buf;
}

/* (emit_body.h) The same walk as find_hoisted's, which sets ai->rare. */
int rare_lanes(Node *const *roots, int n) {
  int total = dag_node_count(), sp = 0, found = 0;
  unsigned char *seen = calloc((size_t)total + 1, 1);
  Node **stack = malloc(sizeof *stack * ((size_t)total + 1));
  if (!seen || !stack) die("out of memory");
  for (int r = 0; r < n; r++)
    if (roots[r] && !seen[roots[r]->id]) {
      seen[roots[r]->id] = 1;
      stack[sp++] = roots[r];
    }
  while (sp > 0 && !found) {
    Node *v = stack[--sp];
    if (!v->has_x) continue;
    found = in_layer(v->op) && op_info[v->op].lim[0];
    for (int i = 0; i < v->nargs; i++)
      if (!seen[v->a[i]->id]) {
        seen[v->a[i]->id] = 1;
        stack[sp++] = v->a[i];
      }
  }
  free(seen);
  free(stack);
  return found;
}
