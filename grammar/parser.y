/* parser.y — the grammar of the .act language (bison, pure, with locations).
 *
 * One expression grammar covers values and conditions: comparisons and
 * and/or/not are just the loosest operators, so `(x + 1) < 2` and
 * `(x < 1) or (x > 2)` parse without conflicts; resolve.c then checks that
 * an `if` gets a condition and that arithmetic gets values. `let` and `if`
 * have the lowest precedence, so they extend as far right as possible.
 *
 * Errors: bison's detailed messages name the unexpected token and what was
 * expected; after an error the parser skips to the next item keyword
 * (the rule `item: error`), so several errors are reported in one run.
 */
%define api.pure full
%define parse.error detailed
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct ParseCtx *ctx}

%code requires {
#include "ast.h"
typedef void *yyscan_t;
struct ParseCtx;
}

%code {
#include <string.h>
#include "parse_ctx.h"
#include "lexer.h"

static Loc at(struct ParseCtx *ctx, YYLTYPE l) { return (Loc){ctx->file, l.first_line, l.first_column}; }

static void yyerror(YYLTYPE *l, yyscan_t scanner, struct ParseCtx *ctx, const char *msg) {
  (void)scanner;
  /* bison's stack limit is the one way deep nesting shows up here */
  if (!strcmp(msg, "memory exhausted")) msg = "expression is nested too deeply";
  error_at(at(ctx, *l), "%s", msg);
}

/* Syntax-tree nodes, with the depth limit that keeps the recursive passes
 * after the parser off the bottom of the stack. */
static Ast *node(struct ParseCtx *ctx, Ast *a) {
  if (a->depth > LIMIT_NEST_DEPTH && !ctx->depth_reported) {
    ctx->depth_reported = 1;
    error_at(a->loc, "expression is nested too deeply (more than %d levels)", LIMIT_NEST_DEPTH);
  }
  return a;
}

static Ast *call(struct ParseCtx *ctx, AstKind kind, Loc loc, const char *name, Ast **args, int nargs) {
  Ast *a = ast_new(kind, loc);
  a->name = name;
  a->args = args;
  a->nargs = nargs;
  for (int i = 0; i < nargs; i++)
    if (args[i]->depth + 1 > a->depth) a->depth = args[i]->depth + 1;
  return node(ctx, a);
}

static void add_item(struct ParseCtx *ctx, Item *it) {
  if (ctx->last) ctx->last->next = it;
  else ctx->first = it;
  ctx->last = it;
}

/* A growable list of expressions or names, in the arena. */
typedef struct List { int n, cap; void **v; Loc *locs; } List;
static List *list_add(List *l, void *x, Loc loc) {
  if (!l) l = xalloc(sizeof *l);
  if (l->n == l->cap) {
    int cap = l->cap ? 2 * l->cap : 4;
    l->v = xrealloc_array(l->v, (size_t)l->cap, (size_t)cap, sizeof(void *));
    l->locs = xrealloc_array(l->locs, (size_t)l->cap, (size_t)cap, sizeof(Loc));
    l->cap = cap;
  }
  l->locs[l->n] = loc;
  l->v[l->n++] = x;
  return l;
}
}

%union {
  char *str;
  Ast *ast;
  struct List *list;
}

/* The quoted names are how tokens appear in messages. */
%token <str> NAME "name" NUM "number" ACTIVATION "'activation'"
%token PARAM "'param'" LEARN "'learn'" FN "'fn'" LET "'let'" IN "'in'" IF "'if'" THEN "'then'"
%token ELSE "'else'" AND "'and'" OR "'or'" NOT "'not'" SUM "'sum'"
%token DOTDOT "'..'" LE "'<='" GE "'>='" EQ "'=='" NE "'!='"

%type <ast> expr primary
%type <list> args exprs names

%precedence IN ELSE
%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE
%left '+' '-'
%left '*' '/'
%precedence UMINUS
%right '^'

%%

program: %empty | program item ;

semi: %empty | ';' ;

item:
    PARAM NAME '=' expr semi {
      Item *it = item_new(ITEM_PARAM, at(ctx, @1), $2, at(ctx, @2));
      it->body = $4;
      add_item(ctx, it);
    }
  | LEARN NAME '=' expr semi {
      Item *it = item_new(ITEM_LEARN, at(ctx, @1), $2, at(ctx, @2));
      it->body = $4;
      add_item(ctx, it);
    }
  | LEARN NAME '[' expr ']' '=' '{' exprs '}' semi {
      Item *it = item_new(ITEM_LEARN_VEC, at(ctx, @1), $2, at(ctx, @2));
      it->size = $4;
      if ($8) { it->nelems = $8->n; it->elems = (Ast **)$8->v; }
      add_item(ctx, it);
    }
  | FN NAME '(' names ')' '=' expr semi {
      Item *it = item_new(ITEM_FN, at(ctx, @1), $2, at(ctx, @2));
      if ($4) { it->nparams = $4->n; it->params = (const char **)$4->v; it->param_locs = $4->locs; }
      it->body = $7;
      add_item(ctx, it);
    }
  | ACTIVATION NAME '(' names ')' '=' expr semi {
      Item *it = item_new(ITEM_ACTIVATION, at(ctx, @1), $2, at(ctx, @2));
      if ($4) { it->nparams = $4->n; it->params = (const char **)$4->v; it->param_locs = $4->locs; }
      it->body = $7;
      it->doc = $1;
      add_item(ctx, it);
    }
  | error { /* skip to the next item */ }
  ;

