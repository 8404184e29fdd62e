/* ast.c — constructors of the syntax tree (ast.h); the parser calls them.
 * Every node records its depth so that the parser can refuse input nested
 * deeper than LIMIT_NEST_DEPTH before any recursive pass walks it. */
#include "ast.h"

Ast *ast_new(AstKind kind, Loc loc) {
  Ast *a = xalloc(sizeof *a);
  a->kind = kind;
  a->loc = loc;
  a->depth = 1;
  return a;
}

Ast *ast_unary(AstKind kind, Loc loc, Ast *x) {
  Ast *a = ast_new(kind, loc);
  a->args = xalloc(sizeof *a->args);
  a->args[0] = x;
  a->nargs = 1;
  a->depth = x->depth + 1;
  return a;
}

Ast *ast_binary(AstKind kind, Loc loc, int op, Ast *x, Ast *y) {
  Ast *a = ast_new(kind, loc);
  a->op = op;
  a->args = xalloc(2 * sizeof *a->args);
  a->args[0] = x;
  a->args[1] = y;
  a->nargs = 2;
  a->depth = (x->depth > y->depth ? x->depth : y->depth) + 1;
  return a;
}

Item *item_new(ItemKind kind, Loc loc, const char *name, Loc name_loc) {
  Item *it = xalloc(sizeof *it);
  it->kind = kind;
  it->loc = loc;
  it->name = name;
  it->name_loc = name_loc;
  return it;
}
