/* dag.h — the hash-consed expression DAG shared by every stage.
 *
 * Nodes are immutable and made only by dag_make() (or the small wrappers
 * below), which folds constants exactly, applies the identities that are
 * valid in IEEE arithmetic, orders the operands of commutative operators and
 * then looks the node up in one hash table. Structurally equal expressions
 * are therefore the same pointer: common subexpressions are shared for free,
 * and f, df/dx and every df/dtheta_k built through the same constructor share
 * all they can.
 *
 * Leaves: OP_NUM (an exact rational, GMP mpq_t), OP_X (the input), OP_THETA
 * (trainable scalar number k), OP_PI and OP_EULER. Every node gets an id in
 * creation order; ids give a deterministic operand order and index memo
 * arrays in the passes that rewrite the DAG.
 *
 * Because ids follow creation order, code that makes nodes must make them
 * in an order C fixes: never two node-making calls among the arguments of
 * one call (dag_add(f(a), f(b)) makes them in whichever order the C
 * compiler picks); make each into a local first. tests/emit/
 * test_compiler_independent.sh compares a gcc-built and a clang-built actgen.
 */
#ifndef ACTGEN_DAG_H
#define ACTGEN_DAG_H

#include <stdio.h>   /* before <gmp.h>, which declares gmp_fprintf only if FILE is known */
#include <gmp.h>
#include "input_limits.h"
#include "ops.h"

typedef struct Node Node;
struct Node {
  Op op;
  int nargs;
  Node *a[3];      /* operands */
  int k;           /* OP_THETA: index into theta; OP_POWI: the exponent (>= 2) */
  mpq_t q;         /* OP_NUM: the exact value (initialised only for OP_NUM) */
  int id;          /* creation order, 0, 1, 2, ... */
  int depth;       /* 1 + the largest depth of the operands */
  unsigned char has_x;      /* depends on x */
  unsigned char has_theta;  /* depends on some theta */
  unsigned hash;
  Node *next;      /* hash chain */
};

/* LIMIT_DAG_NODES and LIMIT_DAG_DEPTH (input_limits.h) keep actgen from
 * exhausting the stack or memory on hostile input; past them the
 * constructor stops building and the caller reports an error. */

Node *dag_make(Op op, Node *a, Node *b, Node *c, int k);
/* n with operands a[0..nargs-1] (a rewriting pass's results for n's
 * operands, each made in a statement of its own): n itself where every
 * a[i] is n->a[i], else dag_make of n's operation on them. */
Node *dag_with_args(Node *n, Node *const *a);
Node *dag_num_q(const mpq_t q);
Node *dag_num_si(long num, unsigned long den);
/* A decimal literal's digits and exponent are within LIMIT_LITERAL_DIGITS
 * and LIMIT_LITERAL_EXP10 (the resolver reports those that are not). */
int dag_decimal_in_range(const char *text);
Node *dag_num_decimal(const char *text);   /* exact value of a literal in range */
Node *dag_x(void);
Node *dag_theta(int k);
Node *dag_leaf(Op op);                     /* OP_PI, OP_EULER */
Node *dag_1(Op op, Node *a);
Node *dag_2(Op op, Node *a, Node *b);
Node *dag_select(Node *cond, Node *a, Node *b);
Node *dag_powi(Node *a, long n);           /* a^n, |n| <= LIMIT_EXPONENT */
/* Whether a^n may be built: |n| <= LIMIT_EXPONENT. Stages that combine
 * exponents (products and sums of them) ask it first, in long arithmetic. */
int dag_power_ok(long long n);

/* Convenience: arithmetic through the constructor. */
#define dag_add(a, b) dag_2(OP_ADD, (a), (b))
#define dag_sub(a, b) dag_2(OP_SUB, (a), (b))
#define dag_mul(a, b) dag_2(OP_MUL, (a), (b))
#define dag_div(a, b) dag_2(OP_DIV, (a), (b))
#define dag_neg(a) dag_1(OP_NEG, (a))

int dag_is_num(const Node *n);
int dag_is_int(const Node *n, long *out);   /* an OP_NUM holding an integer that fits a long */
int dag_is_const(const Node *n);            /* no x and no theta */
int dag_num_cmp_si(const Node *n, long v);  /* for OP_NUM: sign of (n - v) */
int dag_is_zero(const Node *n);             /* the number 0 */
int dag_is_pow2(const Node *n);             /* a number +-2^k, k of either sign */
int dag_q_tame(const mpq_t q);              /* |q| within 2^+-900 (or 0 given as such) */
/* The largest id among roots (NULL entries skipped): the size of a memo
 * (idmemo.h) for the nodes below them. */
int dag_max_id(Node *const *roots, int nroots);
/* sin u or cos u (op) for a constant u that is a rational multiple of pi
 * where the value is rational, else NULL (fold_trig.c; dag_make calls it). */
Node *dag_fold_trig(Op op, const Node *a);

int dag_node_count(void);    /* nodes made so far (the next id) */
int dag_overflowed(void);    /* a limit above was hit since the last reset */
void dag_clear_overflow(void);
/* Forget every node (their memory is the arena's: see diag_reset). */
void dag_reset(void);

/* Print n in the .act language's own syntax (for `actgen deriv` and -d),
 * shared subexpressions bound with `let`; theta k prints as theta_names[k]
 * (or theta[k] when theta_names is NULL). */
void dag_print(FILE *out, const Node *n, const char *const *theta_names);

/* Count the distinct nodes reachable from roots (an operation count);
 * _upto stops counting once past limit (it returns limit + 1 or more). */
int dag_count_ops(Node *const *roots, int nroots);
int dag_count_ops_upto(Node *const *roots, int nroots, int limit);

#endif
