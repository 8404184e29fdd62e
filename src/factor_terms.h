/* factor_terms.h — the float backward's df/dtheta terms by shared factor
 * (factor_terms.c). */
#ifndef ACTGEN_FACTOR_TERMS_H
#define ACTGEN_FACTOR_TERMS_H
#include "dag.h"

/* roots: f, df/dx and the K terms df/dtheta_k at roots[k + 2], with room
 * for K more. Where at least three terms share an x-dependent factor g,
 * g becomes roots[K + 2 + m] (m < the returned number of groups), and
 * each such term k is g * roots[k + 2] * scale[k] (group[k] = m; roots[k +
 * 2] NULL: 1; scale[k] a theta-only value, NULL: 1). Elsewhere group[k] =
 * -1 and the term is as it was. */
int factor_dtheta(Node **roots, int K, int *group, Node **scale);

#endif
