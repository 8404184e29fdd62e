/* polynomials.h — the orthogonal polynomial families of the language
 * (hermite(n, u), legendre(n, u), ...), expanded into DAG nodes. */
#ifndef ACTGEN_POLYNOMIALS_H
#define ACTGEN_POLYNOMIALS_H

#include "dag.h"

typedef struct PolyFamily PolyFamily;

/* The family called `name`, or NULL when no family has that name. */
const PolyFamily *poly_family(const char *name);
/* p_n(u) of the family, n >= 0, with exact rational coefficients. */
Node *poly_expand(const PolyFamily *f, long n, Node *u);

#endif
