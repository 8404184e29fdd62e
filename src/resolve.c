/* resolve.c — from syntax tree to one DAG per activation.
 *
 * Two passes over the Program:
 *   1. check (resolve_check.c): names, arities, constness and recursion,
 *      each error reported once, at its place.
 *   2. expand: each activation's body is turned into DAG nodes: fns are
 *      inlined with their arguments bound, params folded to their constant
 *      values (after -D overrides), let bound, sums unrolled into balanced
 *      trees (depth log n), polynomial families expanded (polynomials.c), and
 *      `learn` scalars become OP_THETA leaves. Errors that depend on values
 *      (an index out of range, non-integer sum bounds, a negative degree)
 *      are found here.
 * Trainable scalars get file-wide indices during expansion; afterwards each
 * activation's DAG is renumbered so that theta holds only the learn items it
 * uses, in declaration order, vectors flattened.
 */
#include <stdlib.h>
#include <string.h>
#include "ast.h"
#include "module.h"
#include "polynomials.h"
#include "resolver.h"

/* Items by name: an open-addressing hash table (a power-of-two size at
 * least twice the item count) holding the first item of each name, so
 * that a file with 50 000 items resolves in linear time. */
static unsigned name_hash(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static ItemInfo **slot(Resolver *r, const char *name) {
  size_t i = name_hash(name) & (r->table_size - 1);
  while (r->table[i] && strcmp(r->table[i]->item->name, name) != 0) i = (i + 1) & (r->table_size - 1);
  return &r->table[i];
}

static void index_items(Resolver *r) {
  r->table_size = 16;
  while (r->table_size < 2 * (size_t)r->nitems) r->table_size *= 2;
  r->table = xalloc(sizeof(ItemInfo *) * r->table_size);
  for (int i = 0; i < r->nitems; i++) {
    ItemInfo **s = slot(r, r->items[i].item->name);
    if (!*s) *s = &r->items[i];
  }
}

ItemInfo *lookup(Resolver *r, const char *name) { return r->table_size ? *slot(r, name) : NULL; }

int is_constant_name(const char *name) { return !strcmp(name, "pi") || !strcmp(name, "e"); }

Env *bind(const char *name, Node *value, Env *next) {
  Env *e = xalloc(sizeof *e);
  e->name = name;
  e->value = value;
  e->next = next;
  return e;
}

Env *find_local(Env *env, const char *name) {
  for (; env; env = env->next)
    if (strcmp(env->name, name) == 0) return env;
  return NULL;
}

const char *kind_word(ItemKind k) {
  switch (k) {
  case ITEM_PARAM: return "param";
  case ITEM_LEARN: case ITEM_LEARN_VEC: return "learn item";
  case ITEM_FN: return "function";
  default: return "activation";
  }
}

int is_condition(const Ast *a) {
  return a->kind == AST_CMP || a->kind == AST_AND || a->kind == AST_OR || a->kind == AST_NOT;
}

/* ---------------- pass 2: expansion into the DAG ---------------- */

static Node *expand(Resolver *r, const Ast *a, Env *env);

/* Build the DAG of an integer-valued expression; -1 with an error if it is
 * not an integer constant. */
static int expand_int(Resolver *r, const Ast *a, Env *env, const char *what, long *out) {
  Node *n = expand(r, a, env);
  if (!n) return 0;
  if (!dag_is_int(n, out) || *out > LIMIT_INT_CONST || *out < -LIMIT_INT_CONST) {
    error_at(a->loc, "%s must be an integer constant", what);
    return 0;
  }
  return 1;
}

static Node *param_value(Resolver *r, ItemInfo *it) {
  if (it->state == 2) return it->value;
  if (it->state == 1) {
    error_at(it->item->name_loc, "param '%s' is defined in terms of itself", it->item->name);
    it->state = 2;
    it->value = dag_num_si(0, 1);
    return it->value;
  }
  it->state = 1;
  Node *v = it->override ? dag_num_decimal(it->override[0] == '-' || it->override[0] == '+'
                                               ? it->override + 1 : it->override)
                         : expand(r, it->item->body, NULL);
  if (it->override && it->override[0] == '-') v = dag_neg(v);
  if (v && !dag_is_const(v)) {
    error_at(it->item->body->loc, "the value of param '%s' must be a constant expression", it->item->name);
    v = dag_num_si(0, 1);
  }
  it->value = v ? v : dag_num_si(0, 1);
  it->state = 2;
  return it->value;
}

/* sum of terms[lo..hi) as a balanced tree, so that a long sum stays shallow */
static Node *balanced_sum(Node **terms, long lo, long hi) {
  if (hi - lo == 1) return terms[lo];
  long mid = lo + (hi - lo) / 2;
  /* One node-making call per statement: the order of evaluating a call's
   * arguments is unspecified, and node ids (hence operand order) follow
   * creation order, so the output would depend on the C compiler. (Right
   * before left: the order gcc happened to use, which generated/ keeps.) */
  Node *right = balanced_sum(terms, mid, hi);
  Node *left = balanced_sum(terms, lo, mid);
  return dag_add(left, right);
}

static Node *expand_poly(Resolver *r, const PolyFamily *f, const Ast *a, Env *env) {
  long n;
  if (!expand_int(r, a->args[0], env, "the degree of a polynomial", &n)) return NULL;
  if (n < 0) {
    error_at(a->args[0]->loc, "the degree of %s must be 0 or more, not %ld", a->name, n);
    return NULL;
  }
  if (n > LIMIT_POLY_DEGREE) {
    error_at(a->args[0]->loc, "the degree of %s is limited to %d", a->name, LIMIT_POLY_DEGREE);
    return NULL;
  }
  Node *u = expand(r, a->args[1], env);
  if (!u) return NULL;
  return poly_expand(f, n, u);
}

static Node *expand_call(Resolver *r, const Ast *a, Env *env) {
  const PolyFamily *fam = poly_family(a->name);
  if (fam) return expand_poly(r, fam, a, env);
  Node *args[3] = {NULL, NULL, NULL};
  for (int i = 0; i < a->nargs && i < 3; i++)
    if (!(args[i] = expand(r, a->args[i], env))) return NULL;
  int op = op_by_lang_name(a->name);
  if (op >= 0) return dag_make((Op)op, args[0], args[1], NULL, 0);
  ItemInfo *it = lookup(r, a->name);
  if (it->state == 1 || r->inline_depth >= LIMIT_INLINE_DEPTH) {
    error_at(a->loc, it->state == 1 ? "'%s' calls itself (recursion is not allowed)"
                                    : "calls of '%s' are nested too deeply", a->name);
    return NULL;
  }
  Env *inner = NULL;
  for (int i = 0; i < a->nargs; i++) {
    Node *v = i < 3 ? args[i] : expand(r, a->args[i], env);
    if (!v) return NULL;
    inner = bind(it->item->params[i], v, inner);
  }
  it->state = 1;
  r->inline_depth++;
  Node *n = expand(r, it->item->body, inner);
  r->inline_depth--;
  it->state = 0;
  return n;
}

static Node *expand_sum(Resolver *r, const Ast *a, Env *env) {
  long lo, hi;
  int ok = expand_int(r, a->args[0], env, "the lower bound of a sum", &lo);
  ok &= expand_int(r, a->args[1], env, "the upper bound of a sum", &hi);
  if (!ok) return NULL;
  if (hi < lo) return dag_num_si(0, 1);      /* an empty sum */
  if (hi - lo + 1 > LIMIT_SUM_TERMS) {
    error_at(a->loc, "a sum of %ld terms is too long (at most %d)", hi - lo + 1, LIMIT_SUM_TERMS);
    return NULL;
  }
  Node **terms = xalloc(sizeof(Node *) * (size_t)(hi - lo + 1));
  for (long i = lo; i <= hi; i++) {
    terms[i - lo] = expand(r, a->args[2], bind(a->name, dag_num_si(i, 1), env));
    if (!terms[i - lo]) return NULL;
    if (dag_overflowed()) return terms[i - lo];
  }
  return balanced_sum(terms, 0, hi - lo + 1);
}

static Node *expand_cond(Resolver *r, const Ast *a, Env *env) {
  Node *u = expand(r, a->args[0], env);
  Node *v = a->nargs > 1 ? expand(r, a->args[1], env) : NULL;
  if (!u || (a->nargs > 1 && !v)) return NULL;
  switch (a->kind) {
  case AST_NOT: return dag_1(OP_NOT, u);
  case AST_AND: return dag_2(OP_AND, u, v);
  case AST_OR: return dag_2(OP_OR, u, v);
  default: break;
  }
  switch (a->op) {  /* a > b is b < a: the same in IEEE arithmetic, NaN included */
  case CMP_LT: return dag_2(OP_LT, u, v);
  case CMP_LE: return dag_2(OP_LE, u, v);
  case CMP_GT: return dag_2(OP_LT, v, u);
  case CMP_GE: return dag_2(OP_LE, v, u);
  case CMP_EQ: return dag_2(OP_EQ, u, v);
  default: return dag_2(OP_NE, u, v);
  }
}

/* base^ex; `at` is the '^'. An integer exponent makes a product (POWI),
 * and one beyond LIMIT_EXPONENT is an error: neither clamped nor handed to
 * pow(), whose double exponent could not even tell odd from even. */
static Node *expand_power(Node *base, Node *ex, Loc at) {
  long n;
  if (ex->op == OP_NUM && mpz_cmp_ui(mpq_denref(ex->q), 1) == 0 &&
      (!dag_is_int(ex, &n) || n > LIMIT_EXPONENT || n < -LIMIT_EXPONENT)) {
    error_at(at, "the exponent of this power is too large: an integer exponent may be at most %d in magnitude",
             LIMIT_EXPONENT);
    return NULL;
  }
  if (dag_is_int(ex, &n)) return dag_powi(base, n);
  if (base->op == OP_EULER) return dag_1(OP_EXP, ex);   /* e^u is exp(u) */
  return dag_2(OP_POW, base, ex);
}

static Node *expand_node(Resolver *r, const Ast *a, Env *env);

/* Every step of the expansion goes through here, which bounds its work
 * and its recursion: a body's own depth is bounded by the parser, but
 * inlining stacks bodies, one call chain deep (LIMIT_INLINE_DEPTH) and one
 * body deep at each level, which multiplied is far beyond what the stack
 * holds. The depth reached is what counts, however it came about. */
static Node *expand(Resolver *r, const Ast *a, Env *env) {
  if (++r->work > LIMIT_EXPAND_WORK) {
    r->too_much_work = 1;
    return NULL;
  }
  if (r->depth >= LIMIT_EXPANDED_DEPTH) {
    if (!r->too_deep)
      error_at(a->loc, "expression is nested too deeply once functions and params are expanded (more than %d levels)",
               LIMIT_EXPANDED_DEPTH);
    r->too_deep = 1;
    return NULL;
  }
  r->depth++;
  Node *n = expand_node(r, a, env);
  r->depth--;
  return n;
}

static Node *expand_node(Resolver *r, const Ast *a, Env *env) {
  switch (a->kind) {
  case AST_NUM: return dag_num_decimal(a->text);
  case AST_NAME: {
    Env *local = find_local(env, a->name);
    if (local) return local->value;
    ItemInfo *it = lookup(r, a->name);
    if (it && it->item->kind == ITEM_PARAM) return param_value(r, it);
    if (it && it->item->kind == ITEM_LEARN) return dag_theta(it->theta_base);
    return dag_leaf(strcmp(a->name, "pi") == 0 ? OP_PI : OP_EULER);
  }
  case AST_INDEX: {
    ItemInfo *it = lookup(r, a->name);
    long i;
    if (!expand_int(r, a->args[0], env, "an index", &i)) return NULL;
    if (i < 0 || i >= it->size) {
      error_at(a->args[0]->loc, "index %ld is out of range for '%s', which has %d element%s (0 to %d)", i,
               a->name, it->size, it->size == 1 ? "" : "s", it->size - 1);
      return NULL;
    }
    return dag_theta(it->theta_base + (int)i);
  }
  case AST_CALL: return expand_call(r, a, env);
  case AST_NEG: {
    Node *u = expand(r, a->args[0], env);
    return u ? dag_neg(u) : NULL;
  }
  case AST_BIN: {
    Node *u = expand(r, a->args[0], env), *v = expand(r, a->args[1], env);
    if (!u || !v) return NULL;
    switch (a->op) {
    case '+': return dag_add(u, v);
    case '-': return dag_sub(u, v);
    case '*': return dag_mul(u, v);
    case '/': return dag_div(u, v);
    default: return expand_power(u, v, a->loc);
    }
  }
  case AST_LET: {
    Node *v = expand(r, a->args[0], env);
    return v ? expand(r, a->args[1], bind(a->name, v, env)) : NULL;
  }
  case AST_IF: {
    Node *c = expand(r, a->args[0], env), *t = expand(r, a->args[1], env), *e = expand(r, a->args[2], env);
    return c && t && e ? dag_select(c, t, e) : NULL;
  }
  case AST_SUM: return expand_sum(r, a, env);
  default: return expand_cond(r, a, env);
  }
}

/* ---------------- per activation: theta renumbering ---------------- */

static void mark_theta(const Node *n, char *seen, char *used) {
  if (seen[n->id]) return;
  seen[n->id] = 1;
  if (n->op == OP_THETA) used[n->k] = 1;
  for (int i = 0; i < n->nargs; i++) mark_theta(n->a[i], seen, used);
}

static Node *renumber(Node *n, const int *map, Node **memo) {
  if (!n->has_theta) return n;
  if (memo[n->id]) return memo[n->id];
  Node *out;
  if (n->op == OP_THETA) out = dag_theta(map[n->k]);
  else {
    Node *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < n->nargs; i++) a[i] = renumber(n->a[i], map, memo);
    out = dag_make(n->op, a[0], a[1], a[2], n->k);
  }
  return memo[n->id] = out;
}

