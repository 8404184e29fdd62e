/* schedule.h — the order in which a straight-line body computes its nodes.
 *
 * Given the roots of one body (f; or df/dx; or df/dx and every
 * df/dtheta_k), schedule_build() lists the distinct operations reachable
 * from them, operands before users, and decides which of them get a named
 * temporary (`const double tN = ...;`) and which are written inline at their
 * single use. The DAG is hash-consed, so a subexpression used twice is one
 * node and is computed once: common-subexpression elimination falls out.
 *
 * Leaves (x, theta[k], numbers, pi, e) and constant sub-DAGs are not
 * scheduled: emit.c prints each of them as text (a constant sub-DAG as one
 * correctly rounded literal).
 */
#ifndef ACTGEN_SCHEDULE_H
#define ACTGEN_SCHEDULE_H

#include "dag.h"

/* A single-use node is written inline into its user while the inline
 * expression stays at most this many operations; a larger one gets a
 * temporary, which keeps every line of generated code readable. */
#define SCHED_INLINE_OPS 6

typedef struct Schedule {
  int n;                 /* number of scheduled operations */
  Node **node;           /* node[0..n-1], in evaluation order (operands first) */
  int *uses;             /* uses[i]: references to node[i] from scheduled nodes and roots */
  unsigned char *temp;   /* temp[i]: node[i] is computed into a named temporary */
  int ntemps;
  int *index;            /* by node id: 1 + position in node[], 0 if not scheduled */
  int index_size;        /* entries in index[] (dag_node_count() when built) */
  const int *inputs;     /* see schedule_build */
  int ninputs;
  const unsigned char *lazy;   /* see schedule_build */
} Schedule;

/* Leaves and constant sub-DAGs: printed as text, never scheduled. A
 * constant condition stays an operation, since the oracle gives numbers,
 * not truth values. */
int sched_is_literal(const Node *n);

/* Schedule the operations of roots[0..nroots-1] (NULL roots are skipped).
 * Nodes n with n->id < ninputs and inputs[n->id] != 0 are inputs of the
 * body (values computed elsewhere, such as the hoisted theta-only values):
 * like leaves, they are neither scheduled nor walked into. Selects with
 * lazy[n->id] != 0 (NULL: none; ids < ninputs) are written inline into
 * their user, their branches too, unless used twice. */
void schedule_build(Schedule *s, Node *const *roots, int nroots, const int *inputs, int ninputs,
                    const unsigned char *lazy);

/* Position of n in s->node[], or -1 when n is not scheduled. */
int schedule_pos(const Schedule *s, const Node *n);

void schedule_free(Schedule *s);

#endif
