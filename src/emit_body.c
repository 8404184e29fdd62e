/* emit_body.c — the straight-line C bodies of an activation, from its DAGs.
 *
 * Each body (actgen_f_NAME, actgen_dx_NAME, actgen_dall_NAME, and the
 * per-call actgen_pre_NAME) is its schedule (schedule.c) written out: one
 * `const double tN = ...;` per temporary, the rest inline. Constants are
 * printed as correctly rounded literals (literals.c); theta and the hoisted theta-only
 * values are read from p[]; calls are spelled from ops.h, column C for the
 * double kernels and column V (the math layer) for the float ones. The
 * helpers and math layer files that the bodies called are then copied from
 * templates/, each once, dependencies first.
 */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit_body.h"
#include "lower.h"
#include "oracle.h"
#include "schedule.h"
#include "templates.h"

/* ---- expressions ---- */

/* C precedence, loosest first. print_expr(n, need) parenthesizes n when
 * its own precedence is below `need`. */
enum { P_TOP, P_COND, P_OR, P_AND, P_EQ, P_REL, P_ADD, P_MUL, P_UNARY, P_ATOM };

typedef struct Body {
  Buf *out;
  Buf *file;         /* the file's text: the arm functions go there, before the body that calls them */
  ActInfo *ai;
  int layer;         /* call the math layer (float kernels) instead of <math.h> */
  int hoist;         /* theta-only values are read from p[K..], not computed */
  Schedule s;
  int *tnum;         /* by schedule position: temporary number, 0 if inline */
  int used_x, used_p;
  struct Power *powers;   /* see find_power */
  int npowers, cappowers;
  int *inputs;       /* by node id < ninputs: hoisted or outlined, the schedule's inputs */
  int ninputs;
  unsigned char *lazy;   /* by node id < ninputs: the schedule's lazy selects */
  int arm_ops;       /* the operations of the arm functions it calls */
} Body;

static int op_prec(const Node *n) {
  switch (n->op) {
  case OP_ADD: case OP_SUB: return P_ADD;
  case OP_MUL: case OP_DIV: case OP_POWI: return P_MUL;
  case OP_NEG: case OP_NOT: return P_UNARY;
  case OP_LT: case OP_LE: return P_REL;
  case OP_EQ: case OP_NE: return P_EQ;
  case OP_AND: return P_AND;
  case OP_OR: return P_OR;
  case OP_SELECT: return P_COND;
  default: return P_ATOM;   /* calls */
  }
}

/* Powers already computed in this body, so that x^4 and x^5 share x^2
 * and x^4: (base node id, exponent) -> the name that holds it. */
typedef struct Power {
  int base, k;
  char name[32];
} Power;

static const char *find_power(const Body *b, const Node *base, int k) {
  for (int i = 0; i < b->npowers; i++)
    if (b->powers[i].base == base->id && b->powers[i].k == k) return b->powers[i].name;
  return NULL;
}

static void add_power(Body *b, const Node *base, int k, const char *name) {
  if (b->npowers == b->cappowers) {
    b->cappowers = b->cappowers ? 2 * b->cappowers : 16;
    b->powers = realloc(b->powers, sizeof *b->powers * (size_t)b->cappowers);
    if (!b->powers) die("out of memory");
  }
  Power *p = &b->powers[b->npowers++];
  p->base = base->id;
  p->k = k;
  snprintf(p->name, sizeof p->name, "%s", name);
}

static void print_expr(Body *b, const Node *n, int need);
static void print_arm_call(Body *b, const Node *n);
static int hoisted_index(const ActInfo *ai, const Node *n);
static const char *call_name(Body *b, const Node *n);

/* n, printed in place (not as a temporary or a literal), calls a
 * function. */
