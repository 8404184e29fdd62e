/* resolve_check.c — pass 1 of resolve.c: the checks.
 *
 * Every item body is walked once with its local names in scope (formal
 * parameters, let and sum variables), so that undefined names, unknown
 * functions, wrong arities, misused vectors, non-constant params and
 * recursion are each reported once, at their place, whether or not an
 * activation uses the item. The DAG is built afterwards (resolve.c), only
 * when this pass found nothing wrong.
 */
#include <string.h>
#include "polynomials.h"
#include "resolver.h"

/* `constant`: the expression must not depend on learn items (param values,
 * learn initial values, vector sizes). */
static void check_expr(Resolver *r, const Ast *a, Env *env, int constant);

static void check_value(Resolver *r, const Ast *a, Env *env, int constant) {
  if (is_condition(a)) error_at(a->loc, "a comparison is not a value; use it in an 'if'");
  check_expr(r, a, env, constant);
}

static void check_cond(Resolver *r, const Ast *a, Env *env, int constant) {
  if (!is_condition(a)) {
    error_at(a->loc, "expected a comparison ('<', '<=', '>', '>=', '==', '!=') in the condition");
    check_expr(r, a, env, constant);
    return;
  }
  if (a->kind == AST_CMP) {
    check_value(r, a->args[0], env, constant);
    check_value(r, a->args[1], env, constant);
  } else {
    for (int i = 0; i < a->nargs; i++) check_cond(r, a->args[i], env, constant);
  }
}

static void check_call(Resolver *r, const Ast *a, Env *env, int constant) {
  int want = -1;
  const char *what = a->name;
  int op = op_by_lang_name(a->name);
  ItemInfo *it = lookup(r, a->name);
  if (op >= 0) {
    want = op_info[op].arity;
  } else if (poly_family(a->name)) {
    want = 2;
  } else if (it && it->item->kind == ITEM_FN) {
    want = it->item->nparams;
  } else if (it) {
    error_at(a->loc, "'%s' is a %s, not a function", a->name, kind_word(it->item->kind));
  } else {
    error_at(a->loc, "unknown function '%s'", a->name);
  }
  if (want >= 0 && a->nargs != want)
    error_at(a->loc, "'%s' takes %d argument%s, but %d %s given", what, want, want == 1 ? "" : "s",
             a->nargs, a->nargs == 1 ? "was" : "were");
  for (int i = 0; i < a->nargs; i++) check_value(r, a->args[i], env, constant);
}

static void check_expr(Resolver *r, const Ast *a, Env *env, int constant) {
  switch (a->kind) {
  case AST_NUM:
    if (!dag_decimal_in_range(a->text))
      error_at(a->loc, "this number is too large or too precise: at most %d digits and a power of ten of at most %d "
               "in magnitude", LIMIT_LITERAL_DIGITS, LIMIT_LITERAL_EXP10);
    return;
  case AST_NAME: {
    if (find_local(env, a->name) || is_constant_name(a->name)) return;
    ItemInfo *it = lookup(r, a->name);
    if (!it) error_at(a->loc, "undefined name '%s'", a->name);
    else if (it->item->kind == ITEM_LEARN_VEC) error_at(a->loc, "'%s' is a vector; index it as %s[i]", a->name, a->name);
    else if (it->item->kind == ITEM_FN || it->item->kind == ITEM_ACTIVATION)
      error_at(a->loc, "'%s' is a %s; call it with arguments", a->name, kind_word(it->item->kind));
    else if (it->item->kind == ITEM_LEARN && constant)
      error_at(a->loc, "'%s' is trainable, but a constant expression is needed here", a->name);
    return;
  }
  case AST_INDEX: {
    ItemInfo *it = lookup(r, a->name);
    if (!it) error_at(a->loc, "undefined name '%s'", a->name);
    else if (it->item->kind != ITEM_LEARN_VEC) error_at(a->loc, "'%s' is not a learn vector and cannot be indexed", a->name);
    else if (constant) error_at(a->loc, "'%s' is trainable, but a constant expression is needed here", a->name);
    check_value(r, a->args[0], env, 1);
    return;
  }
  case AST_CALL: check_call(r, a, env, constant); return;
  case AST_NEG: check_value(r, a->args[0], env, constant); return;
  case AST_BIN:
    check_value(r, a->args[0], env, constant);
    check_value(r, a->args[1], env, constant);
    return;
  case AST_LET:
    check_value(r, a->args[0], env, constant);
    check_value(r, a->args[1], bind(a->name, NULL, env), constant);
    return;
  case AST_IF:
    check_cond(r, a->args[0], env, constant);
    check_value(r, a->args[1], env, constant);
    check_value(r, a->args[2], env, constant);
    return;
  case AST_SUM:
    check_value(r, a->args[0], env, 1);
    check_value(r, a->args[1], env, 1);
    check_value(r, a->args[2], bind(a->name, NULL, env), constant);
    return;
  case AST_CMP: case AST_AND: case AST_OR: case AST_NOT:
    check_cond(r, a, env, constant);
    return;
  }
}

