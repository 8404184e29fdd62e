/* ieee_eval.h — the IEEE interpreter over a DAG (ieee_eval.c) that the
 * stabilizer's measurements run (measure.c): a program is the DAG's nodes
 * in postorder, evaluated in double with <math.h> as the generated kernels
 * compute. */
#ifndef ACTGEN_IEEE_EVAL_H
#define ACTGEN_IEEE_EVAL_H

#include "dag.h"

typedef struct Prog {
  int n, cap;
  const Node **node;   /* postorder: operands before users */
  int (*arg)[3];       /* operand positions in node[] */
  double *konst;       /* the correctly rounded value of constant nodes */
  char *is_const;
  int nwork, *work;    /* the positions of the other nodes, in order */
  struct Step { int op, k, a[3]; } *step;   /* node[work[j]]'s operation, for prog_run() */
} Prog;

/* prog_run() evaluates a program at up to LANES points at once, each node's
 * operation over all of them in turn: an interpreter that dispatches once
 * per node and point spent its time in the dispatch (a third of the whole
 * compile), and the lanes' arithmetic is the same IEEE operations in the
 * same order, so the values are the same bits. */
enum { LANES = 32 };

/* The program of root's DAG (the stabilizer builds thousands of them over
 * a DAG of up to millions of nodes). */
void prog_build(Prog *p, const Node *root);
/* Values for prog_run(): LANES per node, the constants in place; in *buf
 * (grown as needed) when buf is given, else in a new array. */
double *prog_values(const Prog *p, double **buf, size_t *cap);
void prog_free(Prog *p);
/* The program at x[0..m), m <= LANES, into v (from prog_values()); pert:
 * NULL, or a relative error to put on every operation's result (by the
 * node's position). Returns the root's values. */
const double *prog_run(const Prog *p, const double *x, int m, const double *theta, double *v, const double *pert);

#endif