static int calls_in_place(const Body *b, const Node *n) {
  int p = schedule_pos(&b->s, n);
  if (sched_is_literal(n) || (b->hoist && hoisted_index(b->ai, n) >= 0) || (p >= 0 && b->s.temp[p])) return 0;
  if (op_info[n->op].cls == CLASS_CALL) return 1;
  for (int i = 0; i < n->nargs; i++)
    if (calls_in_place(b, n->a[i])) return 1;
  return 0;
}

/* A leaf or constant sub-DAG. */
static void print_literal(Body *b, const Node *n, int need) {
  if (n->op == OP_X) {
    buf_puts(b->out, "x");
    b->used_x = 1;
    return;
  }
  if (n->op == OP_THETA) {
    buf_printf(b->out, "p[%d]", n->k);
    b->used_p = 1;
    return;
  }
  char lit[LIT_MAX];
  literal_double(lit, const_double(n));
  /* A negative literal is parenthesized inside any operator, for the eye
   * (x * (-0.5)) and so that "-" never meets "-". */
  if (lit[0] == '-' && need > P_COND) buf_printf(b->out, "(%s)", lit);
  else buf_puts(b->out, lit);
}

/* n written in full (not by its temporary's name). */
static void print_op(Body *b, const Node *n, int need) {
  const OpInfo *info = &op_info[n->op];
  if (n->op == OP_POWI && n->k == 2 && find_power(b, n->a[0], 2)) {
    buf_puts(b->out, find_power(b, n->a[0], 2));   /* u^2 computed before: a name */
    return;
  }
  int paren = op_prec(n) < need;
  Buf *out = b->out;
  if (paren) buf_puts(out, "(");
  switch (info->cls) {
  case CLASS_INFIX: {
    /* Left operands may share the operator's level (C groups left to
     * right), right operands must bind tighter: a + (b + c) keeps its
     * parentheses, since floating-point addition does not reassociate. */
    int p = op_prec(n);
    print_expr(b, n->a[0], p);
    buf_printf(out, " %s ", info->c);
    print_expr(b, n->a[1], p + 1);
    break;
  }
  case CLASS_PREFIX: {
    const Node *u = n->a[0];
    int inline_neg = u->op == OP_NEG && schedule_pos(&b->s, u) >= 0 && !b->s.temp[schedule_pos(&b->s, u)];
    buf_puts(out, info->c);
    print_expr(b, u, inline_neg ? P_ATOM : P_UNARY);   /* never "--" */
    break;
  }
  case CLASS_CALL:
    if (sat_call(b->ai, b->layer, n)) {   /* VALUE, its %s the operand */
      const char *v = saturated_value(n->op), *at = strstr(v, "%s");
      buf_printf(out, "%.*s", at ? (int)(at - v) : (int)strlen(v), v);
      if (at) {
        print_expr(b, n->a[0], P_COND);
        buf_puts(out, at + 2);
      }
      break;
    }
    buf_printf(out, "%s(", call_name(b, n));
    for (int i = 0; i < n->nargs; i++) {
      if (i) buf_puts(out, ", ");
      print_expr(b, n->a[i], P_COND);
    }
    buf_puts(out, ")");
    break;
  case CLASS_POWI: {
    /* Only u^2 and u^3 are written here (u * u * u, or u2 * u when u^2 is
     * at hand, see print_powi for higher powers); u is a name or a leaf. */
    const char *sq = find_power(b, n->a[0], 2);
    int i = 1;
    if (sq) {
      buf_puts(out, sq);
      i = 2;
    } else {
      print_expr(b, n->a[0], P_ATOM);
    }
    for (; i < n->k; i++) {
      buf_puts(out, " * ");
      print_expr(b, n->a[0], P_ATOM);
    }
    break;
  }
  case CLASS_COND:
    if (n->op == OP_NOT) {
      buf_puts(out, "!");
      print_expr(b, n->a[0], P_UNARY);
    } else if (n->op == OP_AND || n->op == OP_OR) {
      /* `and` and `or` are C's & and | on truth values: both operands
       * are evaluated, so a vectorizer need not branch. gcc -Wall asks for
       * parentheses around comparisons (and a mix of & and |) inside;
       * clang -Wall (-Wbitwise-instead-of-logical) for a cast of a right
       * operand that is a truth value and calls a function. */
      int p = op_prec(n);
      const Node *r = n->a[1];
      print_expr(b, n->a[0], n->a[0]->op == n->op ? p : P_UNARY);
      buf_printf(out, " %s ", info->c);
      if (op_info[r->op].cls == CLASS_COND && r->op != OP_AND && r->op != OP_OR && calls_in_place(b, r)) buf_puts(out, "(int)");
      print_expr(b, r, P_UNARY);
    } else {
      /* Comparisons: a literal goes on the right (x > 0.0, not 0.0 < x);
       * mirroring a comparison keeps its meaning, NaN included. */
      const Node *l = n->a[0], *r = n->a[1];
      const char *op = info->c;
      if (dag_is_const(l) && !dag_is_const(r)) {
        const Node *t = l;
        l = r;
        r = t;
        op = n->op == OP_LT ? ">" : n->op == OP_LE ? ">=" : op;
      }
      print_expr(b, l, P_ADD);
      buf_printf(out, " %s ", op);
      print_expr(b, r, P_ADD);
    }
    break;
  case CLASS_SELECT:
    /* clang -Wall wants (a & b) ? c : d parenthesized. */
    print_expr(b, n->a[0], n->a[0]->op == OP_AND || n->a[0]->op == OP_OR ? P_UNARY : P_OR);
    buf_puts(out, " ? ");
    print_expr(b, n->a[1], P_OR);
    buf_puts(out, " : ");
    print_expr(b, n->a[2], P_COND);   /* else-if chains read as a ? b : c ? d : e */
    break;
  case CLASS_LEAF:
    die("leaf %s reached print_op", info->name);
  }
  if (paren) buf_puts(out, ")");
}

