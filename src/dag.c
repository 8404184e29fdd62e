/* dag.c — the hash-consed DAG constructor (its printer is dag_print.c).
 *
 * dag_make() is the only place a Node is created. In order it
 *   1. folds operators whose operands are exact rationals (OP_NUM), so that
 *      constant arithmetic is exact and never rounded (and the functions
 *      where their value is rational: sqrt of a square, exp(0), log(1),
 *      sin(0), ...);
 *   2. applies the few identities that hold bit for bit in IEEE arithmetic
 *      (see the comment above simplify_trivial for the traps it avoids);
 *   3. puts the operands of commutative operators in a fixed order
 *      (numbers first, then by node id);
 *   4. looks the node up in the hash table and returns the existing one if
 *      there is one.
 * Rewrites that change rounding (stable forms, Horner) live in simplify.c,
 * so that the oracle can evaluate the DAG exactly as the user wrote it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "dag.h"
#include "diag.h"
#include "idmemo.h"

static Node **table;
static size_t table_cap, nnodes;
static long const_bits;   /* bits of every OP_NUM made, see LIMIT_CONST_BITS */
typedef struct Fold {     /* see fold_numbers */
  Op op;
  int a, b, k;
  Node *result;   /* NULL: an empty slot */
} Fold;
static Fold *folds;
static size_t folds_cap, nfolds;
static int overflowed;

int dag_node_count(void) { return (int)nnodes; }

/* The last decimal literals made and their nodes: a sum expanded 100000
 * times rebuilds its literals each time, and 1e100000 took 0.3 ms
 * (10^100000) per term, half a minute in all (found by the fuzzer). */
enum { LITERALS = 8 };
static char *literal_text[LITERALS];
static Node *literal_node[LITERALS];
static int literal_next;

void dag_reset(void) {
  for (size_t i = 0; i < table_cap; i++)
    for (Node *n = table[i]; n; n = n->next)
      if (n->op == OP_NUM) mpq_clear(n->q);
  free(table);
  table = NULL;
  table_cap = nnodes = 0;
  free(folds);
  folds = NULL;
  folds_cap = nfolds = 0;
  const_bits = 0;
  overflowed = 0;
  for (int i = 0; i < LITERALS; i++) {
    free(literal_text[i]);
    literal_text[i] = NULL;
  }
}
int dag_overflowed(void) { return overflowed; }
void dag_clear_overflow(void) { overflowed = 0; }

/* FNV-1a over every 32 bits of z (the same sequence whatever the limb
 * size). Every limb, not the lowest: the numbers 10^200 i share their
 * lowest 200 bits (0), so a hash of those put all of
 * sum(i = 1..100000, 1e200 * i * x)'s partial sums in one chain, and
 * interning them took minutes (found by the fuzzer). The cost is that of
 * the comparison that a lookup makes anyway. */
static unsigned hash_mpz(unsigned h, const mpz_t z) {
  for (size_t i = 0; i < mpz_size(z); i++) {
    mp_limb_t l = mpz_getlimbn(z, (mp_size_t)i);
    for (int s = 0; s < GMP_LIMB_BITS; s += 32) h = (h ^ (unsigned)((l >> s) & 0xffffffffu)) * 16777619u;
  }
  return h;
}

static unsigned hash_node(Op op, Node *const *a, int nargs, int k, const mpq_t q) {
  unsigned h = 2166136261u ^ (unsigned)op;
  for (int i = 0; i < nargs; i++) h = (h ^ (unsigned)a[i]->id) * 16777619u;
  h = (h ^ (unsigned)k) * 16777619u;
  if (op == OP_NUM) {
    h = hash_mpz(h, mpq_numref(q));
    h = hash_mpz(h, mpq_denref(q));
    h = (h ^ (unsigned)mpq_sgn(q)) * 16777619u;
  }
  return h;
}

static void grow_table(void) {
  size_t cap = table_cap ? table_cap * 2 : 4096;
  Node **t = calloc(cap, sizeof *t);
  if (!t) die("out of memory");
  for (size_t i = 0; i < table_cap; i++)
    for (Node *n = table[i], *next; n; n = next) {
      next = n->next;
      n->next = t[n->hash & (cap - 1)];
      t[n->hash & (cap - 1)] = n;
    }
  free(table);
  table = t;
  table_cap = cap;
}

