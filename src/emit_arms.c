/* emit_arms.c — which arms of a double body's selects are outlined.
 *
 * A double body that calls <math.h> is scalar code, so a select need not
 * compute both of its arms, as the vector float bodies must. The
 * stabilizer's double-double forms take thousands of operations and serve
 * a region of x: computed at every element, they made softclip's double
 * kernels four times slower. So in a double body an arm of a select on x
 * with ARM_OUTLINE_OPS operations or more becomes a function of its own,
 * actgen_armN_NAME(x, p), called in that arm of C's ?: and so evaluated
 * only where it is taken: the same operations on the same values, the same
 * bits. Smaller arms stay in the body, branch-free. emit_body.c writes
 * the functions and their calls; this file finds the arms (outline_arms).
 */
#include <stdlib.h>
#include "diag.h"
#include "emit_body.h"
#include "schedule.h"

#define ARM_OUTLINE_OPS 100
#define ARM_CANDIDATES 64   /* arms examined per body (each a walk of the body at most) */

/* The operations reachable from[0..nfrom-1] (literals and inputs not
 * counted), without entering `wall` or the nodes whose stop[] holds
 * stop_mark (stop may be NULL); seen[] gets mark for those counted. stack
 * has room for every node. */
static int reach(const int *inputs, Node *const *from, int nfrom, const Node *wall, int *seen, int mark, const int *stop,
                 int stop_mark, const Node **stack) {
  int sp = 0, count = 0;
  for (int r = 0; r < nfrom; r++)
    if (from[r] && from[r] != wall && seen[from[r]->id] != mark && !sched_is_literal(from[r]) && !inputs[from[r]->id]) {
      seen[from[r]->id] = mark;
      stack[sp++] = from[r];
    }
  while (sp > 0) {
    const Node *m = stack[--sp];
    count++;
    for (int i = 0; i < m->nargs; i++) {
      const Node *c = m->a[i];
      if (c == wall || seen[c->id] == mark || (stop && stop[c->id] == stop_mark) || sched_is_literal(c) || inputs[c->id]) continue;
      seen[c->id] = mark;
      stack[sp++] = c;
    }
  }
  return count;
}

/* A comparison of x with a constant: the test of a region (regions.c) or
 * a user's `if x > 0`. Selects on computed values (inside the double-double
 * forms, the two arms of a sign test share most of their operations) keep
 * both arms in the body: outlined, each would compute the shared part
 * again (softclip's double forward: 640 -> 1200 ns/element). */
static int region_test(const Node *c) {
  if (op_info[c->op].cls != CLASS_COND || c->nargs != 2) return 0;
  return (c->a[0]->op == OP_X && sched_is_literal(c->a[1])) || (c->a[1]->op == OP_X && sched_is_literal(c->a[0]));
}

unsigned char *outline_arms(Node *const *roots, int nroots, int *inputs, int total) {
  Schedule s;
  schedule_build(&s, roots, nroots, inputs, total, NULL);
  int scalar = 0;   /* a call to <math.h> (or a helper that makes one) keeps the loop scalar */
  for (int i = 0; i < s.n && !scalar; i++) scalar = op_info[s.node[i]->op].cls == CLASS_CALL && op_info[s.node[i]->op].v[0];
  if (!scalar) {   /* pau's and hp's double bodies vectorize: their arms stay (pau's forward 9 -> 55 ns outlined) */
    schedule_free(&s);
    return NULL;
  }
  /* An arm is outlined when it has ARM_OUTLINE_OPS operations of its own
   * (that the rest of the body does not compute) and shares at most a
   * quarter as many with the rest, which its function computes again
   * (softclip's df/dx and df/dk: two double-double forms, over the same
   * region, that share half their operations) */
  int *rest = calloc((size_t)total + 1, sizeof *rest), *own = calloc((size_t)total + 1, sizeof *own);
  const Node **stack = malloc(sizeof *stack * ((size_t)total + 1));
  if (!rest || !own || !stack) die("out of memory");
  int mark = 0;
  for (int i = 0; i < s.n && mark < ARM_CANDIDATES; i++) {
    const Node *n = s.node[i];
    if (n->op != OP_SELECT || !region_test(n->a[0])) continue;
    for (int j = 1; j <= 2 && mark < ARM_CANDIDATES; j++) {
      Node *arm = n->a[j];
      if (sched_is_literal(arm) || inputs[arm->id]) continue;
      int all = reach(inputs, &arm, 1, NULL, own, ++mark, NULL, 0, stack);
      if (all < ARM_OUTLINE_OPS) continue;
      reach(inputs, roots, nroots, arm, rest, mark, NULL, 0, stack);
      int mine = reach(inputs, &arm, 1, NULL, own, -mark, rest, mark, stack);
      if (mine >= ARM_OUTLINE_OPS && 4 * (all - mine) <= mine) inputs[arm->id] = -1;
    }
  }
  free(rest);
  free(own);
  free(stack);
  /* The region tests whose branches reach an outlined form through
   * region tests only (operands come first in s) */
  unsigned char *lazy = calloc((size_t)total + 1, 1);
  if (!lazy) die("out of memory");
  for (int i = 0; i < s.n; i++) {
    const Node *n = s.node[i];
    if (n->op != OP_SELECT || !region_test(n->a[0])) continue;
    for (int j = 1; j <= 2; j++) lazy[n->id] |= inputs[n->a[j]->id] < 0 || lazy[n->a[j]->id];
  }
  schedule_free(&s);
  return lazy;
}
