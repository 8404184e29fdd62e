/* ast.h — the syntax tree the parser builds, before names are resolved.
 *
 * The tree mirrors the source: every node keeps its location for
 * diagnostics, names are plain strings, literals keep their text (the
 * resolver turns them into exact rationals). resolve.c walks it to build one
 * DAG per activation.
 */
#ifndef ACTGEN_AST_H
#define ACTGEN_AST_H

#include "diag.h"
#include "input_limits.h"

typedef enum {
  AST_NUM,    /* text: the literal as written */
  AST_NAME,   /* name */
  AST_CALL,   /* name(args[0..nargs-1]) */
  AST_INDEX,  /* name[args[0]] */
  AST_NEG,    /* -args[0] */
  AST_BIN,    /* args[0] op args[1], op one of + - * / ^ */
  AST_LET,    /* let name = args[0] in args[1] */
  AST_IF,     /* if args[0] then args[1] else args[2] */
  AST_SUM,    /* sum(name = args[0] .. args[1], args[2]) */
  AST_CMP,    /* args[0] op args[1], op one of CMP_* */
  AST_AND,    /* args[0] and args[1] */
  AST_OR,     /* args[0] or args[1] */
  AST_NOT     /* not args[0] */
} AstKind;

enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE };

typedef struct Ast Ast;
struct Ast {
  AstKind kind;
  Loc loc;         /* where the construct starts (for AST_BIN/AST_CMP: the operator) */
  int op;          /* AST_BIN: '+', '-', '*', '/', '^'; AST_CMP: CMP_* */
  const char *name;
  Loc name_loc;    /* AST_LET / AST_SUM: where the bound name is written */
  const char *text;
  int depth;       /* 1 + the deepest operand: bounded by LIMIT_NEST_DEPTH */
  int nargs;
  Ast **args;
};

typedef enum { ITEM_PARAM, ITEM_LEARN, ITEM_LEARN_VEC, ITEM_FN, ITEM_ACTIVATION } ItemKind;

typedef struct Item Item;
struct Item {
  ItemKind kind;
  Loc loc;             /* the keyword */
  const char *name;
  Loc name_loc;
  int nparams;         /* ITEM_FN, ITEM_ACTIVATION: the formal parameters */
  const char **params;
  Loc *param_locs;
  Ast *body;           /* PARAM, LEARN: the value; FN, ACTIVATION: the body */
  Ast *size;           /* LEARN_VEC: N in name[N] */
  int nelems;          /* LEARN_VEC: { elems } */
  Ast **elems;
  const char *doc;     /* ACTIVATION: the ## lines directly above, joined by '\n'
                          with the "## " stripped; NULL if none */
  Item *next;
};

typedef struct Program {
  const char *file;
  Item *items;         /* in source order */
} Program;

/* Parse FILE (text already read, len bytes) into *out. Reports every syntax
 * error it can through error_at and returns the number of errors. The tree
 * may be partial when errors were reported. */
int parse_program(const char *file, const char *text, size_t len, Program *out);

/* Constructors used by the parser. */
Ast *ast_new(AstKind kind, Loc loc);
Ast *ast_unary(AstKind kind, Loc loc, Ast *a);
Ast *ast_binary(AstKind kind, Loc loc, int op, Ast *a, Ast *b);
Item *item_new(ItemKind kind, Loc loc, const char *name, Loc name_loc);


#endif
