/* emit.c — print a Module as self-contained C99 (SPEC §3).
 *
 * The C that is the same for every activation — the file frame, the public
 * functions with their array loops and dtheta reductions, the header, the
 * helper functions C lacks — lives in templates/ (embedded as strings into
 * build/templates.h) and is filled in by fill_template(): `@KEY@` marks an
 * insertion point, `@@ NAME` starts a section, `@#` is a template comment.
 *
 * What is particular to an activation is written here: three static bodies
 * computed straight-line from the DAGs, in double,
 *     actgen_f_NAME     f(x)
 *     actgen_dx_NAME    df/dx
 *     actgen_dall_NAME  df/dx, storing every df/dtheta_k  (only when K > 0;
 *                       with K == 0 it would be actgen_dx_NAME)
 * which the double and the float public functions share. schedule.c orders
 * each body's nodes and chooses its temporaries; print_expr() writes an
 * expression with the fewest parentheses that keep the DAG's exact order of
 * operations (floating-point + and * do not reassociate).
 *
 * Constants: a constant sub-DAG (no x, no theta) is printed as one literal,
 * its exact value correctly rounded to double (the shortest decimal that
 * reads back as that double), so that the compiler's rounding never enters.
 *
 * The float API widens x and theta to double (theta once per call), calls
 * the same bodies and rounds each result to float once; dtheta sums are
 * compensated (actgen_sum_add in templates/helpers.c.in), in double for
 * both precisions.
 *
 * Everything is built in memory first (the banner lists the operation
 * counts and the helpers needed, known only after scheduling), then written
 * at once. Iteration follows the schedule (which depends only on the shape
 * of the DAG) and the source order, never pointer values or hash order: the
 * output is byte-for-byte deterministic.
 */
#include <math.h>
#include <mpfr.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit.h"
#include "oracle.h"
#include "schedule.h"
#include "templates.h"
#include "version.h"

/* ---- a growable string ---- */

typedef struct Buf {
  char *s;
  size_t len, cap;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + n + 1 > cap) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) die("out of memory");
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}

static void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void buf_printf(Buf *b, const char *fmt, ...) ACTGEN_PRINTF(2, 3);
static void buf_printf(Buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) die("vsnprintf failed");
  if ((size_t)n < sizeof small) {
    buf_put(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) die("out of memory");
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_put(b, big, (size_t)n);
  free(big);
}

static const char *buf_str(const Buf *b) { return b->s ? b->s : ""; }

static void buf_free(Buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

/* ---- templates ---- */

typedef struct Subst {
  const char *key, *value;
} Subst;

/* The text of section `name` of a template: from the line after "@@ name"
 * to the next "@@ " line or the end. */
static const char *tpl_section(const char *tpl, const char *name, size_t *len) {
  size_t nlen = strlen(name);
  for (const char *p = tpl; *p;) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    if (strncmp(p, "@@ ", 3) == 0 && (size_t)((eol ? eol : next) - (p + 3)) == nlen &&
        strncmp(p + 3, name, nlen) == 0) {
      const char *end = next;
      while (*end && strncmp(end, "@@ ", 3) != 0) {
        const char *e = strchr(end, '\n');
        end = e ? e + 1 : end + strlen(end);
      }
      *len = (size_t)(end - next);
      return next;
    }
    p = next;
  }
  die("template section '%s' is missing", name);
}

static const char *subst_value(const Subst *subs, int nsubs, const char *key, size_t klen) {
  for (int i = 0; i < nsubs; i++)
    if (strlen(subs[i].key) == klen && strncmp(subs[i].key, key, klen) == 0) return subs[i].value;
  return NULL;
}

static int is_key_char(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }

/* Copy text[0..len) to out, replacing each @KEY@ by its value. A line that
 * holds only @KEY@ becomes the value's lines (none when it is empty); lines
 * starting with "@#" are template comments and are dropped. An unknown key
 * is actgen's own bug. */
