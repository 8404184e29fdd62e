/* dag_print.c — a DAG printed in the .act language's own syntax, for
 * `actgen deriv` and `-d STAGE`.
 *
 * Operators get the language's precedences, so that parentheses appear
 * only where needed; a subexpression used more than once (and worth a
 * name) is bound once with `let t1 = ... in`, in depth-first order, so the
 * text is deterministic and as long as the DAG, not as the tree it stands
 * for. An exact rational prints as its shortest exact decimal, else p/q.
 */
#include <stdlib.h>
#include <string.h>
#include "dag.h"
#include "diag.h"

enum { PREC_LET, PREC_OR, PREC_AND, PREC_NOT, PREC_CMP, PREC_ADD, PREC_MUL, PREC_NEG, PREC_POW, PREC_ATOM };

static int node_prec(const Node *n) {
  switch (n->op) {
  case OP_NUM:
    return mpq_sgn(n->q) < 0 ? PREC_NEG : mpz_cmp_ui(mpq_denref(n->q), 1) != 0 ? PREC_MUL : PREC_ATOM;
  case OP_ADD: case OP_SUB: return PREC_ADD;
  case OP_MUL: case OP_DIV: return PREC_MUL;
  case OP_NEG: return PREC_NEG;
  case OP_POWI: return PREC_POW;
  case OP_SELECT: return PREC_LET;
  case OP_OR: return PREC_OR;
  case OP_AND: return PREC_AND;
  case OP_NOT: return PREC_NOT;
  case OP_LT: case OP_LE: case OP_EQ: case OP_NE: return PREC_CMP;
  default: return PREC_ATOM;
  }
}

typedef struct Printer {
  FILE *out;
  const char *const *theta_names;  /* how to print OP_THETA k, or NULL */
  int *uses;        /* by id: how often the node is used inside the printed root */
  int *let_name;    /* by id: the t-number of a let-bound node, 0 if none */
} Printer;

/* A rational prints as the shortest exact decimal when it has one
 * (0.25, 4.352665993287951e-9), otherwise as p/q. */
static void print_num(FILE *out, const mpq_t q) {
  mpz_t den, m;
  mpz_inits(den, m, NULL);
  mpz_set(den, mpq_denref(q));
  /* q = m / 10^d exactly iff the denominator is 2^a 5^b; then d = max(a, b). */
  unsigned long a = 0, b = 0;
  while (mpz_divisible_ui_p(den, 2)) { mpz_divexact_ui(den, den, 2); a++; }
  while (mpz_divisible_ui_p(den, 5)) { mpz_divexact_ui(den, den, 5); b++; }
  unsigned long d = a > b ? a : b;
  if (mpz_cmp_ui(den, 1) != 0) {
    gmp_fprintf(out, "%Zd/%Zd", mpq_numref(q), mpq_denref(q));
  } else {
    mpz_ui_pow_ui(m, 10, d);
    mpz_mul(m, m, mpq_numref(q));
    mpz_divexact(m, m, mpq_denref(q));
    if (mpz_sgn(m) < 0) { fputc('-', out); mpz_neg(m, m); }
    char *s = mpz_get_str(NULL, 10, m);
    long len = (long)strlen(s);
    long zeros = 0;
    while (zeros < len - 1 && s[len - 1 - zeros] == '0') zeros++;
    if (d == 0 && zeros >= 6) {   /* 13409000...000 reads better as 1.3409e154 */
      long last = len - zeros;
      fprintf(out, "%c%s%.*se%ld", s[0], last > 1 ? "." : "", (int)(last - 1), s + 1, len - 1);
    }
    else if (d == 0) fputs(s, out);
    else if ((long)d >= len + 4) {   /* 0.0000123 reads better as 1.23e-5 */
      long e = len - 1 - (long)d;
      long last = len;
      while (last > 1 && s[last - 1] == '0') last--;
      fprintf(out, "%c%s%.*se%ld", s[0], last > 1 ? "." : "", (int)(last - 1), s + 1, e);
    } else if ((long)d >= len) {
      fputs("0.", out);
      for (long z = len; z < (long)d; z++) fputc('0', out);
      fputs(s, out);
    }
    else fprintf(out, "%.*s.%s", (int)(len - (long)d), s, s + len - (long)d);
    free(s);
  }
  mpz_clears(den, m, NULL);
}