static void print_expr(Body *b, const Node *n, int need) {
  if (n->id < b->ninputs && b->inputs[n->id] < 0) {
    print_arm_call(b, n);
    return;
  }
  int h = hoisted_index(b->ai, n);
  if (h >= 0 && b->hoist) {
    buf_printf(b->out, "p[%d]", h);
    b->used_p = 1;
    return;
  }
  if (sched_is_literal(n)) {
    print_literal(b, n, need);
    return;
  }
  int p = schedule_pos(&b->s, n);
  if (p < 0) die("node %d is not scheduled", n->id);
  if (b->s.temp[p]) buf_printf(b->out, "t%d", b->tnum[p]);
  else print_op(b, n, need);
}

/* tN = u^k, k >= 4, by repeated squaring: tN_2 = u * u, tN_4 = tN_2 * tN_2,
 * ..., then the product of the squares that make up k, largest first.
 * Squares computed earlier in the body are reused. */
static void print_powi(Body *b, const Node *n, int t) {
  Buf *out = b->out;
  const Node *u = n->a[0];
  int k = n->k, m = 0;
  while ((k >> (m + 1)) > 0) m++;   /* 2^m <= k < 2^(m+1) */
  char sq[32][32];                  /* sq[j]: the name of u^(2^j), for bits of k */
  Buf base = {0};
  Buf *saved = b->out;
  b->out = &base;
  print_expr(b, u, P_ATOM);
  b->out = saved;
  snprintf(sq[0], sizeof sq[0], "%s", buf_str(&base));
  buf_free(&base);
  char self[32];
  snprintf(self, sizeof self, "t%d", t);
  for (int j = 1; j <= m; j++) {
    const char *have = find_power(b, u, 1 << j);
    if (have) {
      snprintf(sq[j], sizeof sq[j], "%s", have);
      continue;
    }
    if (j == m && k == 1 << m) snprintf(sq[j], sizeof sq[j], "%s", self);
    else snprintf(sq[j], sizeof sq[j], "t%d_%d", t, 1 << j);
    buf_printf(out, "  const double %s = %s * %s;\n", sq[j], sq[j - 1], sq[j - 1]);
    add_power(b, u, 1 << j, sq[j]);
  }
  if (k == 1 << m) {
    if (strcmp(sq[m], self) != 0) buf_printf(out, "  const double %s = %s;\n", self, sq[m]);
  } else {
    buf_printf(out, "  const double %s = %s", self, sq[m]);
    for (int j = m - 1; j >= 0; j--)
      if (k & (1 << j)) buf_printf(out, " * %s", sq[j]);
    buf_puts(out, ";\n");
  }
  add_power(b, u, k, self);
}