static void fill_template(Buf *out, const char *text, size_t len, const Subst *subs, int nsubs) {
  const char *end = text + len;
  for (const char *p = text; p < end;) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *next = eol ? eol + 1 : end;
    const char *lend = eol ? eol : end;
    if (lend - p >= 2 && p[0] == '@' && p[1] == '#') {
      p = next;
      continue;
    }
    /* A line that is exactly @KEY@. */
    if (lend - p >= 3 && p[0] == '@' && lend[-1] == '@') {
      const char *k = p + 1;
      while (k < lend - 1 && is_key_char(*k)) k++;
      if (k == lend - 1) {
        const char *v = subst_value(subs, nsubs, p + 1, (size_t)(lend - 1 - (p + 1)));
        if (!v) die("template key '%.*s' has no value", (int)(lend - 1 - (p + 1)), p + 1);
        buf_puts(out, v);
        if (*v && v[strlen(v) - 1] != '\n') buf_puts(out, "\n");
        p = next;
        continue;
      }
    }
    for (const char *q = p; q < next;) {
      if (*q == '@') {
        const char *k = q + 1;
        while (k < lend && is_key_char(*k)) k++;
        if (k < lend && *k == '@' && k > q + 1) {
          const char *v = subst_value(subs, nsubs, q + 1, (size_t)(k - q - 1));
          if (!v) die("template key '%.*s' has no value", (int)(k - q - 1), q + 1);
          buf_puts(out, v);
          q = k + 1;
          continue;
        }
      }
      buf_put(out, q, 1);
      q++;
    }
    p = next;
  }
}

static void fill_section(Buf *out, const char *tpl, const char *section, const Subst *subs, int nsubs) {
  size_t len;
  const char *text = tpl_section(tpl, section, &len);
  fill_template(out, text, len, subs, nsubs);
}

/* ---- comments ---- */

/* Text inside a C comment: "*" "/" would end it and a trigraph such as
 * "??/" would be replaced (and warned about) in ISO C99 mode, so both are
 * broken up; control characters become '?'. */
static void put_comment_text(Buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '*' && i + 1 < n && s[i + 1] == '/') {
      buf_puts(b, "* ");
      continue;
    }
    if (c == '?' && i + 2 < n && s[i + 1] == '?' && strchr("=(/)'<!>-", s[i + 2])) {
      buf_puts(b, "?? ");
      i++;
      continue;
    }
    if ((unsigned char)c < 0x20 || c == 0x7f) c = '?';
    buf_put(b, &c, 1);
  }
}

static void put_comment_str(Buf *b, const char *s) { put_comment_text(b, s, strlen(s)); }

/* ---- literals ---- */

/* An exact rational correctly rounded to precision prec with MPFR's
 * exponent range [emin, emax] (significand in [1/2, 1)): 53, -1073, 1024 is
 * IEEE double and 24, -148, 128 is float, subnormals included through
 * mpfr_subnormalize. */
static double round_rational(const Node *n, mpfr_prec_t prec, mpfr_exp_t emin, mpfr_exp_t emax) {
  mpfr_t v;
  mpfr_init2(v, prec);
  mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  mpfr_set_emin(emin);
  mpfr_set_emax(emax);
  int t = mpfr_set_q(v, n->q, MPFR_RNDN);
  t = mpfr_check_range(v, t, MPFR_RNDN);
  mpfr_subnormalize(v, t, MPFR_RNDN);
  double d = mpfr_get_d(v, MPFR_RNDN);   /* exact: v has at most 53 bits */
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  mpfr_clear(v);
  return d;
}

/* A constant node correctly rounded to double, or to float directly from
 * the exact value (not through double, which could round twice). Exact
 * rationals are rounded here; everything else (pi, sqrt(2), ...) by the
 * oracle's Ziv loop. */
static double const_double(const Node *n) {
  return n->op == OP_NUM ? round_rational(n, 53, -1073, 1024) : oracle_const_double(n);
}

static float const_float(const Node *n) {
  return n->op == OP_NUM ? (float)round_rational(n, 24, -148, 128) : oracle_const_float(n);
}

/* The shortest decimal that reads back as v (with digits <= maxdig
 * significant digits; back() reads a string back), as a C floating literal:
 * plain notation for moderate magnitudes ("300.0", "0.1", "-2.5"), exponent
 * notation otherwise ("1e300", "4.9e-324"). */
enum { LIT_MAX = 64 };   /* room for any literal format_double/float make */

static void shortest(char *out, double v, int maxdig, int (*same)(const char *, double)) {
  char e[32];
  int p = 1;
  for (; p < maxdig; p++) {
    snprintf(e, sizeof e, "%.*e", p - 1, v);
    if (same(e, v)) break;
  }
  snprintf(e, sizeof e, "%.*e", p - 1, v);
  int exp10 = atoi(strchr(e, 'e') + 1);
  if (exp10 >= -5 && exp10 < 16 && exp10 - (p - 1) <= 6) {   /* at most 6 zeros before the point */
    /* The same p digits in plain notation; trailing zeros trimmed. */
    snprintf(out, LIT_MAX, "%.*f", p - 1 - exp10 > 0 ? p - 1 - exp10 : 0, v);
    if (!strchr(out, '.')) strcat(out, ".0");
    if (same(out, v)) return;
  }
  /* d.ddde+XX -> d.ddde+XX without the '+' and leading exponent zeros */
  char *x = strchr(e, 'e');
  *x = 0;
  snprintf(out, LIT_MAX, "%se%d", e, exp10);
}

