/* ranges.c — bounds on the magnitudes of the float kernels' values.
 *
 * In the float kernels x and theta are floats: 0 or of magnitude in
 * [2^-149, 2^128], and integer multiples of 2^-149. Some math layer
 * functions need no scaling on arguments so bounded (hypotin.c: hypot
 * without its guards against overflow and underflow of x^2 + y^2, half
 * its cost), so lower.c asks here what it may assume of an operand.
 *
 * For every node, Range holds, for its finite nonzero values v (zero, inf
 * and NaN are not bounded: the layer functions handle them):
 *   2^lo <= |v| <= 2^hi, and v is an integer multiple of 2^q.
 * The rules follow the double arithmetic the kernels do, not the exact
 * values: rounding is monotone and keeps powers of two, so an exact bound
 * 2^k that is a double stays a bound of the rounded result; a rounded sum
 * or product of multiples of 2^q is a multiple of 2^q (if rounding changes
 * it, its ulp is at least 2^q); and every double is a multiple of 2^-1074,
 * so q >= -1074 always and a nonzero sum is at least 2^q in magnitude —
 * which is what bounds x - x/4 (smu1) away from 0. Anything else (exp,
 * erf, the fused forms, ...) is unbounded: [2^-1074, +inf].
 */
#include <math.h>
#include <stdlib.h>
#include "diag.h"
#include "emit_body.h"
#include "lower.h"

#define DOUBLE_QUANTUM (-1074.0)

struct Ranges {
  Range *r;
  unsigned char *done;
  int size;
};

Ranges *ranges_new(void) {
  Ranges *m = calloc(1, sizeof *m);
  if (!m) die("out of memory");
  return m;
}

void ranges_free(Ranges *m) {
  if (!m) return;
  free(m->r);
  free(m->done);
  free(m);
}

static double max2(double a, double b) { return a > b ? a : b; }
static double min2(double a, double b) { return a < b ? a : b; }

static Range unbounded(void) { return (Range){DOUBLE_QUANTUM, INFINITY, DOUBLE_QUANTUM}; }

/* Either operand's value (select, min, max). */
static Range either(Range a, Range b) { return (Range){min2(a.lo, b.lo), max2(a.hi, b.hi), min2(a.q, b.q)}; }

/* The range of a nonzero constant v (a double, printed as a literal):
 * within one binade either side, a multiple of the ulp of its lower
 * neighbour. Zero has an empty range. */
static Range constant(double v) {
  if (v == 0) return (Range){INFINITY, -INFINITY, INFINITY};
  if (!isfinite(v)) return unbounded();
  double e = (double)ilogb(v);
  return (Range){e - 1, e + 1, max2(e - 53, DOUBLE_QUANTUM)};
}

static Range product(Range a, Range b) {
  if (a.lo > a.hi) return a;   /* a product with zero is zero (or NaN) */
  if (b.lo > b.hi) return b;
  double q = max2(a.q + b.q, DOUBLE_QUANTUM);
  return (Range){max2(max2(a.lo + b.lo, q), DOUBLE_QUANTUM), a.hi + b.hi, q};
}

static Range compute(Ranges *m, const Node *n) {
  if (n->op == OP_X || n->op == OP_THETA) return (Range){-149, 128, -149};
  if (dag_is_const(n)) return constant(const_double(n));
  Range a = n->nargs > 0 ? ranges_of(m, n->a[0]) : unbounded();
  Range b = n->nargs > 1 ? ranges_of(m, n->a[1]) : unbounded();
  switch (n->op) {
  case OP_NEG: case OP_ABS: case OP_RELU:
    return a;
  case OP_SIGN:
    return (Range){0, 0, 0};
  case OP_ADD: case OP_SUB: {
    double q = min2(a.q, b.q);
    return (Range){max2(q, DOUBLE_QUANTUM), max2(a.hi, b.hi) + 1, q};
  }
  case OP_MUL:
    return product(a, b);
  case OP_POWI: {   /* the product of k factors a, in closed form (k is up to LIMIT_EXPONENT) */
    if (a.lo > a.hi) return a;
    double k = n->k, q = max2(k * a.q, DOUBLE_QUANTUM);
    return (Range){max2(max2(k * a.lo, q), DOUBLE_QUANTUM), k * a.hi, q};
  }
  case OP_DIV:
    return (Range){max2(a.lo - b.hi, DOUBLE_QUANTUM), a.hi - b.lo, DOUBLE_QUANTUM};
  case OP_SQRT:
    return (Range){max2(floor(a.lo / 2), DOUBLE_QUANTUM), ceil(a.hi / 2), DOUBLE_QUANTUM};
  case OP_HYPOT: case OP_HYPOTIN:
    return (Range){max2(min2(a.lo, b.lo), DOUBLE_QUANTUM), max2(a.hi, b.hi) + 1, DOUBLE_QUANTUM};
  case OP_RHYPOTIN:   /* 1/hypot */
    return (Range){max2(-max2(a.hi, b.hi) - 1, DOUBLE_QUANTUM), -min2(a.lo, b.lo), DOUBLE_QUANTUM};
  case OP_MIN: case OP_MAX:
    return either(a, b);
  case OP_SELECT:
    return either(b, ranges_of(m, n->a[2]));
  default:
    return unbounded();
  }
}

Range ranges_of(Ranges *m, const Node *n) {
  if (n->id >= m->size) {
    int size = dag_node_count() + 1;
    Range *r = realloc(m->r, sizeof *r * (size_t)size);
    unsigned char *done = realloc(m->done, (size_t)size);
    if (!r || !done) die("out of memory");
    for (int i = m->size; i < size; i++) done[i] = 0;
    m->r = r;
    m->done = done;
    m->size = size;
  }
  if (!m->done[n->id]) {
    Range r = compute(m, n);
    m->r[n->id] = r;   /* compute() may have grown the arrays */
    m->done[n->id] = 1;
  }
  return m->r[n->id];
}

int ranges_within(Ranges *m, const Node *n, double lo, double hi) {
  Range r = ranges_of(m, n);
  return r.lo >= lo && r.hi <= hi;
}