/* Recursion among fns: a depth-first search over the call graph. A fn is
 * "on the path" (state 1) while its callees are searched; meeting such a fn
 * again closes a cycle, reported once at that fn's definition. Each body is
 * walked once, for the list of fns it calls, so that the recursion is
 * either one body deep (LIMIT_NEST_DEPTH) or one call chain deep
 * (LIMIT_INLINE_DEPTH), never the product of the two. */
static void collect_calls(Resolver *r, const Ast *a, ItemInfo *fn) {
  if (a->kind == AST_CALL && op_by_lang_name(a->name) < 0) {
    ItemInfo *it = lookup(r, a->name);
    if (it && it->item->kind == ITEM_FN) {
      if (fn->ncallees == fn->capcallees) {
        int cap = fn->capcallees ? 2 * fn->capcallees : 4;
        fn->callees = xrealloc_array(fn->callees, (size_t)fn->capcallees, (size_t)cap, sizeof *fn->callees);
        fn->capcallees = cap;
      }
      fn->callees[fn->ncallees++] = it;
    }
  }
  for (int i = 0; i < a->nargs; i++) collect_calls(r, a->args[i], fn);
}

static void visit_fn(Resolver *r, ItemInfo *fn, int depth) {
  if (fn->state == 1) {
    if (!fn->value) {   /* `value` is unused for fns: it marks "reported" */
      error_at(fn->item->name_loc, "function '%s' is recursive (it calls itself, directly or through other functions)",
               fn->item->name);
      fn->value = dag_num_si(0, 1);
    }
    return;
  }
  if (fn->state == 2 || depth > LIMIT_INLINE_DEPTH) return;   /* too deep: reported when inlined */
  fn->state = 1;
  for (int i = 0; i < fn->ncallees; i++) visit_fn(r, fn->callees[i], depth + 1);
  fn->state = 2;
}

void check_program(Resolver *r) {
  for (int i = 0; i < r->nitems; i++) {
    Item *it = r->items[i].item;
    ItemInfo *first = lookup(r, it->name);
    if (first != &r->items[i])
      error_at(it->name_loc, "'%s' is already defined at line %d", it->name, first->item->name_loc.line);
    else if (it->kind != ITEM_ACTIVATION && (op_by_lang_name(it->name) >= 0 || poly_family(it->name)))
      error_at(it->name_loc, "'%s' is a builtin function and cannot be redefined", it->name);
    else if (it->kind != ITEM_ACTIVATION && is_constant_name(it->name))
      error_at(it->name_loc, "'%s' is a builtin constant and cannot be redefined", it->name);
    Env *env = NULL;
    for (int p = 0; p < it->nparams; p++) {
      for (Env *e = env; e; e = e->next)
        if (!strcmp(e->name, it->params[p])) error_at(it->param_locs[p], "parameter '%s' appears twice", it->params[p]);
      env = bind(it->params[p], NULL, env);
    }
    switch (it->kind) {
    case ITEM_PARAM: case ITEM_LEARN: check_value(r, it->body, NULL, 1); break;
    case ITEM_LEARN_VEC:
      check_value(r, it->size, NULL, 1);
      for (int e = 0; e < it->nelems; e++) check_value(r, it->elems[e], NULL, 1);
      break;
    case ITEM_ACTIVATION:
      if (it->nparams != 1)
        error_at(it->name_loc, "activation '%s' must take exactly one input, not %d", it->name, it->nparams);
      /* fall through */
    case ITEM_FN: check_value(r, it->body, env, 0); break;
    }
  }
  for (int i = 0; i < r->nitems; i++)
    if (r->items[i].item->kind == ITEM_FN) collect_calls(r, r->items[i].item->body, &r->items[i]);
  for (int i = 0; i < r->nitems; i++)
    if (r->items[i].item->kind == ITEM_FN) visit_fn(r, &r->items[i], 0);
  for (int i = 0; i < r->nitems; i++)
    if (r->items[i].item->kind == ITEM_FN) r->items[i].state = 0;
}