static int same_double(const char *s, double v) { return strtod(s, NULL) == v; }
static int same_float(const char *s, double v) { return strtof(s, NULL) == (float)v; }

/* d as a double literal ("0.1", "1e300", "-2.5", "HUGE_VAL", "NAN"). */
static void format_double(char *out, double d) {
  if (isnan(d)) strcpy(out, "NAN");
  else if (isinf(d)) strcpy(out, d < 0 ? "-HUGE_VAL" : "HUGE_VAL");
  else shortest(out, d, 17, same_double);
}

/* f as a float literal ("0.1f", "HUGE_VALF"). */
static void format_float(char *out, float f) {
  if (isnan(f)) strcpy(out, "NAN");
  else if (isinf(f)) strcpy(out, f < 0 ? "-HUGE_VALF" : "HUGE_VALF");
  else {
    shortest(out, (double)f, 9, same_float);
    strcat(out, "f");
  }
}

/* ---- expressions ---- */

/* C precedence, loosest first. print_expr(n, need) parenthesizes n when
 * its own precedence is below `need`. */
enum { P_TOP, P_COND, P_OR, P_AND, P_EQ, P_REL, P_ADD, P_MUL, P_UNARY, P_ATOM };

typedef struct Body {
  Buf *out;
  Schedule s;
  int *tnum;         /* by schedule position: temporary number, 0 if inline */
  int used_x, used_theta;
  struct Power *powers;   /* see find_power */
  int npowers, cappowers;
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

/* A leaf or constant sub-DAG. */
static void print_literal(Body *b, const Node *n, int need) {
  if (n->op == OP_X) {
    buf_puts(b->out, "x");
    b->used_x = 1;
    return;
  }
  if (n->op == OP_THETA) {
    buf_printf(b->out, "theta[%d]", n->k);
    b->used_theta = 1;
    return;
  }
  char lit[LIT_MAX];
  format_double(lit, const_double(n));
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
    buf_printf(out, "%s(", info->c);
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
      /* a && b || c is legal C, but gcc -Wall asks for parentheses. */
      int p = op_prec(n);
      print_expr(b, n->a[0], n->a[0]->op == n->op ? p : P_EQ);
      buf_printf(out, " %s ", info->c);
      print_expr(b, n->a[1], P_EQ);
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
    print_expr(b, n->a[0], P_OR);
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

enum { BODY_F, BODY_DX, BODY_DALL };

typedef struct ActInfo {
  const Activation *act;
  char *name;        /* prefix + activation name */
  int ops[3];        /* operations of each body (-1: not emitted) */
} ActInfo;

/* The ops whose C spelling is a helper (actgen_*) that the file calls. */
static unsigned char helper_used[OP_COUNT];

/* Write one static body: its statements, then `return` (and, for
 * BODY_DALL, the dtheta stores, after every read of theta). Returns the
 * number of operations. */
static int print_body(Buf *out, ActInfo *ai, int kind) {
  const Activation *a = ai->act;
  int K = a->ntheta;
  Node **roots = xalloc(sizeof(Node *) * (size_t)(K + 1));
  int nroots = 1;
  roots[0] = kind == BODY_F ? a->f : a->dfdx;
  if (kind == BODY_DALL) {
    for (int k = 0; k < K; k++) roots[1 + k] = a->dtheta[k];
    nroots = 1 + K;
  }
  for (int r = 0; r < nroots; r++)
    if (!roots[r]) die("activation '%s' has no %s", a->name, r == 0 && kind == BODY_F ? "f" : "derivative");

  Body b = {0};
  Buf stmts = {0};
  b.out = &stmts;
  schedule_build(&b.s, roots, nroots, kind == BODY_DALL);   /* theta before stores */
  b.tnum = calloc((size_t)b.s.n + 1, sizeof *b.tnum);
  if (!b.tnum) die("out of memory");
  int t = 0;
  for (int i = 0; i < b.s.n; i++) {
    const Node *n = b.s.node[i];
    const char *c = op_info[n->op].c;
    if (strncmp(c, "actgen_", 7) == 0) helper_used[n->op] = 1;
    if (!b.s.temp[i]) continue;
    b.tnum[i] = ++t;
    if (n->op == OP_POWI && n->k >= 4) {
      print_powi(&b, n, t);
      continue;
    }
    buf_printf(&stmts, "  const %s t%d = ", op_info[n->op].cls == CLASS_COND ? "int" : "double", t);
    print_op(&b, n, P_TOP);
    buf_puts(&stmts, ";\n");
    if (n->op == OP_POWI) {
      char name[32];
      snprintf(name, sizeof name, "t%d", t);
      add_power(&b, n->a[0], n->k, name);
    }
  }
  /* Stores come last, after every read of theta (schedule.c sees to the
   * roots that are operations; a root that is theta[j] itself is read into
   * a temporary here), so that the results are right even if dtheta is
   * theta. */
  int *leaf_t = calloc((size_t)nroots + 1, sizeof *leaf_t);
  if (!leaf_t) die("out of memory");
  if (kind == BODY_DALL) {
    for (int r = 0; r < nroots; r++) {
      if (roots[r]->op != OP_THETA) continue;
      int same = -1;
      for (int q = 0; q < r && same < 0; q++) if (roots[q] == roots[r]) same = q;
      leaf_t[r] = same >= 0 ? leaf_t[same] : ++t;
      if (same < 0) buf_printf(&stmts, "  const double t%d = theta[%d];\n", t, roots[r]->k);
      b.used_theta = 1;
    }
  }
  for (int r = 1; r < nroots; r++) {
    buf_printf(&stmts, "  dtheta[%d] = ", r - 1);
    if (leaf_t[r]) buf_printf(&stmts, "t%d", leaf_t[r]);
    else print_expr(&b, roots[r], P_TOP);
    buf_puts(&stmts, ";\n");
  }
  buf_puts(&stmts, "  return ");
  if (leaf_t[0]) buf_printf(&stmts, "t%d", leaf_t[0]);
  else print_expr(&b, roots[0], P_TOP);
  buf_puts(&stmts, ";\n");
  free(leaf_t);

  static const char *const what[] = {"f(x)", "df/dx", "df/dx, and df/dtheta into dtheta"};
  static const char *const fn[] = {"actgen_f_", "actgen_dx_", "actgen_dall_"};
  buf_printf(out, "\n/* %s: %s", ai->name, what[kind]);
  if (kind == BODY_DALL) buf_printf(out, K == 1 ? "[0]" : "[0..%d]", K - 1);
  buf_printf(out, "; %d operation%s. */\n", b.s.n, b.s.n == 1 ? "" : "s");
  buf_printf(out, "static inline double %s%s(double x%s%s)\n{\n", fn[kind], ai->name,
             K > 0 ? ", const double *theta" : "", kind == BODY_DALL ? ", double *dtheta" : "");
  if (!b.used_x) buf_puts(out, "  (void)x;\n");
  if (K > 0 && !b.used_theta) buf_puts(out, "  (void)theta;\n");
  buf_puts(out, buf_str(&stmts));
  buf_puts(out, "}\n");

  int ops = b.s.n;
  buf_free(&stmts);
  free(b.tnum);
  free(b.powers);
  schedule_free(&b.s);
  return ops;
}

/* ---- per-activation text ---- */

static char *prefixed(const EmitOptions *o, const char *name) { return xprintf("%s%s", o->prefix, name); }

/* The block comment above an activation: its name, its ## documentation,
 * and the layout of theta. */
static void print_doc(Buf *out, const ActInfo *ai) {
  const Activation *a = ai->act;
  buf_puts(out, "\n/* ---- ");
  put_comment_str(out, ai->name);
  if (!a->doc && !a->nlearn) {
    buf_puts(out, " ---- */\n");
    return;
  }
  buf_puts(out, " ----\n");
  if (a->doc) {
    for (const char *p = a->doc; *p;) {
      const char *eol = strchr(p, '\n');
      size_t n = eol ? (size_t)(eol - p) : strlen(p);
      size_t m = n;
      while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r')) m--;
      buf_puts(out, m ? " * " : " *");
      put_comment_text(out, p, m);
      buf_puts(out, "\n");
      p += n + (eol != NULL);
    }
  }
  if (a->nlearn) {
    buf_puts(out, " * theta:");
    for (int l = 0; l < a->nlearn; l++) {
      const Learn *le = &a->learn[l];
      buf_puts(out, l ? ", " : " ");
      put_comment_str(out, le->name);
      if (le->is_vector) buf_printf(out, "[%d] = theta[%d..%d]", le->size, le->offset, le->offset + le->size - 1);
      else buf_printf(out, " = theta[%d]", le->offset);
    }
    buf_puts(out, "\n");
  }
  buf_puts(out, " */\n");
}

/* The #defines and the declarations of the public API (decls.h.in). */
static void print_decls(Buf *out, const ActInfo *ai, const EmitOptions *o) {
  const Activation *a = ai->act;
  Buf theta = {0};
  for (int l = 0; l < a->nlearn; l++) {
    const Learn *le = &a->learn[l];
    buf_printf(&theta, "#define %s_THETA_%s %d\n", ai->name, le->name, le->offset);
    if (le->is_vector) buf_printf(&theta, "#define %s_THETA_%s_SIZE %d\n", ai->name, le->name, le->size);
  }
  char k[16];
  snprintf(k, sizeof k, "%d", a->ntheta);
  Subst subs[] = {{"NAME", ai->name}, {"K", k}, {"THETA", buf_str(&theta)}};
  int n = (int)(sizeof subs / sizeof *subs);
  fill_section(out, tpl_decls_h_in, "defines", subs, n);
  if (o->want_double) fill_section(out, tpl_decls_h_in, "double", subs, n);
  if (o->want_float) fill_section(out, tpl_decls_h_in, "float", subs, n);
  buf_free(&theta);
}

/* The K initial values, the insides of a brace-enclosed list: on one line
 * when short, else on lines of their own, as many per line as fit in 78
 * columns. */
static char *init_list(const Activation *a, int is_float) {
  int K = a->ntheta;
  const Node **init = xalloc(sizeof(Node *) * (size_t)(K + 1));
  for (int l = 0; l < a->nlearn; l++)
    for (int j = 0; j < a->learn[l].size; j++) init[a->learn[l].offset + j] = a->learn[l].init[j];
  char **lit = xalloc(sizeof(char *) * (size_t)(K + 1));
  size_t total = 0;
  for (int k = 0; k < K; k++) {
    if (!init[k]) die("activation '%s': theta[%d] has no initial value", a->name, k);
    char s[LIT_MAX];
    if (is_float) format_float(s, const_float(init[k]));
    else format_double(s, const_double(init[k]));
    lit[k] = xstrdup(s);
    total += strlen(s) + 2;
  }
  Buf b = {0};
  if (total <= 40) {
    for (int k = 0; k < K; k++) buf_printf(&b, "%s%s", k ? ", " : "", lit[k]);
  } else {
    size_t col = 78;   /* forces a new line before the first item */
    for (int k = 0; k < K; k++) {
      if (col + strlen(lit[k]) + 2 > 78) {
        buf_puts(&b, "\n ");
        col = 1;
      }
      buf_printf(&b, " %s%s", lit[k], k + 1 < K ? "," : "\n");
      col += strlen(lit[k]) + 2;
    }
  }
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

static void print_activation(Buf *out, ActInfo *ai, const EmitOptions *o) {
  const Activation *a = ai->act;
  int K = a->ntheta;
  print_doc(out, ai);
  print_decls(out, ai, o);
  ai->ops[BODY_F] = print_body(out, ai, BODY_F);
  ai->ops[BODY_DX] = print_body(out, ai, BODY_DX);
  ai->ops[BODY_DALL] = K > 0 ? print_body(out, ai, BODY_DALL) : -1;

  char k[16];
  snprintf(k, sizeof k, "%d", K);
  const char *f = xprintf("actgen_f_%s", ai->name), *dx = xprintf("actgen_dx_%s", ai->name),
             *dall = xprintf("actgen_dall_%s", ai->name);
  const char *section = K > 0 ? "theta" : "notheta";
  if (o->want_double) {
    Subst subs[] = {{"NAME", ai->name}, {"K", k}, {"INIT", init_list(a, 0)}, {"F", f}, {"DX", dx}, {"DALL", dall}};
    buf_puts(out, "\n");
    fill_section(out, tpl_api_double_c_in, section, subs, (int)(sizeof subs / sizeof *subs));
  }
  if (o->want_float) {
    Subst subs[] = {{"NAME", ai->name}, {"K", k}, {"INIT", init_list(a, 1)}, {"F", f}, {"DX", dx}, {"DALL", dall}};
    buf_puts(out, "\n");
    fill_section(out, tpl_api_float_c_in, section, subs, (int)(sizeof subs / sizeof *subs));
  }
}

/* The helpers.c.in sections the file needs, in the template's order. */
static void print_helpers(Buf *out, int need_sum) {
  for (int op = 0; op < OP_COUNT; op++) {
    if (!helper_used[op]) continue;
    char marker[64];
    snprintf(marker, sizeof marker, "@@ %s\n", op_info[op].c);
    if (!strstr(tpl_helpers_c_in, marker)) die("templates/helpers.c.in has no helper %s", op_info[op].c);
  }
  for (const char *p = tpl_helpers_c_in; *p;) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    if (strncmp(p, "@@ ", 3) == 0 && eol) {
      char name[64];
      size_t n = (size_t)(eol - p - 3);
      if (n >= sizeof name) die("helper section name too long");
      memcpy(name, p + 3, n);
      name[n] = 0;
      int want = strcmp(name, "actgen_sum") == 0 && need_sum;
      for (int op = 0; op < OP_COUNT && !want; op++) want = helper_used[op] && strcmp(op_info[op].c, name) == 0;
      if (want) {
        buf_puts(out, "\n");
        fill_section(out, tpl_helpers_c_in, name, NULL, 0);
      }
    }
    p = next;
  }
}

/* The operation counts as comment lines for the banner. */
static char *opcount_lines(const ActInfo *ai, int nacts) {
  Buf b = {0};
  size_t w = 10;
  for (int i = 0; i < nacts; i++)
    if (strlen(ai[i].name) > w) w = strlen(ai[i].name);
  buf_puts(&b, " * Operations per element (DAG nodes after sharing):\n");
  buf_printf(&b, " *   %-*s  %6s  %6s  %15s\n", (int)w, "", "f", "df/dx", "df/dx+df/dtheta");
  for (int i = 0; i < nacts; i++) {
    buf_puts(&b, " *   ");
    Buf name = {0};
    put_comment_str(&name, ai[i].name);
    buf_printf(&b, "%-*s  %6d  %6d  ", (int)w, buf_str(&name), ai[i].ops[BODY_F], ai[i].ops[BODY_DX]);
    if (ai[i].ops[BODY_DALL] >= 0) buf_printf(&b, "%15d\n", ai[i].ops[BODY_DALL]);
    else buf_printf(&b, "%15s\n", "-");
    buf_free(&name);
  }
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

static const char *source_comment(const EmitOptions *o) {
  Buf b = {0};
  put_comment_str(&b, o->source_name ? o->source_name : "<stdin>");
  char *s = xstrdup(buf_str(&b));
  buf_free(&b);
  return s;
}

void emit_c(FILE *out, const Module *m, const EmitOptions *o) {
  memset(helper_used, 0, sizeof helper_used);
  ActInfo *ai = xalloc(sizeof(ActInfo) * (size_t)(m->nacts + 1));
  Buf acts = {0};
  int need_sum = 0;
  for (int i = 0; i < m->nacts; i++) {
    ai[i].act = m->acts[i];
    ai[i].name = prefixed(o, m->acts[i]->name);
    need_sum |= m->acts[i]->ntheta > 0;
    print_activation(&acts, &ai[i], o);
  }
  Buf helpers = {0};
  print_helpers(&helpers, need_sum);
  Subst subs[] = {{"VERSION", ACTGEN_VERSION},
                  {"SOURCE", source_comment(o)},
                  {"OPCOUNTS", opcount_lines(ai, m->nacts)},
                  {"HELPERS", buf_str(&helpers)},
                  {"ACTIVATIONS", buf_str(&acts)}};
  Buf file = {0};
  fill_template(&file, tpl_file_c_in, strlen(tpl_file_c_in), subs, (int)(sizeof subs / sizeof *subs));
  fwrite(file.s, 1, file.len, out);
  buf_free(&file);
  buf_free(&helpers);
  buf_free(&acts);
}

/* ---- the header ---- */

/* ACTGEN_<PREFIX><BASENAME>_H, from the .act file's name without its
 * directory and extension. */
static char *guard_name(const EmitOptions *o) {
  const char *src = o->source_name ? o->source_name : "stdin";
  const char *base = strrchr(src, '/');
  base = base ? base + 1 : src;
  size_t n = strlen(base);
  if (n > 4 && strcmp(base + n - 4, ".act") == 0) n -= 4;
  char *g = xprintf("ACTGEN_%s%.*s_H", o->prefix, (int)n, base);
  for (char *p = g; *p; p++) {
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) *p = '_';
  }
  return g;
}

void emit_h(FILE *out, const Module *m, const EmitOptions *o) {
  Buf decls = {0};
  for (int i = 0; i < m->nacts; i++) {
    ActInfo ai = {m->acts[i], prefixed(o, m->acts[i]->name), {0, 0, 0}};
    print_doc(&decls, &ai);
    print_decls(&decls, &ai, o);
  }
  Subst subs[] = {{"VERSION", ACTGEN_VERSION}, {"SOURCE", source_comment(o)}, {"GUARD", guard_name(o)},
                  {"DECLS", buf_str(&decls)}};
  Buf file = {0};
  fill_template(&file, tpl_header_h_in, strlen(tpl_header_h_in), subs, (int)(sizeof subs / sizeof *subs));
  fwrite(file.s, 1, file.len, out);
  buf_free(&file);
  buf_free(&decls);
}

/* ---- names ---- */

/* Identifiers a generated name must not take: C keywords (C99, C11 and
 * the new ones of C23), what <math.h> declares (C99, with the float and
 * long double variants, and the common POSIX and glibc extras a user's
 * -std=gnu99 build would see) and what <stddef.h> declares. */
static const char *const c_keywords[] = {
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
  "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
  "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
  "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary",
  "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local",
  "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert",
  "thread_local", "true", "typeof", "typeof_unqual", "_BitInt", "_Decimal32", "_Decimal64",
  "_Decimal128", NULL};

/* Functions, each also with the suffixes f and l. */
static const char *const math_functions[] = {
  "acos", "asin", "atan", "atan2", "cos", "sin", "tan", "acosh", "asinh", "atanh", "cosh",
  "sinh", "tanh", "exp", "exp2", "expm1", "frexp", "ilogb", "ldexp", "log", "log10", "log1p",
  "log2", "logb", "modf", "scalbn", "scalbln", "cbrt", "fabs", "hypot", "pow", "sqrt", "erf",
  "erfc", "lgamma", "tgamma", "ceil", "floor", "nearbyint", "rint", "lrint", "llrint", "round",
  "lround", "llround", "trunc", "fmod", "remainder", "remquo", "copysign", "nan", "nextafter",
  "nexttoward", "fdim", "fmax", "fmin", "fma",
  /* POSIX and glibc */
  "j0", "j1", "jn", "y0", "y1", "yn", "gamma", "drem", "finite", "significand", "exp10",
  "pow10", "sincos", "scalb", "lgamma_r", NULL};

static const char *const math_macros[] = {
  "HUGE_VAL", "HUGE_VALF", "HUGE_VALL", "INFINITY", "NAN", "FP_INFINITY", "FP_NAN",
  "FP_NORMAL", "FP_SUBNORMAL", "FP_ZERO", "FP_FAST_FMA", "FP_FAST_FMAF", "FP_FAST_FMAL",
  "FP_ILOGB0", "FP_ILOGBNAN", "MATH_ERRNO", "MATH_ERREXCEPT", "math_errhandling",
  "fpclassify", "isfinite", "isinf", "isnan", "isnormal", "signbit", "isgreater",
  "isgreaterequal", "isless", "islessequal", "islessgreater", "isunordered", "float_t",
  "double_t", "signgam", "M_E", "M_LOG2E", "M_LOG10E", "M_LN2", "M_LN10", "M_PI", "M_PI_2",
  "M_PI_4", "M_1_PI", "M_2_PI", "M_2_SQRTPI", "M_SQRT2", "M_SQRT1_2", NULL};

static const char *const stddef_names[] = {"size_t", "ptrdiff_t", "wchar_t", "NULL", "offsetof",
                                           "max_align_t", NULL};

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

static int is_math_function(const char *s) {
  if (in_list(math_functions, s)) return 1;
  size_t n = strlen(s);
  if (n < 2 || (s[n - 1] != 'f' && s[n - 1] != 'l')) return 0;
  char stem[64];
  if (n - 1 >= sizeof stem) return 0;
  memcpy(stem, s, n - 1);
  stem[n - 1] = 0;
  return in_list(math_functions, stem);
}

/* Why a generated name cannot be used ("clashes with the C keyword
 * 'int'"), or NULL when it can. */
static const char *clash(const char *s) {
  if (in_list(c_keywords, s)) return xprintf("clashes with the C keyword '%s'", s);
  if (is_math_function(s)) return xprintf("clashes with the <math.h> function '%s'", s);
  if (in_list(math_macros, s)) return xprintf("clashes with the <math.h> name '%s'", s);
  if (in_list(stddef_names, s)) return xprintf("clashes with the <stddef.h> name '%s'", s);
  if (strncmp(s, "actgen_", 7) == 0) return "begins with 'actgen_', which actgen reserves for its internal functions";
  if (s[0] == '_' && (s[1] == '_' || (s[1] >= 'A' && s[1] <= 'Z')))
    return "is reserved by the C standard (it begins with '__' or '_' and a capital letter)";
  return NULL;
}

/* One identifier the generated code defines. */
typedef struct GenName {
  const char *name;
  int act;             /* index into m->acts */
  const char *learn;   /* the learn item it comes from, or NULL */
  int seq;             /* order of generation, for a total, deterministic sort */
} GenName;

static int cmp_genname(const void *pa, const void *pb) {
  const GenName *a = pa, *b = pb;
  int c = strcmp(a->name, b->name);
  return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Every identifier generated for activation a, in a fixed order: the
 * functions and arrays first, then the macros. */
static int generated_names(const Activation *a, const EmitOptions *o, int act, GenName *out, int seq) {
  static const char *const dbl[] = {"", "_grad", "_forward", "_backward", "_theta_init"};
  static const char *const flt[] = {"f", "_gradf", "_forwardf", "_backwardf", "_theta_initf"};
  int n = 0;
  for (int i = 0; i < 5; i++) {
    if (o->want_double) out[n++] = (GenName){xprintf("%s%s%s", o->prefix, a->name, dbl[i]), act, NULL, seq++};
    if (o->want_float) out[n++] = (GenName){xprintf("%s%s%s", o->prefix, a->name, flt[i]), act, NULL, seq++};
  }
  out[n++] = (GenName){xprintf("%s%s_NTHETA", o->prefix, a->name), act, NULL, seq++};
  for (int l = 0; l < a->nlearn; l++) {
    const char *ln = a->learn[l].name;
    out[n++] = (GenName){xprintf("%s%s_THETA_%s", o->prefix, a->name, ln), act, ln, seq++};
    if (a->learn[l].is_vector)
      out[n++] = (GenName){xprintf("%s%s_THETA_%s_SIZE", o->prefix, a->name, ln), act, ln, seq++};
  }
  return n;
}

int emit_check_names(const Module *m, const EmitOptions *o) {
  int errors = 0, total = 0;
  for (int i = 0; i < m->nacts; i++) total += 11 + 2 * m->acts[i]->nlearn;
  GenName *all = xalloc(sizeof(GenName) * (size_t)(total + 1));
  int n = 0;
  const char *fix = o->prefix[0] ? "another --prefix" : "--prefix";
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    int first = n;
    n += generated_names(a, o, i, all + n, n);
    /* One report per activation: tanh and tanhf are one mistake. */
    for (int j = first; j < n; j++) {
      const char *what = clash(all[j].name);
      if (!what) continue;
      if (strcmp(all[j].name, a->name) == 0)
        error_at(a->loc, "activation name '%s' %s; use %s", a->name, what, fix);
      else
        error_at(a->loc, "activation name '%s' gives the generated name '%s', which %s; use %s", a->name,
                 all[j].name, what, fix);
      errors++;
      break;
    }
  }
  /* Two definitions of one name: activations foo and foo_grad, or learn
   * items v[2] and v_SIZE. Reported at the later one, in source order. */
  GenName *sorted = xalloc(sizeof(GenName) * (size_t)(n + 1));
  memcpy(sorted, all, sizeof(GenName) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof *sorted, cmp_genname);
  unsigned char *dup = xalloc((size_t)n + 1);   /* by seq: the later of a duplicate pair */
  int *partner = xalloc(sizeof(int) * (size_t)(n + 1));
  for (int j = 1; j < n; j++)
    if (strcmp(sorted[j].name, sorted[j - 1].name) == 0 && !dup[sorted[j].seq]) {
      dup[sorted[j].seq] = 1;
      partner[sorted[j].seq] = sorted[j - 1].seq;
    }
  /* reported[e] == 1 + l: activation l has been reported against e (one
   * error for foo_grad against foo, not one per generated name). */
  int *reported = xalloc(sizeof(int) * (size_t)(m->nacts + 1));
  for (int j = 0; j < n; j++) {
    if (!dup[j]) continue;
    const GenName *later = &all[j], *earlier = &all[partner[j]];
    const Activation *a = m->acts[later->act], *b = m->acts[earlier->act];
    if (reported[earlier->act] == 1 + later->act && later->act != earlier->act) continue;
    reported[earlier->act] = 1 + later->act;
    if (later->act == earlier->act)
      error_at(a->loc, "activation '%s': learn items '%s' and '%s' both give the generated name '%s'; rename one",
               a->name, earlier->learn ? earlier->learn : "?", later->learn ? later->learn : "?", later->name);
    else if (strcmp(a->name, b->name) == 0)
      continue;   /* two activations of one name: the resolver reports that */
    else
      error_at(a->loc, "activation name '%s' gives the generated name '%s', which activation '%s' also defines; rename one",
               a->name, later->name, b->name);
    errors++;
  }
  return errors;
}
