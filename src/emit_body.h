/* emit_body.h — what emit.c (the file, the public API) and emit_body.c
 * (the bodies computed from the DAGs, the helpers and math layer they
 * call) share. */
#ifndef ACTGEN_EMIT_BODY_H
#define ACTGEN_EMIT_BODY_H

#include "module.h"
#include "ops.h"
#include "textbuf.h"

enum { BODY_F, BODY_DX, BODY_DALL, BODY_PRE };

typedef struct ActInfo {
  const Activation *act;
  char *name;        /* prefix + activation name */
  int ops[3];        /* operations of each body (-1: not emitted) */
  int layer;         /* the float bodies differ: they call the math layer, or compute other forms */
  int rare;          /* the float bodies have rare lanes (ops.h, LIM) */
  int fast;          /* the vector float bodies call `_fast` layer functions (ops.h, FAST)
                      * or write saturated constants (SAT), and set `fast` */
  int nfast[3];      /* by body kind: the bound tests of its vector float body */
  Node **froot;      /* the float kernels' outputs r = -2 (f), -1 (df/dx), k
                      * at froot[r + 2], with lower.c's fused forms */
  Node **dfactor;    /* by k: the theta-only factor taken out of froot[k + 2]
                      * (lower.c, factor_theta), NULL for none */
  int regions;       /* the vector float bodies leave rare regions out (lower.c) */
  Node **vroot;      /* froot without them; x < rlo[i] or x >= rhi[i] is rare */
  double *rlo, *rhi;
  Node **hoisted;    /* the theta-only values, p[K + j] = hoisted[j] */
  int nhoisted;
  int *hoist_at;     /* by node id < hoist_size: 1 + j, or 0 */
  int hoist_size;
  int *arm_at;       /* by node id < arm_size: the number of its arm function
                      * (emit_body.c, outlined arms), 0 if none yet */
  int *arm_ops;      /* by node id: that function's operations */
  int arm_size;
  int narms;         /* arm functions written (kept after hoisted_free: the banner says how they count) */
} ActInfo;

/* The ops whose C spelling is a helper (actgen_*) that the file calls, and
 * those whose math-layer function it calls: set by print_body. */
extern unsigned char helper_used[OP_COUNT], layer_used[OP_COUNT];

/* Find the theta-only values of ai's activation, and whether it uses the
 * math layer; then print one of its bodies (returns its operation count). */
void find_hoisted(ActInfo *ai);
void hoisted_free(ActInfo *ai);   /* after the activation's last body */
/* The float kernels' factor of df/dtheta_k, as "p[j]" (xprintf'd), or
 * NULL; before hoisted_free. */
char *dfactor_ref(const ActInfo *ai, int k);
/* layer: 0 the double body; 1 the float one, with the math layer, rare
 * regions left out when ai->regions, `_fast` layer functions and
 * saturated constants where ai->fast; 2 the whole float form with the whole layer functions (the
 * scalar pass over those rare lanes). */
int print_body(Buf *out, ActInfo *ai, int kind, int layer);

/* emit_arms.c: in a double body of these roots that calls <math.h>, mark
 * with inputs[id] = -1 (ids < total; inputs holds the hoisted values) the
 * arms of region selects written as functions of their own; returns the
 * body's lazy selects (schedule.h), NULL where nothing is outlined. */
unsigned char *outline_arms(Node *const *roots, int nroots, int *inputs, int total);

/* emit_bounds.c: whether roots[0..n-1] call a layer function with rare
 * lanes (ops.h, LIM) on an x-dependent operand, which the float API redoes
 * with the double bodies (find_hoisted's ai->rare, before the roots are
 * final). */
int rare_lanes(Node *const *roots, int n);

/* emit_bounds.c: whether the vector float bodies (layer 1) call the
 * `_fast` form of n's layer function (ops.h, FAST: its operand is one a
 * network's x keeps within the bound; for a two-operand one with a "rare"
 * test, always), taking lanes beyond it as rare; whether they write the
 * call n as its layer function's constant beyond the bound (ops.h, SAT),
 * and that constant (a C expression, %s for the operand); the flag test
 * of such a call: into buf, the text before its operand (after it: "))",
 * or for a "rare" test ", v)"), or NULL for none. */
int rare_test(Op op);
int fast_call(int layer, const Node *n);
int neg_call(int layer, const Node *n);   /* exp's `_neg` form: its operand is never positive */
int sat_call(const ActInfo *ai, int layer, const Node *n);
const char *saturated_value(Op op);
const char *bound_test(int layer, const ActInfo *ai, const Node *n, char *buf, size_t size);

/* emit_layer.c: the helpers.c.in sections and the templates/math files the
 * file needs; the text of templates/math/NAME.c, or NULL (the float bodies
 * then call <math.h> for that operation). */
void print_helpers(Buf *out, int need_sum);
void print_math_layer(Buf *out);
const char *math_file(const char *name);
int in_layer(Op op);   /* the float bodies compute op with the math layer */

/* Literals: constant nodes correctly rounded; the shortest text that
 * reads back as the value. */
enum { LIT_MAX = 64 };   /* room for any literal literal_double/float make */
double const_double(const Node *n);
float const_float(const Node *n);
void literal_double(char *out, double d);
void literal_float(char *out, float f);

#endif