/* Find or create the node; operands are final here. */
static Node *intern(Op op, Node *const *a, int nargs, int k, const mpq_t q) {
  unsigned h = hash_node(op, a, nargs, k, q);
  if (table_cap)
    for (Node *n = table[h & (table_cap - 1)]; n; n = n->next) {
      if (n->hash != h || n->op != op || n->k != k || n->nargs != nargs) continue;
      int same = 1;
      for (int i = 0; i < nargs; i++) same &= n->a[i] == a[i];
      if (same && op == OP_NUM) same = mpq_equal(n->q, q);
      if (same) return n;
    }
  if (nnodes + 1 > table_cap / 2) grow_table();
  Node *n = xalloc(sizeof *n);
  n->op = op;
  n->nargs = nargs;
  n->k = k;
  n->id = (int)nnodes++;
  n->hash = h;
  n->depth = 1;
  n->has_x = op == OP_X;
  n->has_theta = op == OP_THETA;
  for (int i = 0; i < nargs; i++) {
    n->a[i] = a[i];
    if (a[i]->depth + 1 > n->depth) n->depth = a[i]->depth + 1;
    n->has_x |= a[i]->has_x;
    n->has_theta |= a[i]->has_theta;
  }
  if (op == OP_NUM) {
    mpq_init(n->q);
    mpq_set(n->q, q);
    const_bits += (long)(mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2));
    if (const_bits > LIMIT_CONST_BITS) overflowed = 1;
  }
  n->next = table[h & (table_cap - 1)];
  table[h & (table_cap - 1)] = n;
  if (n->depth > LIMIT_DAG_DEPTH || nnodes > LIMIT_DAG_NODES) overflowed = 1;
  return n;
}

Node *dag_num_q(const mpq_t q) { return intern(OP_NUM, NULL, 0, 0, q); }

Node *dag_num_si(long num, unsigned long den) {
  mpq_t q;
  mpq_init(q);
  mpq_set_si(q, num, den);
  mpq_canonicalize(q);
  Node *n = dag_num_q(q);
  mpq_clear(q);
  return n;
}

/* The power of ten of a decimal literal once its digits are read as an
 * integer (1.25e3 is 125 * 10^1), and the number of digits; 0 when the
 * written exponent does not even fit a long. */
static int decimal_scale(const char *text, long *exp10, long *ndigits) {
  const char *p = text;
  long frac = 0, digits = 0;
  int seen_point = 0;
  for (; *p && *p != 'e' && *p != 'E'; p++) {
    if (*p == '.') { seen_point = 1; continue; }
    digits++;
    if (seen_point) frac++;
  }
  long e = 0;
  if (*p) {
    char *end;
    errno = 0;
    e = strtol(p + 1, &end, 10);
    if (errno == ERANGE || e > LIMIT_LITERAL_EXP10 || e < -LIMIT_LITERAL_EXP10) return 0;
  }
  *exp10 = e - frac;
  *ndigits = digits;
  return 1;
}

int dag_decimal_in_range(const char *text) {
  long exp10, digits;
  return decimal_scale(text, &exp10, &digits) && digits <= LIMIT_LITERAL_DIGITS && exp10 <= LIMIT_LITERAL_EXP10 &&
         exp10 >= -LIMIT_LITERAL_EXP10;
}

/* A decimal literal ("12", "0.25", ".5", "1e6", "4.35e-9") as an exact
 * rational: the digits as an integer times a power of ten. */