static Activation *make_activation(Resolver *r, Item *item, Node *f) {
  Activation *act = xalloc(sizeof *act);
  act->name = item->name;
  act->doc = item->doc;
  act->loc = item->loc;
  char *seen = calloc((size_t)dag_node_count(), 1), *used = calloc((size_t)r->ntheta + 1, 1);
  int *map = calloc((size_t)r->ntheta + 1, sizeof(int));
  if (!seen || !used || !map) die("out of memory");
  mark_theta(f, seen, used);
  /* A learn item is used if any of its scalars is; all its scalars then
   * belong to theta, so that NAME_THETA_a indexes a whole vector. The
   * arrays are sized to what the activation uses (sized to the file, 20 000
   * activations of 20 000 items took 16 GB). */
  int nlearn = 0, nscalars = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      act->learn = xalloc(sizeof(Learn) * (size_t)(nlearn + 1));
      act->theta_names = xalloc(sizeof(char *) * (size_t)(nscalars + 1));
    }
    for (int i = 0; i < r->nitems; i++) {
      ItemInfo *it = &r->items[i];
      if (it->item->kind != ITEM_LEARN && it->item->kind != ITEM_LEARN_VEC) continue;
      int any = 0;
      for (int j = 0; j < it->size; j++) any |= used[it->theta_base + j];
      if (!any) continue;
      if (pass == 0) {
        nlearn++;
        nscalars += it->size;
        continue;
      }
      Learn *l = &act->learn[act->nlearn++];
      l->name = it->item->name;
      l->is_vector = it->item->kind == ITEM_LEARN_VEC;
      l->offset = act->ntheta;
      l->size = it->size;
      l->init = xalloc(sizeof(Node *) * (size_t)it->size);
      for (int j = 0; j < it->size; j++) {
        l->init[j] = r->theta_init[it->theta_base + j];
        act->theta_names[act->ntheta] = r->theta_name[it->theta_base + j];
        map[it->theta_base + j] = act->ntheta++;
      }
    }
  }
  size_t count = (size_t)dag_node_count();
  Node **memo = calloc(count, sizeof *memo);
  if (!memo) die("out of memory");
  act->written = renumber(f, map, memo);
  free(memo);
  free(seen);
  free(used);
  free(map);
  return act;
}