/* ---- bodies ---- */

/* The straight-line functions of one activation: f, df/dx, df/dx with every
 * df/dtheta_k (DALL), in double with <math.h> (the double API) and, when
 * they call functions of the math layer, again for the float API (names
 * with a v: actgen_fv_NAME ...); and PRE, which computes the theta-only
 * values once per call. */


unsigned char helper_used[OP_COUNT], layer_used[OP_COUNT];

static int hoisted_index(const ActInfo *ai, const Node *n) {
  if (!ai || n->id >= ai->hoist_size || !ai->hoist_at[n->id]) return -1;
  return ai->act->ntheta + ai->hoist_at[n->id] - 1;
}

static const char *call_name(Body *b, const Node *n) {
  Op op = n->op;
  const OpInfo *info = &op_info[op];
  if (b->layer && in_layer(op)) {
    layer_used[op] = 1;
    return xprintf("actgen_v%s%s", info->v, fast_call(b->layer, n) ? "_fast" : neg_call(b->layer, n) ? "_neg" : "");
  }
  if (strncmp(info->c, "actgen_", 7) == 0) helper_used[op] = 1;
  return info->c;
}

/* Find the theta-only operations that the bodies read (the largest such
 * subexpressions, in a depth-first order from the roots, so deterministic),
 * and whether the float bodies differ from the double ones: an operation
 * calls a math-layer function, or the stabilizer chose other forms for the
 * float kernels (module.h). */
void find_hoisted(ActInfo *ai) {
  const Activation *a = ai->act;
  ai->froot = xalloc(sizeof(Node *) * (size_t)(a->ntheta + 2));   /* before `total`: it makes nodes */
  for (int r = -2; r < a->ntheta; r++) ai->froot[r + 2] = act_output(a, r, 1);
  lower_float(ai->froot, a->ntheta + 2);
  /* theta-only factors out of the df/dtheta roots, but where rare lanes
   * are redone by the double bodies, which keep them (emit.c, fix_lines) */
  ai->dfactor = xalloc(sizeof(Node *) * (size_t)(a->ntheta + 1));
  int keep = rare_lanes(ai->froot, a->ntheta + 2);
  for (int k = 0; k < a->ntheta; k++)
    if (keep) ai->dfactor[k] = NULL;
    else ai->froot[k + 2] = factor_theta(ai->froot[k + 2], &ai->dfactor[k]);
  int n = a->ntheta + 2;
  ai->vroot = xalloc(sizeof(Node *) * (size_t)n);
  ai->rlo = xalloc(sizeof(double) * (size_t)n);
  ai->rhi = xalloc(sizeof(double) * (size_t)n);
  ai->regions = strip_rare_regions(ai->froot, ai->vroot, ai->rlo, ai->rhi, n);
  int total = dag_node_count();
  unsigned char *seen = calloc((size_t)total + 1, 1);
  Node **stack = malloc(sizeof *stack * ((size_t)total + 1));
  ai->hoist_at = calloc((size_t)total + 1, sizeof(int));   /* freed by hoisted_free */
  ai->hoist_size = total;
  ai->hoisted = calloc((size_t)total + 1, sizeof(Node *));
  if (!seen || !stack || !ai->hoist_at || !ai->hoisted) die("out of memory");
  /* the double kernels' roots, the float ones', then the float df/dtheta factors */
  for (int i = 0; i < 2 * (a->ntheta + 2) + a->ntheta; i++) {
    int r = i % (a->ntheta + 2) - 2, is_float = i >= a->ntheta + 2 && i < 2 * (a->ntheta + 2);
    Node *root = i >= 2 * (a->ntheta + 2) ? ai->dfactor[i - 2 * (a->ntheta + 2)]
                 : is_float                 ? ai->froot[r + 2]
                                            : act_output(a, r, 0);
    if (is_float && root != act_output(a, r, 0)) ai->layer = 1;   /* the float bodies differ */
    if (!root || seen[root->id]) continue;
    int sp = 0;
    stack[sp++] = root;
    seen[root->id] = 1;
    while (sp > 0) {
      Node *n = stack[--sp];
      if (sched_is_literal(n)) continue;
      if (n->has_theta && !n->has_x && op_info[n->op].cls != CLASS_COND) {   /* a truth value stays in place: p[] holds doubles */
        ai->hoisted[ai->nhoisted++] = n;
        ai->hoist_at[n->id] = ai->nhoisted;
        continue;
      }
      if (in_layer(n->op)) ai->layer = 1;
      if (in_layer(n->op) && op_info[n->op].lim[0]) ai->rare = 1;
      if (fast_call(1, n) || sat_call(ai, 1, n)) ai->fast = 1;
      for (int i = n->nargs - 1; i >= 0; i--)   /* operand 0 is visited first */
        if (!seen[n->a[i]->id]) {
          seen[n->a[i]->id] = 1;
          stack[sp++] = n->a[i];
        }
    }
  }
  free(seen);
  free(stack);
}

