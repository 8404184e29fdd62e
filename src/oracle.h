/* oracle.h — MPFR evaluation of a DAG, independent of the compiler's rewrites
 * and of its symbolic differentiation. */
#ifndef ACTGEN_ORACLE_H
#define ACTGEN_ORACLE_H

#include <stdio.h>   /* before <mpfr.h>, for mpfr_fprintf */
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

/* Output `which` of n at x and theta, evaluated at rising precision until
 * two precisions agree far beyond any target format (a Ziv loop), so that
 * cancellations in the written form (1 + erf(u), u << 0) are resolved:
 * which = ORACLE_VALUE for n itself, ORACLE_DX for dn/dx, k >= 0 for
 * dn/dtheta_k. out receives the value at the final precision. Returns 0
 * when the written form cannot be evaluated there (it overflows MPFR's own
 * exponent range, as exp(1e300) does). */
enum { ORACLE_VALUE = -2, ORACLE_DX = -1 };
int oracle_exact(const Node *n, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out);

/* oracle_exact() with the precision capped at pmax bits (oracle_exact's
 * own cap is 12288). */
int oracle_exact_capped(const Node *n, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out, mpfr_prec_t pmax);

/* The value of n and its derivative with respect to x by the same rule,
 * from 128 bits up to at most pmax bits; 0 when not settled there. */
int oracle_exact_dual(const Node *n, const mpfr_t x, mpfr_t *theta, mpfr_t val, mpfr_t der, mpfr_prec_t pmax);
void oracle_settled_dx(const Node *n, const mpfr_t x, mpfr_t *theta, const mpfr_t X, mpfr_t der, mpfr_prec_t p,
                       int have);

/* A constant node (no x, no theta) correctly rounded to double, or to
 * float (directly, not through double, which could round twice); IEEE
 * overflow to infinity and subnormals included. */
double oracle_const_double(const Node *n);
float oracle_const_float(const Node *n);
/* Forget what is remembered by node id (the rounded constants, the
 * rationals' MPFR values) and free the MPFR variables kept for reuse: for a
 * process that resets the DAG (the fuzz harness), which must call this
 * first. */
void oracle_reset(void);
/* fn(out, u) rounded to nearest, for MPFR's correctly rounded functions of
 * one argument: remembered by argument and precision (oracle_memo.c), the
 * same result, ternary value and flags as the call. oracle_memo_reset()
 * forgets them (oracle_reset calls it). */
typedef int (*OracleFn)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
int oracle_call(OracleFn fn, mpfr_ptr out, mpfr_srcptr u);
void oracle_memo_reset(void);
/* Shared by oracle.c and oracle_const.c: open MPFR's exponent range to its
 * extremes (once); forget the constants' memo (oracle_reset calls it). */
void oracle_init_ranges(void);
void oracle_const_reset(void);
/* Shared by oracle.c and oracle_ziv.c: the bits the last walk's operations
 * on rounded values cancelled (everything: ORACLE_LOST_ALL), those its
 * derivative's operations cancelled, and the dual walk in x that counts
 * only the value's operations in the first. */
#define ORACLE_LOST_ALL ((mpfr_exp_t)1 << 40)
mpfr_exp_t oracle_last_lost(void);
mpfr_exp_t oracle_last_der_lost(void);
void oracle_eval_dx_value_lost(const Node *n, mpfr_t val, mpfr_t der, const mpfr_t x, mpfr_t *theta,
                               mpfr_prec_t prec);

#endif
