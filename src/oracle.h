/* oracle.h — MPFR evaluation of a DAG, independent of the compiler's rewrites
 * and of its symbolic differentiation. */
#ifndef ACTGEN_ORACLE_H
#define ACTGEN_ORACLE_H

#include <mpfr.h>
#include "dag.h"

/* Value of n at x and theta[0..K-1], every operation rounded to nearest at
 * precision prec. out must be initialised by the caller. */
void oracle_eval(const Node *n, mpfr_t out, const mpfr_t x, mpfr_t *theta, mpfr_prec_t prec);

/* Forward-mode dual numbers: the value of n and its derivative with respect
 * to x (dir = -1) or theta_k (dir = k), using the oracle's own derivative of
 * each primitive, never diff.c. */
void oracle_eval_dual(const Node *n, mpfr_t val, mpfr_t der, const mpfr_t x,
                      mpfr_t *theta, int dir, mpfr_prec_t prec);

/* A constant node (no x, no theta) correctly rounded to double. */
double oracle_const_double(const Node *n);

#endif