/* ---------------- driver ---------------- */

/* Sizes and initial values of learn items, in declaration order. */
static void layout_theta(Resolver *r) {
  int cap = 16;
  r->theta_init = xalloc(sizeof(Node *) * (size_t)cap);
  r->theta_name = xalloc(sizeof(char *) * (size_t)cap);
  for (int i = 0; i < r->nitems; i++) {
    ItemInfo *it = &r->items[i];
    Item *item = it->item;
    if (item->kind != ITEM_LEARN && item->kind != ITEM_LEARN_VEC) continue;
    it->size = 1;
    if (item->kind == ITEM_LEARN_VEC) {
      long n;
      if (!expand_int(r, item->size, NULL, "the size of a learn vector", &n)) continue;
      if (n < 1 || n > LIMIT_VECTOR_SIZE) {
        error_at(item->size->loc, "the size of learn vector '%s' must be between 1 and %d, not %ld", item->name,
                 LIMIT_VECTOR_SIZE, n);
        continue;
      }
      if (item->nelems != n) {
        error_at(item->name_loc, "learn vector '%s' has size %ld but %d initial value%s", item->name, n, item->nelems,
                 item->nelems == 1 ? "" : "s");
        continue;
      }
      it->size = (int)n;
    }
    it->theta_base = r->ntheta;
    while (r->ntheta + it->size > cap) {
      r->theta_init = xrealloc_array(r->theta_init, (size_t)cap, (size_t)cap * 2, sizeof(Node *));
      r->theta_name = xrealloc_array(r->theta_name, (size_t)cap, (size_t)cap * 2, sizeof(char *));
      cap *= 2;
    }
    for (int j = 0; j < it->size; j++) {
      const Ast *e = item->kind == ITEM_LEARN ? item->body : item->elems[j];
      Node *v = expand(r, e, NULL);
      r->theta_init[r->ntheta + j] = v ? v : dag_num_si(0, 1);
      r->theta_name[r->ntheta + j] = item->kind == ITEM_LEARN ? item->name : xprintf("%s[%d]", item->name, j);
    }
    r->ntheta += it->size;
  }
}