char *dfactor_ref(const ActInfo *ai, int k) {
  const Node *t = ai->dfactor ? ai->dfactor[k] : NULL;
  if (!t) return NULL;
  return xprintf("p[%d]", t->op == OP_THETA ? t->k : hoisted_index(ai, t));
}

void hoisted_free(ActInfo *ai) {
  ai->dfactor = NULL;   /* xalloc'd, like froot */
  free(ai->hoist_at);
  free(ai->hoisted);
  ai->hoist_at = NULL;
  ai->hoisted = NULL;
  ai->hoist_size = ai->nhoisted = 0;
  free(ai->arm_at);
  free(ai->arm_ops);
  ai->arm_at = ai->arm_ops = NULL;
  ai->arm_size = 0;   /* narms stays: the banner says how outlined forms count */
}

/* The schedule's inputs of a body with these roots (Body.inputs): the
 * hoisted theta-only values and, in a double body, the large arms of its
 * selects on x, as -1 (emit_arms.c), with the lazy selects above them. */
static void find_inputs(Body *b, Node *const *roots, int nroots) {
  int total = dag_node_count();
  b->ninputs = total;
  b->inputs = calloc((size_t)total + 1, sizeof *b->inputs);
  if (!b->inputs) die("out of memory");
  for (int i = 0; b->hoist && i < b->ai->hoist_size && i < total; i++) b->inputs[i] = b->ai->hoist_at[i];
  if (b->layer == 0 && b->hoist) b->lazy = outline_arms(roots, nroots, b->inputs, total);
}

/* Schedule a body and write its temporaries into b->out. */
static void start_body(Body *b, Node *const *roots, int nroots) {
  find_inputs(b, roots, nroots);
  schedule_build(&b->s, roots, nroots, b->inputs, b->ninputs, b->lazy);
  b->tnum = calloc((size_t)b->s.n + 1, sizeof *b->tnum);
  if (!b->tnum) die("out of memory");
  int t = 0;
  for (int i = 0; i < b->s.n; i++) {
    const Node *n = b->s.node[i];
    if (op_info[n->op].cls == CLASS_CALL) (void)call_name(b, n);   /* marks what the file needs */
    if (!b->s.temp[i]) continue;
    b->tnum[i] = ++t;
    if (n->op == OP_POWI && n->k >= 4) {
      print_powi(b, n, t);
      continue;
    }
    buf_printf(b->out, "  const %s t%d = ", op_info[n->op].cls == CLASS_COND ? "int" : "double", t);
    print_op(b, n, P_TOP);
    buf_puts(b->out, ";\n");
    if (n->op == OP_POWI) {
      char name[32];
      snprintf(name, sizeof name, "t%d", t);
      add_power(b, n->a[0], n->k, name);
    }
  }
}

