/* schedule.c — order the operations of a body and choose its temporaries.
 *
 * The order is a depth-first post-order from the roots, operands in operand
 * order, so every node comes after its operands and near its first use;
 * it depends only on the shape of the DAG (never on pointer values or hash
 * order), so the output is byte-for-byte deterministic. The walk uses an
 * explicit stack: DAGs may be DAG_MAX_DEPTH deep.
 *
 * Then, in that order, each operation is given a temporary when
 *   - it is used more than once (computed once, then read by name),
 *   - it is the base of an integer power u^n (the power reads u n times),
 *   - it is a power u^n with n >= 4 (computed by repeated squaring into
 *     helper temporaries, see emit.c),
 *   - it is a root of a multi-result body that would read theta[k]
 *     inline (theta_before_stores: the stores through dtheta come after
 *     every read of theta, so that even dtheta == theta gives the right
 *     values), or
 *   - writing it inline would make an expression of more than
 *     SCHED_INLINE_OPS operations (except a lone root: it is returned).
 * Everything else is written inline at its single use.
 */
#include <stdlib.h>
#include "diag.h"
#include "schedule.h"

int sched_is_literal(const Node *n) {
  return n->nargs == 0 || (dag_is_const(n) && op_info[n->op].cls != CLASS_COND);
}

int schedule_pos(const Schedule *s, const Node *n) {
  if (n->id >= s->index_size) return -1;
  return s->index[n->id] - 1;
}

/* Append the operations reachable from root that are not yet scheduled, in
 * post-order. index[id] is 0 (unseen), -1 (on the stack) or 1 + position. */
static void visit(Schedule *s, Node *root, Node ***stack, int **next, int *cap) {
  if (sched_is_literal(root) || s->index[root->id]) return;
  int sp = 0;
  (*stack)[sp] = root;
  (*next)[sp++] = 0;
  s->index[root->id] = -1;
  while (sp > 0) {
    Node *n = (*stack)[sp - 1];
    int i = (*next)[sp - 1]++;
    if (i < n->nargs) {
      Node *c = n->a[i];
      if (sched_is_literal(c) || s->index[c->id]) continue;
      if (sp == *cap) {
        *cap *= 2;
        *stack = realloc(*stack, sizeof **stack * (size_t)*cap);
        *next = realloc(*next, sizeof **next * (size_t)*cap);
        if (!*stack || !*next) die("out of memory");
      }
      (*stack)[sp] = c;
      (*next)[sp++] = 0;
      s->index[c->id] = -1;
    } else {
      sp--;
      s->node[s->n++] = n;
      s->index[n->id] = s->n;
    }
  }
}

void schedule_build(Schedule *s, Node *const *roots, int nroots, int theta_before_stores) {
  int total = dag_node_count();
  s->n = 0;
  s->ntemps = 0;
  s->index_size = total;
  /* malloc, not the arena: these arrays are large and die with the body. */
  s->index = calloc((size_t)total + 1, sizeof *s->index);
  s->node = malloc(sizeof *s->node * ((size_t)total + 1));
  if (!s->index || !s->node) die("out of memory");

  int cap = 64;
  Node **stack = malloc(sizeof *stack * (size_t)cap);
  int *next = malloc(sizeof *next * (size_t)cap);
  if (!stack || !next) die("out of memory");
  for (int r = 0; r < nroots; r++)
    if (roots[r]) visit(s, roots[r], &stack, &next, &cap);
  free(stack);
  free(next);

  int n = s->n;
  s->uses = calloc((size_t)n + 1, sizeof *s->uses);
  s->temp = calloc((size_t)n + 1, 1);
  unsigned char *forced = calloc((size_t)n + 1, 1), *is_root = calloc((size_t)n + 1, 1);
  unsigned char *reads_theta = calloc((size_t)n + 1, 1);   /* its inline text reads theta[k] */
  int *weight = calloc((size_t)n + 1, sizeof *weight);
  if (!s->uses || !s->temp || !forced || !is_root || !reads_theta || !weight) die("out of memory");

  for (int i = 0; i < n; i++) {
    Node *m = s->node[i];
    for (int j = 0; j < m->nargs; j++) {
      int p = schedule_pos(s, m->a[j]);
      if (p < 0) continue;
      s->uses[p]++;
      if (m->op == OP_POWI) forced[p] = 1;   /* u^n reads u several times */
    }
  }
  for (int r = 0; r < nroots; r++) {
    int p = roots[r] ? schedule_pos(s, roots[r]) : -1;
    if (p < 0) continue;
    s->uses[p]++;
    is_root[p] = 1;
  }

  for (int i = 0; i < n; i++) {
    Node *m = s->node[i];
    int w = 1, rt = 0;
    for (int j = 0; j < m->nargs; j++) {
      int p = schedule_pos(s, m->a[j]);
      if (p >= 0 && !s->temp[p]) {
        w += weight[p];
        rt |= reads_theta[p];
      }
      rt |= m->a[j]->op == OP_THETA;
    }
    /* A lone root is returned as one expression however long: naming it
     * first would only add `return tN;`. */
    int temp = forced[i] || s->uses[i] > 1 || (m->op == OP_POWI && m->k >= 4) ||
               (w > SCHED_INLINE_OPS && !is_root[i]) || (is_root[i] && theta_before_stores && rt);
    s->temp[i] = (unsigned char)temp;
    weight[i] = temp ? 0 : w;
    reads_theta[i] = (unsigned char)(!temp && rt);
    s->ntemps += temp;
  }
  free(forced);
  free(is_root);
  free(reads_theta);
  free(weight);
}

void schedule_free(Schedule *s) {
  free(s->index);
  free(s->node);
  free(s->uses);
  free(s->temp);
  s->index = s->uses = NULL;
  s->node = NULL;
  s->temp = NULL;
  s->n = s->ntemps = s->index_size = 0;
}
