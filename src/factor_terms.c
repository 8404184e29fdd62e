/* factor_terms.c — the float backward's df/dtheta terms, factored by a
 * shared x-dependent factor (emit_body.h, ActInfo.term_group).
 *
 * A rational unit's terms share their denominator's powers: hp1's
 * df/dc_i = H_i(x)/Q and df/dd_j = -sign(d_j) |H_j(x)| P/Q^2, each a
 * product with 1/Q or P/Q^2 that the vector body multiplied out per term
 * and per element, and that the sum pass then multiplied by dy. Here each
 * term is read as a product of factors, through its products and
 * negations (single-use ones below the term itself, so no shared value is
 * split); the x-dependent factor that most terms share (at least three),
 * g, is taken out of those terms, which keep h, the product of their
 * other x-dependent factors (nothing where the term is g itself), and c,
 * the product of their theta-only factors and sign, when they have a theta
 * factor (else the constants stay in h). The sum pass then adds (dy g) h
 * for such a term, dy g computed once per element for all of them, and
 * the reduction's result is multiplied by c, computed once per call
 * (emit.c). The terms are the same products in another order: each
 * rounding is a double's (below 2^-52), far inside the float results'
 * budget; the double kernels keep their terms as they are.
 * Measured (harness, 2^20, AVX-512): hp1's float backward 1.65-1.70 ->
 * 1.46 ns/element. */
#include <stdlib.h>
#include "factor_terms.h"
#include "diag.h"

#define MAX_FACTORS 16
#define MIN_GROUP 3

typedef struct {
  Node *f[MAX_FACTORS];
  int n, neg;
} Factors;

/* n's factors into fs: through negations and products that have no other
 * use (uses, by node id), and through n itself, the term; `pending`
 * operands are still to come, a slot each. */
static void flatten(Node *n, const int *uses, Factors *fs, int depth, int pending) {
  int own = depth == 0 || uses[n->id] <= 1;
  if (own && depth < 2 * MAX_FACTORS && n->op == OP_NEG) {
    fs->neg ^= 1;
    flatten(n->a[0], uses, fs, depth + 1, pending);
  } else if (own && depth < 2 * MAX_FACTORS && n->op == OP_MUL && fs->n + 2 + pending <= MAX_FACTORS) {
    flatten(n->a[0], uses, fs, depth + 1, pending + 1);
    flatten(n->a[1], uses, fs, depth + 1, pending);
  } else {
    fs->f[fs->n++] = n;   /* fs->n + pending < MAX_FACTORS, as the splits left room */
  }
}

/* Uses of each node (by id) by the nodes below the roots. */
static int *count_uses(Node *const *roots, int n, int size) {
  int *uses = calloc((size_t)size + 1, sizeof(int));
  unsigned char *seen = calloc((size_t)size + 1, 1);
  Node **stack = malloc(sizeof *stack * ((size_t)size + 1));
  if (!uses || !seen || !stack) die("out of memory");
  int sp = 0;
  for (int i = 0; i < n; i++)
    if (roots[i] && !seen[roots[i]->id]) {
      seen[roots[i]->id] = 1;
      stack[sp++] = roots[i];
    }
  while (sp > 0) {
    Node *v = stack[--sp];
    for (int i = 0; i < v->nargs; i++) {
      uses[v->a[i]->id]++;
      if (!seen[v->a[i]->id]) {
        seen[v->a[i]->id] = 1;
        stack[sp++] = v->a[i];
      }
    }
  }
  free(seen);
  free(stack);
  return uses;
}

static Node *times(Node *a, Node *b) { return a ? dag_2(OP_MUL, a, b) : b; }

int factor_dtheta(Node **roots, int K, int *group, Node **scale) {
  for (int k = 0; k < K; k++) group[k] = -1, scale[k] = NULL;
  if (K < MIN_GROUP) return 0;
  int size = dag_max_id(roots, K + 2);
  int *uses = count_uses(roots, K + 2, size);
  Factors *fs = xalloc(sizeof *fs * (size_t)K);
  int *count = calloc((size_t)size + 1, sizeof(int));
  Node **choice = xalloc(sizeof *choice * (size_t)K), **h = xalloc(sizeof *h * (size_t)K);
  if (!count) die("out of memory");
  /* count[id]: the terms with that x-dependent factor */
  for (int k = 0; k < K; k++) {
    fs[k].n = fs[k].neg = 0;
    if (roots[k + 2] && roots[k + 2]->has_x) flatten(roots[k + 2], uses, &fs[k], 0, 0);
    for (int i = 0; i < fs[k].n; i++) {
      int again = 0;
      for (int j = 0; j < i; j++) again |= fs[k].f[j] == fs[k].f[i];
      if (fs[k].f[i]->has_x && !again) count[fs[k].f[i]->id]++;
    }
  }
  /* Each term's factor g: the most shared, the later made (the larger) on
   * a tie (pau's |x| and P/Q^2, in four terms each: P/Q^2); then h and c. */
  for (int k = 0; k < K; k++) {
    choice[k] = h[k] = NULL;
    for (int i = 0; i < fs[k].n; i++) {
      Node *f = fs[k].f[i];
      if (f->has_x && count[f->id] >= MIN_GROUP &&
          (!choice[k] || count[f->id] > count[choice[k]->id] ||
           (count[f->id] == count[choice[k]->id] && f->id > choice[k]->id)))
        choice[k] = f;
    }
    if (!choice[k]) continue;
    Node *konst = NULL;
    int removed = 0, has_theta = 0;
    for (int i = 0; i < fs[k].n; i++) {
      Node *f = fs[k].f[i];
      if (f == choice[k] && !removed) removed = 1;
      else if (f->has_x) h[k] = times(h[k], f);
      else konst = times(konst, f), has_theta |= f->has_theta;
    }
    if (has_theta) {
      scale[k] = fs[k].neg ? dag_1(OP_NEG, konst) : konst;
    } else if (konst || fs[k].neg) {
      if (!h[k]) choice[k] = NULL;   /* -g or 2 g: left as it is */
      else if (konst) h[k] = times(konst, h[k]);
      if (h[k] && fs[k].neg) h[k] = dag_1(OP_NEG, h[k]);
    }
  }
  /* groups of at least MIN_GROUP terms, numbered by their first term;
   * count[id] becomes the members, then 1 + the group's number */
  for (int i = 0; i <= size; i++) count[i] = 0;
  for (int k = 0; k < K; k++)
    if (choice[k]) count[choice[k]->id]++;
  int G = 0;
  for (int k = 0; k < K; k++) {
    int *c = choice[k] ? &count[choice[k]->id] : NULL;
    if (!c || (*c > 0 && *c < MIN_GROUP)) {
      scale[k] = NULL;
      continue;
    }
    if (*c > 0) {
      roots[K + 2 + G++] = choice[k];
      *c = -G;
    }
    group[k] = -*c - 1;
    roots[k + 2] = h[k];   /* NULL: the term is g */
  }
  free(uses);
  free(count);
  return G;
}