Node *dag_num_decimal(const char *text) {
  if (!dag_decimal_in_range(text)) die("literal '%.40s' out of range reached dag_num_decimal", text);
  for (int i = 0; i < LITERALS; i++)
    if (literal_text[i] && strcmp(text, literal_text[i]) == 0) return literal_node[i];
  mpz_t digits, pow10;
  mpz_inits(digits, pow10, NULL);
  long exp10 = 0;
  const char *p = text;
  int seen_point = 0;
  for (; *p && *p != 'e' && *p != 'E'; p++) {
    if (*p == '.') { seen_point = 1; continue; }
    mpz_mul_ui(digits, digits, 10);
    mpz_add_ui(digits, digits, (unsigned long)(*p - '0'));
    if (seen_point) exp10--;
  }
  if (*p) exp10 += strtol(p + 1, NULL, 10);   /* in range: checked above */
  mpq_t q;
  mpq_init(q);
  mpz_ui_pow_ui(pow10, 10, (unsigned long)labs(exp10));
  if (exp10 >= 0) {
    mpz_mul(digits, digits, pow10);
    mpq_set_z(q, digits);
  } else {
    mpq_set_num(q, digits);
    mpq_set_den(q, pow10);
    mpq_canonicalize(q);
  }
  Node *n = dag_num_q(q);
  mpq_clear(q);
  mpz_clears(digits, pow10, NULL);
  if (overflowed) return n;   /* n may be a stand-in: not kept */
  size_t len = strlen(text) + 1;
  int at = literal_next;
  literal_next = (literal_next + 1) % LITERALS;
  free(literal_text[at]);
  literal_text[at] = malloc(len);
  if (literal_text[at]) memcpy(literal_text[at], text, len);
  literal_node[at] = n;
  return n;
}

Node *dag_x(void) { return intern(OP_X, NULL, 0, 0, NULL); }
Node *dag_theta(int k) { return intern(OP_THETA, NULL, 0, k, NULL); }
Node *dag_leaf(Op op) { return intern(op, NULL, 0, 0, NULL); }

int dag_is_num(const Node *n) { return n->op == OP_NUM; }
int dag_is_const(const Node *n) { return !n->has_x && !n->has_theta; }

int dag_num_cmp_si(const Node *n, long v) { return mpq_cmp_si(n->q, v, 1); }
int dag_is_zero(const Node *n) { return n->op == OP_NUM && mpq_sgn(n->q) == 0; }

int dag_is_pow2(const Node *n) {
  if (n->op != OP_NUM || mpq_sgn(n->q) == 0) return 0;
  mpz_t a;
  mpz_init(a);
  mpz_abs(a, mpq_numref(n->q));
  int r = mpz_popcount(a) == 1 && mpz_popcount(mpq_denref(n->q)) == 1;
  mpz_clear(a);
  return r;
}

int dag_max_id(Node *const *roots, int nroots) {
  int top = 0;
  for (int i = 0; i < nroots; i++)
    if (roots[i] && roots[i]->id > top) top = roots[i]->id;
  return top;
}

int dag_is_int(const Node *n, long *out) {
  if (n->op != OP_NUM || mpz_cmp_ui(mpq_denref(n->q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(n->q)))
    return 0;
  if (out) *out = mpz_get_si(mpq_numref(n->q));
  return 1;
}

static int is_num_value(const Node *n, long v) { return n->op == OP_NUM && mpq_cmp_si(n->q, v, 1) == 0; }

/* The truth value of a condition made only of rational numbers:
 * 1 true, 0 false, -1 not known at compile time. */
static int cond_value(const Node *c) {
  if (c->op == OP_NOT) {
    int v = cond_value(c->a[0]);
    return v < 0 ? -1 : !v;
  }
  if (c->op == OP_AND || c->op == OP_OR) {
    int u = cond_value(c->a[0]), v = cond_value(c->a[1]);
    if (c->op == OP_AND) return (u == 0 || v == 0) ? 0 : (u < 0 || v < 0) ? -1 : 1;
    return (u == 1 || v == 1) ? 1 : (u < 0 || v < 0) ? -1 : 0;
  }
  if (c->nargs != 2 || c->a[0]->op != OP_NUM || c->a[1]->op != OP_NUM) return -1;
  int s = mpq_cmp(c->a[0]->q, c->a[1]->q);
  switch (c->op) {
  case OP_LT: return s < 0;
  case OP_LE: return s <= 0;
  case OP_EQ: return s == 0;
  case OP_NE: return s != 0;
  default: return -1;
  }
}

/* Folds already done, by (op, operand ids, k): a sum of 3000 terms that
 * each compute (1e300)^1000, a million-bit integer, computes it once.
 * Open addressing, grown at half full; cleared by dag_reset. */
static size_t fold_slot(Op op, int a, int b, int k) {
  unsigned h = ((((2166136261u ^ (unsigned)op) * 16777619u ^ (unsigned)a) * 16777619u ^ (unsigned)b) * 16777619u ^
                (unsigned)k) * 16777619u;
  size_t i = h & (folds_cap - 1);
  while (folds[i].result && !(folds[i].op == op && folds[i].a == a && folds[i].b == b && folds[i].k == k))
    i = (i + 1) & (folds_cap - 1);
  return i;
}

static void remember_fold(Op op, int a, int b, int k, Node *result) {
  if (2 * (nfolds + 1) > folds_cap) {
    Fold *old = folds;
    size_t oldcap = folds_cap;
    folds_cap = folds_cap ? 2 * folds_cap : 1024;
    folds = calloc(folds_cap, sizeof *folds);
    if (!folds) die("out of memory");
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].result) folds[fold_slot(old[i].op, old[i].a, old[i].b, old[i].k)] = old[i];
    free(old);
  }
  Fold *f = &folds[fold_slot(op, a, b, k)];
  if (!f->result) nfolds++;
  *f = (Fold){op, a, b, k, result};
}