static int valid_number(const char *s) {
  if (*s == '-' || *s == '+') s++;
  int digits = 0, point = 0;
  for (; *s && *s != 'e' && *s != 'E'; s++) {
    if (*s == '.' && !point) point = 1;
    else if (*s >= '0' && *s <= '9') digits++;
    else return 0;
  }
  if (!digits) return 0;
  if (*s) {
    s++;
    if (*s == '-' || *s == '+') s++;
    if (!*s) return 0;
    for (; *s; s++)
      if (*s < '0' || *s > '9') return 0;
  }
  return 1;
}

Module *resolve_program(const Program *prog, Define *defs, int ndefs) {
  Resolver r = {.prog = prog};
  int cap = 0;
  for (Item *it = prog->items; it; it = it->next) cap++;
  r.items = xalloc(sizeof(ItemInfo) * (size_t)(cap + 1));
  for (Item *it = prog->items; it; it = it->next) r.items[r.nitems++].item = it;
  index_items(&r);

  int errors = diag_error_count();
  for (int d = 0; d < ndefs; d++) {
    ItemInfo *it = lookup(&r, defs[d].name);
    if (!it) error_plain("<command line>", "-D %s: '%s' has no param named '%s'", defs[d].name, prog->file, defs[d].name);
    else if (it->item->kind != ITEM_PARAM)
      error_plain("<command line>", "-D %s: '%s' is a %s, not a param", defs[d].name, defs[d].name, kind_word(it->item->kind));
    else if (!valid_number(defs[d].value) || !dag_decimal_in_range(defs[d].value + (defs[d].value[0] == '-' || defs[d].value[0] == '+')))
      error_plain("<command line>", "-D %s: '%s' is not a number", defs[d].name, defs[d].value);
    else it->override = defs[d].value;
  }

  check_program(&r);
  if (diag_error_count() > errors) return NULL;

  layout_theta(&r);
  Module *m = xalloc(sizeof *m);
  m->file = prog->file;
  m->acts = xalloc(sizeof(Activation *) * (size_t)(cap + 1));
  for (int i = 0; i < r.nitems; i++) {
    Item *item = r.items[i].item;
    if (item->kind == ITEM_PARAM) param_value(&r, &r.items[i]);   /* report bad params even if unused */
    if (item->kind != ITEM_ACTIVATION) continue;
    dag_clear_overflow();
    r.work = 0;
    r.too_much_work = 0;
    r.too_deep = 0;
    Node *f = expand(&r, item->body, bind(item->params[0], dag_x(), NULL));
    if (dag_overflowed() || r.too_much_work) {
      error_at(item->name_loc, "activation '%s' is too large to compile: expanded, it exceeds %d nodes, "
               "a nesting depth of %d, %d expansion steps or %ld bits of exact constants", item->name, LIMIT_DAG_NODES,
               LIMIT_DAG_DEPTH, LIMIT_EXPAND_WORK, LIMIT_CONST_BITS);
      dag_clear_overflow();
      continue;
    }
    if (f) m->acts[m->nacts++] = make_activation(&r, item, f);
  }
  if (diag_error_count() > errors) return NULL;
  return m;
}

/* Expand a stand-alone expression whose only names are the given bindings
 * (and pi, e): diff.c uses it to instantiate the derivative rules of ops.h. */
Node *resolve_with_bindings(const Ast *body, const char *const *names, Node *const *values, int n) {
  Resolver r = {0};
  Env *env = NULL;
  for (int i = 0; i < n; i++) env = bind(names[i], values[i], env);
  return expand(&r, body, env);
}

/* Read, parse and resolve a file in one call, for the tools that need a
 * Module and none of main.c's options (test drivers, benchmarks). */
Module *load_module(const char *path, Define *defs, int ndefs) {
  size_t len;
  char *text = read_source(path, &len);
  Program prog = {0};
  if (!text || parse_program(path, text, len, &prog)) return NULL;
  return resolve_program(&prog, defs, ndefs);
}