names:
    %empty              { $$ = NULL; }
  | NAME                { $$ = list_add(NULL, $1, at(ctx, @1)); }
  | names ',' NAME      { $$ = list_add($1, $3, at(ctx, @3)); }
  ;

exprs:
    %empty              { $$ = NULL; }
  | expr                { $$ = list_add(NULL, $1, $1->loc); }
  | exprs ',' expr      { $$ = list_add($1, $3, $3->loc); }
  ;

args:
    expr                { $$ = list_add(NULL, $1, $1->loc); }
  | args ',' expr       { $$ = list_add($1, $3, $3->loc); }
  ;

expr:
    LET NAME '=' expr IN expr {
      Ast *a = node(ctx, ast_binary(AST_LET, at(ctx, @1), 0, $4, $6));
      a->name = $2;
      a->name_loc = at(ctx, @2);
      $$ = a;
    }
  | IF expr THEN expr ELSE expr {
      Ast **v = xalloc(3 * sizeof *v);
      v[0] = $2; v[1] = $4; v[2] = $6;
      $$ = call(ctx, AST_IF, at(ctx, @1), NULL, v, 3);
    }
  | expr OR expr        { $$ = node(ctx, ast_binary(AST_OR, at(ctx, @2), 0, $1, $3)); }
  | expr AND expr       { $$ = node(ctx, ast_binary(AST_AND, at(ctx, @2), 0, $1, $3)); }
  | NOT expr            { $$ = node(ctx, ast_unary(AST_NOT, at(ctx, @1), $2)); }
  | expr '<' expr       { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_LT, $1, $3)); }
  | expr LE expr        { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_LE, $1, $3)); }
  | expr '>' expr       { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_GT, $1, $3)); }
  | expr GE expr        { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_GE, $1, $3)); }
  | expr EQ expr        { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_EQ, $1, $3)); }
  | expr NE expr        { $$ = node(ctx, ast_binary(AST_CMP, at(ctx, @2), CMP_NE, $1, $3)); }
  | expr '+' expr       { $$ = node(ctx, ast_binary(AST_BIN, at(ctx, @2), '+', $1, $3)); }
  | expr '-' expr       { $$ = node(ctx, ast_binary(AST_BIN, at(ctx, @2), '-', $1, $3)); }
  | expr '*' expr       { $$ = node(ctx, ast_binary(AST_BIN, at(ctx, @2), '*', $1, $3)); }
  | expr '/' expr       { $$ = node(ctx, ast_binary(AST_BIN, at(ctx, @2), '/', $1, $3)); }
  | '-' expr %prec UMINUS { $$ = node(ctx, ast_unary(AST_NEG, at(ctx, @1), $2)); }
  | expr '^' expr       { $$ = node(ctx, ast_binary(AST_BIN, at(ctx, @2), '^', $1, $3)); }
  | primary
  ;

primary:
    NUM                 { Ast *a = ast_new(AST_NUM, at(ctx, @1)); a->text = $1; $$ = a; }
  | NAME                { Ast *a = ast_new(AST_NAME, at(ctx, @1)); a->name = $1; $$ = a; }
  | NAME '(' args ')'   { $$ = call(ctx, AST_CALL, at(ctx, @1), $1, (Ast **)$3->v, $3->n); }
  | NAME '(' ')'        { $$ = call(ctx, AST_CALL, at(ctx, @1), $1, NULL, 0); }
  | NAME '[' expr ']'   {
      Ast **v = xalloc(sizeof *v);
      v[0] = $3;
      $$ = call(ctx, AST_INDEX, at(ctx, @1), $1, v, 1);
    }
  | '(' expr ')'        { $$ = $2; }
  | SUM '(' NAME '=' expr DOTDOT expr ',' expr ')' {
      Ast **v = xalloc(3 * sizeof *v);
      v[0] = $5; v[1] = $7; v[2] = $9;
      Ast *a = call(ctx, AST_SUM, at(ctx, @1), $3, v, 3);
      a->name_loc = at(ctx, @3);
      $$ = a;
    }
  ;

%%

/* A file over LIMIT_FILE_BYTES is refused before it is scanned, with the
 * place where it passes the limit. */
static int too_large(const char *file, const char *text, size_t len) {
  if (len <= (size_t)LIMIT_FILE_BYTES) return 0;
  Loc loc = {file, 1, 1};
  for (size_t i = 0; i < (size_t)LIMIT_FILE_BYTES; i++) {
    if (text[i] == '\n') { loc.line++; loc.col = 1; }
    else loc.col++;
  }
  error_at(loc, "the file is too large: it passes the limit of %ld bytes here", LIMIT_FILE_BYTES);
  return 1;
}

int parse_program(const char *file, const char *text, size_t len, Program *out) {
  int before = diag_error_count();
  out->file = file;
  out->items = NULL;
  if (too_large(file, text, len)) return 1;
  struct ParseCtx ctx = {.file = file, .line = 1, .col = 1};
  yyscan_t scanner;
  if (yylex_init_extra(&ctx, &scanner)) die("cannot start the scanner");
  YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)len, scanner);
  yyparse(scanner, &ctx);
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  out->file = file;
  out->items = ctx.first;
  return diag_error_count() - before;
}
