/* lower.h — the float kernels' fused forms (lower.c). */
#ifndef ACTGEN_LOWER_H
#define ACTGEN_LOWER_H

#include "dag.h"

/* Rewrite roots[0..n-1] (NULL entries stay NULL) into the forms the float
 * kernels print: compositions that the math layer computes fused. roots[0]
 * is printed as a body of its own, the others together (f; df/dx and the
 * df/dtheta): a rewrite that pays only where a value is not otherwise
 * needed looks at its uses within the body. */
void lower_float(Node **roots, int n);

/* A float df/dtheta root that is a product with a theta-only factor t
 * (through products and negations): the root without t, and *t = t, so
 * that the backward multiplies t once into the sum of the rest, not into
 * every term; else root itself and *t = NULL. */
Node *factor_theta(Node *root, Node **t);

/* Rewrite the polynomials in x among roots[0..n-1] into Horner form where
 * that takes fewer operations (horner.c; lower_float calls it first). */
void horner_float(Node **roots, int n);

/* Regions of a float root's top chain of `x < b` selects that lie beyond
 * |x| >= RARE_BOUND are rare: vroots[i] is roots[i] without them, and
 * x < lo[i] or x >= hi[i] is where they were (-inf, inf: none). Returns
 * whether any root lost one. */
#define RARE_BOUND 64.0
int strip_rare_regions(Node *const *roots, Node **vroots, double *lo, double *hi, int n);

/* Bounds on the magnitudes of the float kernels' values (ranges.c): for
 * the finite nonzero values v of a node, 2^lo <= |v| <= 2^hi, and v is an
 * integer multiple of 2^q. One Ranges serves a DAG as it grows. */
typedef struct Range { double lo, hi, q; } Range;
typedef struct Ranges Ranges;
Ranges *ranges_new(void);
void ranges_free(Ranges *m);
Range ranges_of(Ranges *m, const Node *n);
/* Whether every finite nonzero value of n lies in [2^lo, 2^hi]. */
int ranges_within(Ranges *m, const Node *n, double lo, double hi);

#endif
