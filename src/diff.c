/* diff.c — symbolic differentiation on the DAG.
 *
 * d(n) is built by the chain rule: for n = OP(a0, a1),
 *     dn = partial_0 * d(a0) + partial_1 * d(a1)
 * where the partials come from the rules written in the .act language in
 * ops.h (u, v the operands, f the node itself, n the POWI exponent). Each
 * rule is parsed once, on first use, and instantiated with
 * resolve_with_bindings(), so the derivative is made by the same hash-consing
 * constructor as f and shares every node it can with f and with the other
 * derivatives.
 *
 * A derivative that is structurally zero (the operand does not depend on
 * the variable) is NULL here and its term is dropped, never built as "+ 0"
 * or "* 0": those are not identities in IEEE arithmetic (see dag.c).
 * Memoisation per node id keeps the work linear in the size of the DAG.
 */
#include <stdlib.h>
#include <string.h>
#include "ast.h"
#include "idmemo.h"
#include "module.h"

static const Ast *rules[OP_COUNT][2];

/* A test hook, and nothing else: ACTGEN_TEST_WRONG_RULE=ERF (an op's name
 * in ops.h) makes that op's derivative rule 1% wrong, so that the tests can
 * prove `actgen check` and the numerical tests catch a wrong rule. */
static const char *planted;

static const Ast *rule(Op op, int i) {
  if (!rules[op][i]) {
    const char *text = op_info[op].d[i];
    if (!text) die("no derivative rule for %s operand %d", op_info[op].name, i);
    char *src = xprintf("fn d(u, v, f, n) = %s", text);
    char *file = xprintf("<derivative of %s>", op_info[op].name);
    Program prog = {0};
    if (parse_program(file, src, strlen(src), &prog) || !prog.items)
      die("bad derivative rule for %s: %s", op_info[op].name, text);
    rules[op][i] = prog.items->body;
  }
  return rules[op][i];
}

/* if c then a else b, a NULL branch (a structural zero) being 0. The zero
 * is made before the call: node ids follow creation order, and the order
 * of evaluating a call's arguments is unspecified in C. */
static Node *select_or_zero(Node *c, Node *a, Node *b) {
  Node *zero = dag_num_si(0, 1);
  return dag_select(c, a ? a : zero, b ? b : zero);
}

/* partial * d, in the form that rounds least: 1*d is d, (1/w)*d is d/w.
 * A partial that is exactly 0 drops the term (NULL), and a partial that is
 * an `if` (max, min, relu) selects between products instead of
 * multiplying d by a 0/1 selector: 0 * inf is NaN, and the derivative of
 * the branch not taken must not spoil the one that is. */
static Node *times(Node *partial, Node *d) {
  if (partial->op == OP_NUM && dag_num_cmp_si(partial, 0) == 0) return NULL;
  if (partial->op == OP_SELECT) {
    Node *a = times(partial->a[1], d), *b = times(partial->a[2], d);
    if (!a && !b) return NULL;
    return select_or_zero(partial->a[0], a, b);
  }
  if (partial->op == OP_NEG) {
    Node *t = times(partial->a[0], d);
    return t ? dag_neg(t) : NULL;
  }
  if (partial->op == OP_DIV && partial->a[0]->op == OP_NUM && dag_num_cmp_si(partial->a[0], 1) == 0)
    return dag_div(d, partial->a[1]);
  return dag_mul(partial, d);
}


/* a + b for derivative terms: NULL is a structural zero, and two `if`s on
 * the same condition (the two operands of max) merge into one. */
static Node *add_terms(Node *a, Node *b) {
  if (!a || !b) return a ? a : b;
  if (a->op == OP_SELECT && b->op == OP_SELECT && a->a[0] == b->a[0]) {
    Node *t = add_terms(dag_is_zero(a->a[1]) ? NULL : a->a[1], dag_is_zero(b->a[1]) ? NULL : b->a[1]);
    Node *e = add_terms(dag_is_zero(a->a[2]) ? NULL : a->a[2], dag_is_zero(b->a[2]) ? NULL : b->a[2]);
    return select_or_zero(a->a[0], t, e);
  }
  return dag_add(a, b);
}

