/* naive_kernels.h — the benchmark's reference point "what a user writes by
 * hand": one float forward and one float backward per shipped activation,
 * with the same signatures and the same theta layout as actgen's float array
 * functions (SPEC §3), looked up by the activation's name without prefix. */
#ifndef NAIVE_KERNELS_H
#define NAIVE_KERNELS_H
#include <stddef.h>

typedef void (*naive_forward)(size_t n, const float *x, float *y, const float *theta);
typedef void (*naive_backward)(size_t n, const float *x, const float *dy, float *dx,
                               const float *theta, float *dtheta);

struct naive_kernel {
  const char *name;        /* e.g. "gelu" */
  naive_forward forward;
  naive_backward backward; /* dx and, when the activation has theta, dtheta */
};

/* The kernel called NAME, or NULL. */
const struct naive_kernel *naive_find(const char *name);

#endif
