/* polynomials.c — the orthogonal polynomial families of the language.
 *
 * Each family is one row of three-term-recurrence coefficients; p_n's
 * coefficients are built from the recurrence as exact rationals (GMP) and
 * become DAG nodes in Horner form, in u^2 when p_n is even or odd. Adding
 * a family is adding a row.
 */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "polynomials.h"

/* The orthogonal polynomial families: name and three-term recurrence
 * p_{n+1} = ((a1 n + a0) u + (b1 n + b0)) p_n - (c1 n + c0) p_{n-1},
 * all divided by (d1 n + d0), with p_0 = 1 and p_1 from the same rule at
 * n = 0 (p_{-1} = 0). */
struct PolyFamily {
  const char *name;
  int a1, a0, b1, b0, c1, c0, d1, d0;
};

static const PolyFamily poly_families[] = {
  {"hermite",     0, 2, 0, 0, 2, 0, 0, 1},  /* H_{n+1} = 2u H_n - 2n H_{n-1} */
  {"hermite_e",   0, 1, 0, 0, 1, 0, 0, 1},  /* He_{n+1} = u He_n - n He_{n-1} */
  {"chebyshev_t", 0, 2, 0, 0, 0, 1, 0, 1},  /* T_{n+1} = 2u T_n - T_{n-1}, but T_1 = u: see below */
  {"chebyshev_u", 0, 2, 0, 0, 0, 1, 0, 1},  /* U_{n+1} = 2u U_n - U_{n-1} */
  {"laguerre",    0, -1, 2, 1, 1, 0, 1, 1}, /* (n+1) L_{n+1} = (2n+1-u) L_n - n L_{n-1} */
  {"legendre",    2, 1, 0, 0, 1, 0, 1, 1},  /* (n+1) P_{n+1} = (2n+1) u P_n - n P_{n-1} */
};

const PolyFamily *poly_family(const char *name) {
  for (size_t i = 0; i < sizeof poly_families / sizeof *poly_families; i++)
    if (strcmp(poly_families[i].name, name) == 0) return &poly_families[i];
  return NULL;
}

/* The coefficients of p_n from a family's recurrence, as exact rationals. */
static void poly_coefficients(const PolyFamily *f, long n, mpq_t *c /* n+1 */) {
  mpq_t *prev = xalloc(sizeof(mpq_t) * (size_t)(n + 2)), *cur = xalloc(sizeof(mpq_t) * (size_t)(n + 2)),
        *next = xalloc(sizeof(mpq_t) * (size_t)(n + 2)), t;
  mpq_init(t);
  for (long i = 0; i <= n + 1; i++) mpq_inits(prev[i], cur[i], next[i], NULL);
  mpq_set_ui(cur[0], 1, 1);                       /* p_0 = 1, p_{-1} = 0 */
  for (long k = 0; k < n; k++) {
    /* Chebyshev T is the one family whose first step differs: T_1 = u. */
    long a = f->a1 * k + f->a0, b = f->b1 * k + f->b0, cc = f->c1 * k + f->c0, d = f->d1 * k + f->d0;
    if (k == 0 && !strcmp(f->name, "chebyshev_t")) a = 1;
    for (long i = 0; i <= k + 1; i++) {
      mpq_set_ui(next[i], 0, 1);
      if (i >= 1) { mpq_set_si(t, a, 1); mpq_mul(t, t, cur[i - 1]); mpq_add(next[i], next[i], t); }
      if (i <= k) { mpq_set_si(t, b, 1); mpq_mul(t, t, cur[i]); mpq_add(next[i], next[i], t); }
      if (k >= 1 && i <= k - 1) { mpq_set_si(t, cc, 1); mpq_mul(t, t, prev[i]); mpq_sub(next[i], next[i], t); }
      mpq_set_si(t, d, 1);
      mpq_div(next[i], next[i], t);
    }
    mpq_t *tmp = prev; prev = cur; cur = next; next = tmp;
  }
  for (long i = 0; i <= n; i++) mpq_set(c[i], cur[i]);
  for (long i = 0; i <= n + 1; i++) mpq_clears(prev[i], cur[i], next[i], NULL);
  mpq_clear(t);
}

/* sum c[i] u^i by Horner's scheme; when only even or only odd powers occur
 * (Hermite, Chebyshev, Legendre) it runs in u^2, halving the work. */
static Node *horner(mpq_t *c, long n, Node *u) {
  int even = 1, odd = 1;
  for (long i = 0; i <= n; i++) {
    if (mpq_sgn(c[i]) == 0) continue;
    if (i % 2) even = 0; else odd = 0;
  }
  long step = (even || odd) && n >= 2 ? 2 : 1;
  long first = (step == 2 && odd) ? 1 : 0;
  Node *w = step == 2 ? dag_powi(u, 2) : u;
  Node *acc = NULL;
  for (long i = n; i >= first; i -= step) {
    Node *ci = mpq_sgn(c[i]) ? dag_num_q(c[i]) : NULL;
    if (!acc) acc = ci;
    else acc = ci ? dag_add(dag_mul(acc, w), ci) : dag_mul(acc, w);
  }
  if (!acc) return dag_num_si(0, 1);
  return first ? dag_mul(acc, u) : acc;
}

Node *poly_expand(const PolyFamily *f, long n, Node *u) {
  mpq_t *c = xalloc(sizeof(mpq_t) * (size_t)(n + 1));
  for (long i = 0; i <= n; i++) mpq_init(c[i]);
  poly_coefficients(f, n, c);
  Node *p = horner(c, n, u);
  for (long i = 0; i <= n; i++) mpq_clear(c[i]);
  return p;
}