static void end_body(Body *b) {
  free(b->tnum);
  free(b->powers);
  free(b->inputs);
  free(b->lazy);
  schedule_free(&b->s);
}

/* The function of arm number `no`; returns its operations, and those of
 * the arms it calls in turn. */
static int print_arm(Buf *file, ActInfo *ai, Node *arm, int no) {
  Body b = {0};
  Buf stmts = {0};
  b.out = &stmts;
  b.file = file;
  b.ai = ai;
  b.hoist = 1;
  start_body(&b, &arm, 1);
  buf_puts(&stmts, "  return ");
  print_expr(&b, arm, P_TOP);
  buf_puts(&stmts, ";\n");
  int K = ai->act->ntheta, ops = b.s.n + b.arm_ops;
  buf_printf(file, "\n/* %s: the form of a region of x, computed only where it is taken; %d operations. */\n", ai->name, ops);
  buf_printf(file, "static double actgen_arm%d_%s(double x%s)\n{\n", no, ai->name, K > 0 ? ", const double *p" : "");
  if (!b.used_x) buf_puts(file, "  (void)x;\n");
  if (K > 0 && !b.used_p) buf_puts(file, "  (void)p;\n");
  buf_puts(file, buf_str(&stmts));
  buf_puts(file, "}\n");
  buf_free(&stmts);
  end_body(&b);
  return ops;
}

/* The call of an outlined arm; its function is written the first time. */
static void print_arm_call(Body *b, const Node *n) {
  ActInfo *ai = b->ai;
  if (!ai->arm_at) {
    ai->arm_size = dag_node_count();
    ai->arm_at = calloc((size_t)ai->arm_size + 1, sizeof *ai->arm_at);
    ai->arm_ops = calloc((size_t)ai->arm_size + 1, sizeof *ai->arm_ops);
    if (!ai->arm_at || !ai->arm_ops) die("out of memory");
  }
  if (n->id >= ai->arm_size) die("arm %d made after the first arm", n->id);
  if (!ai->arm_at[n->id]) {
    ai->arm_at[n->id] = ++ai->narms;
    ai->arm_ops[n->id] = print_arm(b->file, ai, (Node *)n, ai->narms);
  }
  if (b->inputs[n->id] == -1) {   /* counted once in this body */
    b->arm_ops += ai->arm_ops[n->id];
    b->inputs[n->id] = -2;
  }
  buf_printf(b->out, "actgen_arm%d_%s(x%s)", ai->arm_at[n->id], ai->name, ai->act->ntheta > 0 ? ", p" : "");
  b->used_x = 1;
  b->used_p |= ai->act->ntheta > 0;
}

/* Write one body: its statements, then `return` (and, for BODY_DALL, the
 * stores dtheta[stride * k]; for BODY_PRE, the stores p[K + j]). Returns
 * the number of operations. */
