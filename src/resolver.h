/* resolver.h — what the two passes of resolve.c share: the resolver's
 * state, the items by name, and the local names in scope. Pass 1 (the
 * checks) is in resolve_check.c, pass 2 (the expansion) in resolve.c. */
#ifndef ACTGEN_RESOLVER_H
#define ACTGEN_RESOLVER_H

#include "ast.h"
#include "module.h"

/* The limits are in input_limits.h. LIMIT_EXPAND_WORK bounds the syntax-tree
 * visits of one expansion: inlining f1(z) = f0(f0(z)), f2(z) = f1(f1(z)),
 * ... doubles the work per level even when the DAG stays small, and must
 * end in an error, not a hang. */

typedef struct Env Env;
struct Env {            /* local names: a linked list searched innermost first */
  const char *name;
  Node *value;          /* NULL during the check pass */
  Env *next;
};

typedef struct ItemInfo {
  Item *item;
  int theta_base;       /* LEARN / LEARN_VEC: file-wide index of its first scalar */
  int size;             /* LEARN_VEC: N; LEARN: 1 */
  Node *value;          /* PARAM: the folded value, once computed */
  int state;            /* PARAM: 0 not yet, 1 being computed, 2 done; FN: 1 while inlined */
  const char *override; /* PARAM: -D text */
  struct ItemInfo **callees;   /* FN: the fns its body calls, with repeats */
  int ncallees, capcallees;
} ItemInfo;

typedef struct Resolver {
  const Program *prog;
  ItemInfo *items;
  int nitems;
  ItemInfo **table;     /* see lookup() */
  size_t table_size;
  int ntheta;           /* file-wide */
  Node **theta_init;    /* file-wide initial values */
  const char **theta_name;
  int inline_depth;
  long work;            /* syntax-tree visits so far, see LIMIT_EXPAND_WORK */
  int too_much_work;
  int depth;            /* expand()'s recursion depth, see LIMIT_EXPANDED_DEPTH */
  int too_deep;         /* reported */
} Resolver;

/* The first item named `name`, or NULL. */
ItemInfo *lookup(Resolver *r, const char *name);
int is_constant_name(const char *name);   /* pi, e */
Env *bind(const char *name, Node *value, Env *next);
Env *find_local(Env *env, const char *name);
const char *kind_word(ItemKind k);        /* "param", "function", ... */
int is_condition(const Ast *a);           /* a comparison or and/or/not */

/* Pass 1 (resolve_check.c): every item's names, arities and constness,
 * redefinitions and recursion, each reported once at its place. */
void check_program(Resolver *r);

#endif