static Node *fold_exact(Op op, Node *a, Node *b, int k);

/* Fold an operator applied to exact rationals; NULL when the result is not
 * rational (exp(1)) or not defined (1/0), which then stays a node. */
static Node *fold_numbers(Op op, Node *a, Node *b, int k) {
  if (!a || a->op != OP_NUM || (b && b->op != OP_NUM)) return NULL;
  int ib = b ? b->id : -1;
  if (folds_cap) {
    Fold *f = &folds[fold_slot(op, a->id, ib, k)];
    if (f->result) return f->result;
  }
  Node *r = fold_exact(op, a, b, k);
  if (r) remember_fold(op, a->id, ib, k, r);
  return r;
}

static Node *fold_exact(Op op, Node *a, Node *b, int k) {
  mpq_t r;
  mpq_init(r);
  int ok = 1;
  switch (op) {
  case OP_ADD: mpq_add(r, a->q, b->q); break;
  case OP_SUB: mpq_sub(r, a->q, b->q); break;
  case OP_MUL: mpq_mul(r, a->q, b->q); break;
  case OP_DIV:
    if (mpq_sgn(b->q) == 0) ok = 0;
    else mpq_div(r, a->q, b->q);
    break;
  case OP_NEG: mpq_neg(r, a->q); break;
  case OP_ABS: mpq_abs(r, a->q); break;
  case OP_SIGN: mpq_set_si(r, mpq_sgn(a->q), 1); break;
  case OP_RELU: mpq_set(r, mpq_sgn(a->q) > 0 ? a->q : r); break;
  case OP_MIN: mpq_set(r, mpq_cmp(a->q, b->q) <= 0 ? a->q : b->q); break;
  case OP_MAX: mpq_set(r, mpq_cmp(a->q, b->q) >= 0 ? a->q : b->q); break;
  case OP_POWI: {
    /* Keep exact powers to a sane size; 10^100000 squared is not needed. */
    size_t bits = mpz_sizeinbase(mpq_numref(a->q), 2) + mpz_sizeinbase(mpq_denref(a->q), 2);
    if (bits * (size_t)k > (size_t)1 << 22) { ok = 0; break; }
    mpz_pow_ui(mpq_numref(r), mpq_numref(a->q), (unsigned long)k);
    mpz_pow_ui(mpq_denref(r), mpq_denref(a->q), (unsigned long)k);
    break;
  }
  case OP_SQRT:   /* exact where both parts are perfect squares: sqrt(1), sqrt(9/4) */
    if (mpq_sgn(a->q) < 0 || !mpz_perfect_square_p(mpq_numref(a->q)) || !mpz_perfect_square_p(mpq_denref(a->q))) ok = 0;
    else mpz_sqrt(mpq_numref(r), mpq_numref(a->q)), mpz_sqrt(mpq_denref(r), mpq_denref(a->q));
    break;
  /* The functions' exact values at 0 (and log at 1), as IEEE gives them:
   * a Taylor coefficient at x = 0 is made of these. */
  case OP_EXP: case OP_COSH: case OP_COS: case OP_ERFC:
    if (mpq_sgn(a->q) != 0) ok = 0;
    else mpq_set_ui(r, 1, 1);
    break;
  case OP_EXPM1: case OP_LOG1P: case OP_SIN: case OP_SINH: case OP_TANH: case OP_ATAN: case OP_ERF:
    ok = mpq_sgn(a->q) == 0;   /* r is 0 */
    break;
  case OP_LOG:
    ok = mpq_cmp_ui(a->q, 1, 1) == 0;   /* r is 0 */
    break;
  case OP_SIGMOID:
    if (mpq_sgn(a->q) != 0) ok = 0;
    else mpq_set_ui(r, 1, 2);
    break;
  default: ok = 0;
  }
  Node *n = ok ? dag_num_q(r) : NULL;
  mpq_clear(r);
  return n;
}