static void print_node(Printer *p, const Node *n, int ctx);

static void print_args(Printer *p, const Node *n) {
  fputc('(', p->out);
  for (int i = 0; i < n->nargs; i++) {
    if (i) fputs(", ", p->out);
    print_node(p, n->a[i], PREC_LET);
  }
  fputc(')', p->out);
}

static void print_node(Printer *p, const Node *n, int ctx) {
  FILE *out = p->out;
  if (p->let_name[n->id]) {
    fprintf(out, "t%d", p->let_name[n->id]);
    return;
  }
  int prec = node_prec(n);
  int paren = prec < ctx;
  if (paren) fputc('(', out);
  const OpInfo *info = &op_info[n->op];
  switch (n->op) {
  case OP_NUM: print_num(out, n->q); break;
  case OP_X: fputs("x", out); break;
  case OP_THETA:
    if (p->theta_names) fputs(p->theta_names[n->k], out);
    else fprintf(out, "theta[%d]", n->k);
    break;
  case OP_PI: case OP_EULER: fputs(info->lang, out); break;
  case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: {
    int lp = prec, rp = prec + 1;   /* left-associative */
    print_node(p, n->a[0], lp);
    fprintf(out, " %s ", info->lang);
    print_node(p, n->a[1], rp);
    break;
  }
  case OP_NEG: fputc('-', out); print_node(p, n->a[0], PREC_NEG + 1); break;
  case OP_POWI: print_node(p, n->a[0], PREC_ATOM); fprintf(out, "^%d", n->k); break;
  case OP_LT: case OP_LE: case OP_EQ: case OP_NE:
    print_node(p, n->a[0], PREC_ADD);
    fprintf(out, " %s ", info->lang);
    print_node(p, n->a[1], PREC_ADD);
    break;
  case OP_AND: case OP_OR:
    print_node(p, n->a[0], prec);
    fprintf(out, " %s ", info->lang);
    print_node(p, n->a[1], prec + 1);
    break;
  case OP_NOT: fputs("not ", out); print_node(p, n->a[0], PREC_NOT); break;
  case OP_SELECT:
    fputs("if ", out);
    print_node(p, n->a[0], PREC_OR);
    fputs(" then ", out);
    print_node(p, n->a[1], PREC_ADD);
    fputs(" else ", out);
    print_node(p, n->a[2], PREC_LET);
    break;
  default: fputs(info->lang, out); print_args(p, n); break;
  }
  if (paren) fputc(')', out);
}

/* Count the uses of every node below n, each node's operands counted once. */
static void count_uses(const Node *n, int *uses, char *seen) {
  if (seen[n->id]) return;
  seen[n->id] = 1;
  for (int i = 0; i < n->nargs; i++) {
    uses[n->a[i]->id]++;
    count_uses(n->a[i], uses, seen);
  }
}

static int worth_naming(const Node *n) { return n->nargs > 0 && !(n->op == OP_NEG && n->a[0]->nargs == 0); }

/* Bind shared subexpressions with `let`, operands before their users. */
static void print_lets(Printer *p, const Node *n, char *done, int *next) {
  if (done[n->id]) return;
  done[n->id] = 1;
  for (int i = 0; i < n->nargs; i++) print_lets(p, n->a[i], done, next);
  if (p->uses[n->id] >= 2 && worth_naming(n) && op_info[n->op].cls != CLASS_COND) {
    fprintf(p->out, "let t%d = ", *next);
    print_node(p, n, PREC_LET);
    fputs(" in\n", p->out);
    p->let_name[n->id] = (*next)++;
  }
}

void dag_print(FILE *out, const Node *n, const char *const *theta_names) {
  size_t count = (size_t)dag_node_count();
  Printer p = {out, theta_names, calloc(count, sizeof(int)), calloc(count, sizeof(int))};
  char *seen = calloc(count, 1), *done = calloc(count, 1);
  if (!p.uses || !p.let_name || !seen || !done) die("out of memory");
  count_uses(n, p.uses, seen);
  int next = 1;
  print_lets(&p, n, done, &next);
  print_node(&p, n, PREC_LET);
  fputc('\n', out);
  free(p.uses);
  free(p.let_name);
  free(seen);
  free(done);
}
