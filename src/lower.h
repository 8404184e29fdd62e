/* lower.h — the float kernels' fused forms (lower.c). */
#ifndef ACTGEN_LOWER_H
#define ACTGEN_LOWER_H

#include "dag.h"

/* Rewrite roots[0..n-1] (NULL entries stay NULL) into the forms the float
 * kernels print: compositions that the math layer computes fused. */
void lower_float(Node **roots, int n);

#endif