static int commutative(Op op) {
  return op == OP_ADD || op == OP_MUL || op == OP_MIN || op == OP_MAX || op == OP_HYPOT ||
         op == OP_EQ || op == OP_NE || op == OP_AND || op == OP_OR;
}

/* Whether a number is within 2^+-900, where its double literal has the
 * value's order of magnitude (the bit sizes of an mpq bound its magnitude
 * within a factor of 2 either way). */
int dag_q_tame(const mpq_t q) {
  long e = (long)mpz_sizeinbase(mpq_numref(q), 2) - (long)mpz_sizeinbase(mpq_denref(q), 2);
  return e >= -900 && e <= 900;
}

/* c1(c2 y) = (c1 c2) y where the folded number is tame: beyond, its
 * double literal (inf, 0) would change what the product computes (1e300
 * (1e100 x) as HUGE_VAL x is NaN at x = 0). */
static int fold_tame(const Node *c1, const Node *c2) {
  mpq_t q;
  mpq_init(q);
  mpq_mul(q, c1->q, c2->q);
  int ok = mpq_sgn(q) == 0 || dag_q_tame(q);
  mpq_clear(q);
  return ok;
}

/* Identities applied on construction. Each holds bit for bit in IEEE
 * arithmetic, for every operand including -0, infinities and NaN. Traps
 * deliberately NOT listed:
 *   x + 0 -> x     wrong for x = -0 (-0 + 0 = +0)
 *   0 - x -> -x    wrong for x = +0
 *   x * 0 -> 0     wrong for inf, NaN and negative x (-0)
 *   x - x -> 0     wrong for inf and NaN
 *   -(a - b) -> b - a   wrong in the sign of a zero result
 * The differentiator never builds "+ 0" or "* 0" terms in the first place:
 * it drops derivatives that are structurally zero. */
static Node *simplify_trivial(Op op, Node *a, Node *b, int k) {
  switch (op) {
  case OP_MUL:
    if (is_num_value(a, 1)) return b;
    if (is_num_value(a, -1)) return dag_neg(b);
    if (a->op == OP_NEG) return dag_neg(dag_mul(a->a[0], b));        /* (-a)b = -(ab) */
    if (b->op == OP_NEG) return dag_neg(dag_mul(a, b->a[0]));
    if (a->op == OP_NUM && b->op == OP_MUL && b->a[0]->op == OP_NUM && fold_tame(a, b->a[0]))
      return dag_mul(dag_mul(a, b->a[0]), b->a[1]);   /* c1(c2 y) = (c1 c2) y, exactly folded */
    return NULL;
  case OP_DIV:
    if (is_num_value(b, 1)) return a;
    if (is_num_value(b, -1)) return dag_neg(a);
    if (a->op == OP_NEG) return dag_neg(dag_div(a->a[0], b));         /* (-a)/b = -(a/b) */
    if (b->op == OP_NEG) return dag_neg(dag_div(a, b->a[0]));
    return NULL;
  case OP_ADD:
    if (b->op == OP_NEG) return dag_sub(a, b->a[0]);                  /* a + (-b) = a - b */
    if (a->op == OP_NEG) return dag_sub(b, a->a[0]);
    return NULL;
  case OP_SUB:
    if (is_num_value(b, 0)) return a;                                 /* x - (+0) = x, also for -0 */
    if (b->op == OP_NEG) return dag_add(a, b->a[0]);                  /* a - (-b) = a + b */
    if (b->op == OP_NUM && mpq_sgn(b->q) < 0) {                       /* a - (-c) = a + c */
      mpq_t q;
      mpq_init(q);
      mpq_neg(q, b->q);
      Node *r = dag_add(a, dag_num_q(q));
      mpq_clear(q);
      return r;
    }
    return NULL;
  case OP_NEG:
    if (a->op == OP_NEG) return a->a[0];
    return NULL;
  case OP_POWI:
    if (k == 0) return dag_num_si(1, 1);    /* x^0 = 1, also pow(NaN, 0) = 1 */
    if (k == 1) return a;
    /* (u^a)^k = u^(ak) while ak is within the exponent limit; beyond it
     * the power stays nested, which computes the same function. */
    if (a->op == OP_POWI && dag_power_ok((long long)a->k * k))
      return dag_make(OP_POWI, a->a[0], NULL, NULL, a->k * k);
    if (a->op == OP_NEG && k % 2 == 0) return dag_make(OP_POWI, a->a[0], NULL, NULL, k);
    return NULL;
  case OP_ABS:
    if (a->op == OP_NEG || a->op == OP_ABS) return dag_1(OP_ABS, a->a[0]);
    return NULL;
  default:
    return NULL;
  }
}

