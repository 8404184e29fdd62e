/* module.h — what the middle end hands to the back ends.
 *
 * resolve.c turns a Program into a Module: one Activation per `activation`
 * item, with the trainable scalars it uses (theta, in declaration order,
 * vectors flattened), its expression as written (`written`, for the oracle),
 * and, after simplify.c and diff.c, the simplified f, df/dx and every
 * df/dtheta_k that emit.c prints.
 */
#ifndef ACTGEN_MODULE_H
#define ACTGEN_MODULE_H

#include "dag.h"
#include "diag.h"

/* A `learn` item used by an activation. Its scalars are
 * theta[offset .. offset+size-1] of that activation. */
typedef struct Learn {
  const char *name;
  int is_vector;       /* declared as name[N] */
  int offset, size;
  Node **init;         /* size constant nodes: the initial values */
} Learn;

typedef struct Activation {
  const char *name;
  const char *doc;     /* ## documentation, or NULL */
  Loc loc;
  int nlearn;
  Learn *learn;
  int ntheta;          /* K */
  const char **theta_names;  /* K names: "mu", "a[0]", ... (for deriv, check) */
  Node *written;       /* f as the user wrote it: resolved, not yet rewritten */
  Node *f;             /* simplified f */
  Node *dfdx;          /* simplified df/dx */
  Node **dtheta;       /* K simplified df/dtheta_k */
  /* After stabilize.c: the forms the float kernels compute where they
   * differ from the double ones above (NULL: the same; fdtheta itself is
   * NULL when every df/dtheta_k is the same), and 2(K + 2) lines saying
   * which form holds in which region of x, for the double kernels (f,
   * df/dx, df/dtheta_k) then the float ones, NULL where the simplified
   * form was kept. */
  Node *ff, *fdfdx, **fdtheta;
  char **notes;
} Activation;

/* Output r of a (-2 f, -1 df/dx, k df/dtheta_k) as the double kernels
 * (is_float 0) or the float kernels (1) compute it. */
static inline Node *act_output(const Activation *a, int r, int is_float) {
  Node *d = r == -2 ? a->f : r == -1 ? a->dfdx : a->dtheta[r];
  Node *f = !is_float ? NULL : r == -2 ? a->ff : r == -1 ? a->fdfdx : a->fdtheta ? a->fdtheta[r] : NULL;
  return f ? f : d;
}

typedef struct Module {
  const char *file;
  int nacts;
  Activation **acts;
} Module;

/* One -D NAME=VALUE override. */
typedef struct Define {
  const char *name;
  const char *value;   /* the text after '=' */
  int used;
} Define;

/* resolve.c: build the Module; reports errors through error_at. */
struct Program;
Module *resolve_program(const struct Program *prog, Define *defs, int ndefs);
/* resolve.c: read, parse and resolve FILE; NULL after errors. */
Module *load_module(const char *path, Define *defs, int ndefs);
/* resolve.c: expand an expression of the language whose only free names are
 * names[0..n-1], bound to values[]. */
struct Ast;
Node *resolve_with_bindings(const struct Ast *body, const char *const *names, Node *const *values, int n);
/* simplify.c: rewrite a DAG into its canonical, stable form. */
Node *simplify(Node *n);
/* diff.c: d n / d x (wrt = NULL) or d n / d theta_k; never NULL (0 if independent). */
Node *diff_x(Node *n);
Node *diff_theta(Node *n, int k);
/* diff.c: the k-th derivative of op(x), simplified (kept until diff_reset). */
Node *diff_nth(Op op, int k);
/* diff.c: simplify a->written into a->f and build its simplified
 * derivatives; 0 after an error (too large). */
int derive(Activation *a);
/* diff.c: forget the parsed derivative rules and the kept derivatives (they
 * live in the arena). */
void diff_reset(void);

#endif