int print_body(Buf *out, ActInfo *ai, int kind, int layer) {
  const Activation *a = ai->act;
  int K = a->ntheta, P = K + ai->nhoisted;
  Node **roots = xalloc(sizeof(Node *) * (size_t)(K + ai->nhoisted + 1));
  int nroots = 1;
  if (kind == BODY_PRE) {
    memcpy(roots, ai->hoisted, sizeof(Node *) * (size_t)ai->nhoisted);
    nroots = ai->nhoisted;
  } else {
    Node **fr = layer == 1 && ai->regions ? ai->vroot : ai->froot;
    roots[0] = layer ? fr[kind == BODY_F ? 0 : 1] : act_output(a, kind == BODY_F ? -2 : -1, 0);
    if (kind == BODY_DALL) {
      for (int k = 0; k < K; k++) roots[1 + k] = layer ? fr[k + 2] : act_output(a, k, 0);
      nroots = 1 + K;
    }
  }
  for (int r = 0; r < nroots; r++)
    if (!roots[r]) die("activation '%s' has no %s", a->name, r == 0 && kind == BODY_F ? "f" : "derivative");

  Body b = {0};
  Buf stmts = {0};
  int nfast = 0;   /* the body's `_fast` calls */
  b.out = &stmts;
  b.file = out;
  b.ai = ai;
  b.layer = layer;
  b.hoist = kind != BODY_PRE;
  start_body(&b, roots, nroots);
  if (kind == BODY_PRE) {
    for (int r = 0; r < nroots; r++) {
      buf_printf(&stmts, "  p[%d] = ", K + r);
      print_expr(&b, roots[r], P_TOP);
      buf_puts(&stmts, ";\n");
    }
  } else {
    /* Lanes beyond the bound of a `_fast` form set *fast's sign bit, as
     * the sign of bound - |u| (api.c.in redoes the block with layer 2's
     * bodies): a 64-bit OR of bits, which vectorizes also on SSE2, where
     * an int OR of double comparisons did not (gcc 12). */
    /* A saturated call (sat_call) flags the lanes within its bound (and
     * NaN, whose sign fabs clears), ~ of the same test. Each node's test
     * is made once (saturated_call evaluates its operand), then compared. */
    char (*test)[64] = layer ? calloc((size_t)b.s.n + 1, sizeof *test) : NULL;
    if (layer && !test) die("out of memory");
    for (int i = 0; i < b.s.n && layer; i++) {
      const Node *n = b.s.node[i];
      if (op_info[n->op].cls == CLASS_CALL) (void)bound_test(b.layer, b.ai, n, test[i], sizeof test[i]);
    }
    for (int i = 0; i < b.s.n && layer; i++) {
      const Node *n = b.s.node[i], *u = n->a[0];
      int two = rare_test(n->op);   /* the test reads both operands */
      if (!test[i][0]) continue;
      while (!two && u->op == OP_NEG) u = u->a[0];   /* |-u| = |u|: sigmoid(x) sigmoid(-x) tests x once */
      int dup = 0;
      for (int j = 0; j < i && !dup; j++) {
        const Node *m = b.s.node[j], *v = m->a[0];
        if (!test[j][0]) continue;
        while (!two && v->op == OP_NEG) v = v->a[0];
        dup = v == u && strcmp(test[i], test[j]) == 0 && (!two || m->a[1] == n->a[1]);
      }
      if (dup) continue;
      buf_printf(&stmts, nfast++ ? " |\n    %s" : "  *fast |= %s", test[i]);
      print_expr(&b, u, P_TOP);
      if (two) {
        buf_puts(&stmts, ", ");
        print_expr(&b, n->a[1], P_TOP);
      }
      buf_puts(&stmts, two ? ")" : "))");
    }
    free(test);
    if (nfast) buf_puts(&stmts, ";\n");
    if (layer == 1 && kind != BODY_PRE) ai->nfast[kind] = nfast;
    /* Rare lanes: beyond the bound of a layer function, NaN (api.c.in
     * redoes such elements with the double bodies). */
    int nrare = 0;
    for (int i = 0; i < b.s.n && layer; i++) {
      const Node *n = b.s.node[i];
      if (!in_layer(n->op) || !op_info[n->op].lim[0]) continue;
      int seen = 0;   /* sin(u) and cos(u): one test of u */
      for (int j = 0; j < i && !seen; j++)
        seen = b.s.node[j]->a[0] == n->a[0] && !strcmp(op_info[b.s.node[j]->op].lim, op_info[n->op].lim);
      if (seen) continue;
      buf_puts(&stmts, nrare++ ? " |\n    (fabs(" : "  const int rare = (fabs(");
      print_expr(&b, n->a[0], P_TOP);
      buf_printf(&stmts, ") > %s)", op_info[n->op].lim);
    }
    if (layer == 1 && ai->regions) {   /* and the rare regions (lower.c) */
      double lo = -INFINITY, hi = INFINITY;
      for (int r = kind == BODY_F ? 0 : 1; r <= (kind == BODY_DALL ? K + 1 : kind == BODY_F ? 0 : 1); r++) {
        lo = ai->rlo[r] > lo ? ai->rlo[r] : lo;
        hi = ai->rhi[r] < hi ? ai->rhi[r] : hi;
      }
      char lit[LIT_MAX];
      if (lo > -INFINITY) literal_double(lit, lo), buf_printf(&stmts, nrare++ ? " |\n    (x < %s)" : "  const int rare = (x < %s)", lit);
      if (hi < INFINITY) literal_double(lit, hi), buf_printf(&stmts, nrare++ ? " |\n    (x >= %s)" : "  const int rare = (x >= %s)", lit);
    }
    if (nrare) buf_puts(&stmts, ";\n");
    for (int r = 1; r < nroots; r++) {
      if (r == 1) buf_puts(&stmts, "  dtheta[0] = ");
      else buf_printf(&stmts, "  dtheta[stride * %d] = ", r - 1);
      print_expr(&b, roots[r], P_TOP);
      buf_puts(&stmts, ";\n");
    }
    /* The value is computed before the select, not in its arm: the C arm
     * would be a branch, and the math layer's table reads in it keep SSE2
     * code from flattening it. */
    buf_puts(&stmts, nrare ? "  const double v = " : "  return ");
    print_expr(&b, roots[0], P_TOP);
    buf_puts(&stmts, nrare ? ";\n  return rare ? (double)NAN : v;\n" : ";\n");
  }

  static const char *const what[] = {"f(x)", "df/dx", "df/dx, and df/dtheta into dtheta", "the theta-only values"};
  static const char *const fn[] = {"actgen_f", "actgen_dx", "actgen_dall"};
  buf_printf(out, "\n/* %s: %s", ai->name, what[kind]);
  if (kind == BODY_DALL) buf_printf(out, K == 1 ? "[0]" : "[0..%d]", K - 1);
  if (kind == BODY_PRE) buf_printf(out, " p[%d..%d] from theta = p[0..%d]", K, P - 1, K - 1);
  if (layer) buf_puts(out, layer == 2 ? ", with the whole math layer, every region (rare lanes)" : ", with the math layer");
  int ops = b.s.n + b.arm_ops;
  buf_printf(out, "; %d operation%s. */\n", ops, ops == 1 ? "" : "s");
  if (kind == BODY_PRE) {
    buf_printf(out, "static void actgen_pre_%s(double *p)\n{\n", ai->name);
  } else {
    buf_printf(out, "ACTGEN_INLINE double %s%s_%s(double x%s%s%s)\n{\n", fn[kind], layer == 2 ? "r" : layer ? "v" : "", ai->name,
               K > 0 ? ", const double *p" : "", kind == BODY_DALL ? ", double *dtheta, size_t stride" : "",
               layer == 1 && ai->fast ? ", uint64_t *fast" : "");
    if (!b.used_x) buf_puts(out, "  (void)x;\n");
    if (layer == 1 && ai->fast && !nfast) buf_puts(out, "  (void)fast;\n");
    if (K > 0 && !b.used_p) buf_puts(out, "  (void)p;\n");
    if (kind == BODY_DALL && K == 1) buf_puts(out, "  (void)stride;\n");
  }
  buf_puts(out, buf_str(&stmts));
  buf_puts(out, "}\n");

  buf_free(&stmts);
  end_body(&b);
  return ops;
}