Node *dag_make(Op op, Node *a, Node *b, Node *c, int k) {
  /* After a limit is hit, stop growing: the caller reports the error. */
  if (overflowed) return dag_num_si(0, 1);
  if (op == OP_SELECT) {
    int v = cond_value(a);
    if (v >= 0) return v ? b : c;
    if (b == c) return b;
    /* Under condition a, an inner test of the same a is already decided. */
    if (b->op == OP_SELECT && b->a[0] == a) return dag_select(a, b->a[1], c);
    if (c->op == OP_SELECT && c->a[0] == a) return dag_select(a, b, c->a[2]);
  }
  /* Conditions stay as written; SELECT folds them when they are known. */
  if (commutative(op) && b) {
    int swap = (b->op == OP_NUM && a->op != OP_NUM) ||
               ((a->op == OP_NUM) == (b->op == OP_NUM) && b->id < a->id);
    if (swap) { Node *t = a; a = b; b = t; }
  }
  if (op_info[op].cls != CLASS_COND && op != OP_SELECT) {
    Node *r = fold_numbers(op, a, b, k);
    if (!r) r = dag_fold_trig(op, a);
    if (!r) r = simplify_trivial(op, a, b, k);
    if (r) return r;
  }
  Node *args[3] = {a, b, c};
  int nargs = c ? 3 : b ? 2 : a ? 1 : 0;
  return intern(op, args, nargs, k, NULL);
}

Node *dag_with_args(Node *n, Node *const *a) {
  int changed = 0;
  for (int i = 0; i < n->nargs; i++) changed |= a[i] != n->a[i];
  return changed ? dag_make(n->op, a[0], n->nargs > 1 ? a[1] : NULL, n->nargs > 2 ? a[2] : NULL, n->k) : n;
}

Node *dag_1(Op op, Node *a) { return dag_make(op, a, NULL, NULL, 0); }
Node *dag_2(Op op, Node *a, Node *b) { return dag_make(op, a, b, NULL, 0); }
Node *dag_select(Node *cond, Node *a, Node *b) { return dag_make(OP_SELECT, cond, a, b, 0); }

int dag_power_ok(long long n) { return n <= LIMIT_EXPONENT && n >= -LIMIT_EXPONENT; }

Node *dag_powi(Node *a, long n) {
  if (!dag_power_ok(n)) die("exponent %ld beyond the limit reached dag_powi", n);
  if (n < 0) {
    Node *p = dag_powi(a, -n);   /* made before 1, whatever the compiler: see dag.h */
    return dag_div(dag_num_si(1, 1), p);
  }
  return dag_make(OP_POWI, a, NULL, NULL, (int)n);
}

/* The operations below n not yet seen, added to c, stopping past limit. */
static int count_from(const Node *n, IdMemo *seen, int limit, int c) {
  if (n->nargs == 0 || c > limit || idmemo_get(seen, n->id)) return c;
  idmemo_put(seen, n->id);
  c++;
  for (int i = 0; i < n->nargs; i++) c = count_from(n->a[i], seen, limit, c);
  return c;
}

int dag_count_ops_upto(Node *const *roots, int nroots, int limit) {
  IdMemo *seen = idmemo_open(dag_max_id(roots, nroots), 1);
  int c = 0;
  for (int i = 0; i < nroots; i++)
    if (roots[i]) c = count_from(roots[i], seen, limit, c);
  idmemo_close(seen);
  return c;
}

int dag_count_ops(Node *const *roots, int nroots) { return dag_count_ops_upto(roots, nroots, INT_MAX); }