typedef struct Diff {
  int wrt;          /* -1: x; k >= 0: theta_k */
  IdMemo *memo;     /* the derivatives by id (idmemo.c) */
} Diff;

static Node *d(Diff *df, Node *n) {
  if (df->wrt < 0 ? !n->has_x : !n->has_theta) return NULL;
  Node *const *known = idmemo_get(df->memo, n->id);
  if (known) return *known;
  Node *out = NULL;
  switch (op_info[n->op].cls) {
  case CLASS_LEAF:
    if ((n->op == OP_X && df->wrt < 0) || (n->op == OP_THETA && n->k == df->wrt)) out = dag_num_si(1, 1);
    break;
  case CLASS_COND:
    break;   /* comparisons have derivative 0 (SPEC §1) */
  case CLASS_SELECT: {
    /* differentiate the branch that is taken */
    Node *da = d(df, n->a[1]), *db = d(df, n->a[2]);
    if (da || db) out = select_or_zero(n->a[0], da, db);
    break;
  }
  default: {
    static const char *const names[] = {"u", "v", "f", "n"};
    Node *vals[4] = {n->a[0], n->nargs > 1 ? n->a[1] : n->a[0], n, dag_num_si(n->k, 1)};
    for (int i = 0; i < n->nargs; i++) {
      Node *da = d(df, n->a[i]);
      if (!da) continue;
      Node *partial = resolve_with_bindings(rule(n->op, i), names, vals, 4);
      if (planted && !strcmp(planted, op_info[n->op].name)) partial = dag_mul(dag_num_si(101, 100), partial);
      out = add_terms(out, times(partial, da));
    }
    break;
  }
  }
  /* The memo was opened for ids up to the root's, before new nodes were
   * made; ids of n and everything below it are older, so they fit. */
  return *(Node **)idmemo_put(df->memo, n->id) = out;
}

static Node *diff(Node *n, int wrt) {
  planted = getenv("ACTGEN_TEST_WRONG_RULE");
  Diff df = {wrt, idmemo_open(n->id, sizeof(Node *))};
  Node *r = d(&df, n);
  idmemo_close(df.memo);
  return r ? r : dag_num_si(0, 1);
}

Node *diff_x(Node *n) { return diff(n, -1); }
Node *diff_theta(Node *n, int k) { return diff(n, k); }

/* The middle of the pipeline: simplify f, then differentiate the
 * simplified f and simplify each derivative. Past the DAG's limits the
 * constructor stops building (dag.h), so a derivative too large to build is
 * an error here, never a silently truncated result. */
int derive(Activation *a) {
  dag_clear_overflow();
  a->f = simplify(a->written);
  a->dfdx = simplify(diff_x(a->f));
  a->dtheta = xalloc(sizeof(Node *) * (size_t)(a->ntheta + 1));
  for (int k = 0; k < a->ntheta; k++) a->dtheta[k] = simplify(diff_theta(a->f, k));
  if (!dag_overflowed()) return 1;
  error_at(a->loc, "activation '%s' is too large to differentiate: its derivatives exceed %d nodes, a nesting "
           "depth of %d or %ld bits of exact constants", a->name, LIMIT_DAG_NODES, LIMIT_DAG_DEPTH, LIMIT_CONST_BITS);
  dag_clear_overflow();
  return 0;
}

/* The k-th derivative of op(x), simplified, as the series of a composition
 * (series_laurent.c) needs it: kept until diff_reset, since the stabilizer
 * asks for the same chains many times, and they grow (the 15th derivative
 * of sqrt is 227 deep; a random input spent 15 s differentiating sqrt again
 * from the start). Not kept while the DAG is past a limit: stand-in zeros
 * would outlive dag_clear_overflow. */
enum { NTH_KEPT = 64 };
static Node *nth[OP_COUNT][NTH_KEPT];

Node *diff_nth(Op op, int k) {
  if (k < NTH_KEPT && nth[op][k]) return nth[op][k];
  Node *d = k == 0 ? dag_1(op, dag_x()) : simplify(diff_x(diff_nth(op, k - 1)));
  if (k < NTH_KEPT && !dag_overflowed()) nth[op][k] = d;
  return d;
}

void diff_reset(void) {
  memset(rules, 0, sizeof rules);
  memset(nth, 0, sizeof nth);
}
