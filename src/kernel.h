/* kernel.h — compile generated C into a shared object and load it. */
#ifndef ACTGEN_KERNEL_H
#define ACTGEN_KERNEL_H

#include <stddef.h>

typedef double (*KernelF)(double, const double *);
typedef double (*KernelGrad)(double, const double *, double *);
typedef void (*KernelForward)(size_t, const double *, double *, const double *);
typedef void (*KernelBackward)(size_t, const double *, const double *, double *, const double *, double *);
typedef float (*KernelFf)(float, const float *);
typedef float (*KernelGradf)(float, const float *, float *);
typedef void (*KernelForwardf)(size_t, const float *, float *, const float *);
typedef void (*KernelBackwardf)(size_t, const float *, const float *, float *, const float *, float *);

/* The SPEC §3 API of one activation, both precisions. */
typedef struct Kernels {
  KernelF f; KernelGrad grad; KernelForward forward; KernelBackward backward; const double *init;
  KernelFf ff; KernelGradf gradf; KernelForwardf forwardf; KernelBackwardf backwardf; const float *initf;
} Kernels;

/* Compile the C file at c_path with $CC (default cc) into a temporary
 * shared object and load it; NULL (after a message) on failure. */
void *kernel_compile_and_load(const char *c_path);
/* Load an existing shared object. */
void *kernel_load(const char *so_path);
/* Look up PREFIX NAME's functions; 0 (after a message) if one is missing. */
int kernel_lookup(void *lib, const char *prefix, const char *name, Kernels *k);

#endif
