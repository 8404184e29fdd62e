/* schedule.c — order the operations of a body and choose its temporaries.
 *
 * The order is a depth-first post-order from the roots, operands in operand
 * order, so every node comes after its operands and near its first use;
 * it depends only on the shape of the DAG (never on pointer values or hash
 * order), so the output is byte-for-byte deterministic. The walk uses an
 * explicit stack: DAGs may be LIMIT_DAG_DEPTH deep.
 *
 * Then, in that order, each operation is given a temporary when
 *   - it is used more than once (computed once, then read by name),
 *   - it is the base of an integer power u^n (the power reads u n times),
 *   - it is a power u^n with n >= 4 (computed by repeated squaring into
 *     helper temporaries, see emit.c),
 *   - it is a branch of an `if` (C's c ? a : b evaluates one branch; with
 *     both computed before, the select is branch-free and vectorizes even
 *     where a branch could trap, which the compiler will not speculate),
 *     unless the `if` is lazy (a double body's region test whose branch is
 *     an outlined form, emit_body.c: then the chain of such tests is one
 *     nested c ? a : b expression, which computes the branch taken only), or
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

static int is_input(const Schedule *s, const Node *n) {
  return sched_is_literal(n) || (n->id < s->ninputs && s->inputs[n->id]);
}

int schedule_pos(const Schedule *s, const Node *n) {
  if (n->id >= s->index_size) return -1;
  return s->index[n->id] - 1;
}

/* Append the operations reachable from root that are not yet scheduled, in
 * post-order. index[id] is 0 (unseen), -1 (on the stack) or 1 + position. */
static void visit(Schedule *s, Node *root, Node ***stack, int **next, int *cap) {
  if (is_input(s, root) || s->index[root->id]) return;
  int sp = 0;
  (*stack)[sp] = root;
  (*next)[sp++] = 0;
  s->index[root->id] = -1;
  while (sp > 0) {
    Node *n = (*stack)[sp - 1];
    int i = (*next)[sp - 1]++;
    if (i < n->nargs) {
      Node *c = n->a[i];
      if (is_input(s, c) || s->index[c->id]) continue;
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

static int is_lazy(const Schedule *s, const Node *n) { return s->lazy && n->id < s->ninputs && s->lazy[n->id]; }

void schedule_build(Schedule *s, Node *const *roots, int nroots, const int *inputs, int ninputs,
                    const unsigned char *lazy) {
  int total = dag_node_count();
  s->inputs = inputs;
  s->ninputs = inputs ? ninputs : 0;
  s->lazy = inputs ? lazy : NULL;
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
  int *weight = calloc((size_t)n + 1, sizeof *weight);
  if (!s->uses || !s->temp || !forced || !is_root || !weight) die("out of memory");

  for (int i = 0; i < n; i++) {
    Node *m = s->node[i];
    for (int j = 0; j < m->nargs; j++) {
      int p = schedule_pos(s, m->a[j]);
      if (p < 0) continue;
      s->uses[p]++;
      if (m->op == OP_POWI) forced[p] = 1;   /* u^n reads u several times */
      if (m->op == OP_SELECT && j > 0 && !is_lazy(s, m)) forced[p] = 1;   /* both branches before the select */
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
    int w = 1;
    for (int j = 0; j < m->nargs; j++) {
      int p = schedule_pos(s, m->a[j]);
      if (p >= 0 && !s->temp[p]) w += weight[p];
    }
    /* A lone root is returned as one expression however long: naming it
     * first would only add `return tN;`. */
    int temp = forced[i] || s->uses[i] > 1 || (m->op == OP_POWI && m->k >= 4) ||
               (w > SCHED_INLINE_OPS && !is_root[i] && !is_lazy(s, m));
    s->temp[i] = (unsigned char)temp;
    weight[i] = temp || is_lazy(s, m) ? 0 : w;
    s->ntemps += temp;
  }
  free(forced);
  free(is_root);
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
