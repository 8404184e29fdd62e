/* kernel.c — generated C, compiled and loaded into this process.
 *
 * `actgen check` and the numerical tests run the very code a user gets:
 * the .c file is compiled by the system's C compiler ($CC, default cc)
 * into a shared object in a fresh temporary directory, which is loaded
 * with dlopen and removed again at once (the mapping stays valid).
 */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"
#include "kernel.h"

void *kernel_load(const char *so_path) {
  void *lib = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) error_plain(so_path, "cannot load: %s", dlerror());
  return lib;
}

/* Single-quote s for the shell. */
static char *quote(const char *s) {
  size_t n = 3;
  for (const char *p = s; *p; p++) n += *p == '\'' ? 4 : 1;
  char *q = xalloc(n), *o = q;
  *o++ = '\'';
  for (const char *p = s; *p; p++) {
    if (*p == '\'') { memcpy(o, "'\\''", 4); o += 4; }
    else *o++ = *p;
  }
  *o++ = '\'';
  return q;
}

void *kernel_compile_and_load(const char *c_path) {
  const char *cc = getenv("CC");
  if (!cc || !*cc) cc = "cc";
  const char *tmp = getenv("TMPDIR");
  char *dir = xprintf("%s/actgen-check.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    error_plain(dir, "cannot make a temporary directory");
    return NULL;
  }
  char *so = xprintf("%s/kernels.so", dir);
  /* -x c: the file may be a temporary without a .c suffix. Without the
   * run-time dispatch's wider copies of the array loops (file.c.in): they
   * give the same bits (tests/emit/test_same_bits.sh), and would triple the
   * compile of a file that runs on a few thousand points. */
  char *cmd = xprintf("%s -O2 -std=c99 -DACTGEN_NO_DISPATCH -shared -fPIC -o %s -x c %s -x none -lm", cc, quote(so),
                      quote(c_path));
  int status = system(cmd);
  void *lib = NULL;
  if (status != 0) error_plain(c_path, "the C compiler failed (%s)", cmd);
  else lib = kernel_load(so);
  remove(so);
  rmdir(dir);
  return lib;
}

static void *sym(void *lib, const char *prefix, const char *name, const char *suffix, int *ok) {
  char *s = xprintf("%s%s%s", prefix, name, suffix);
  void *p = dlsym(lib, s);
  if (!p && *ok) error_plain(s, "not found in the compiled kernels");
  if (!p) *ok = 0;
  return p;
}

int kernel_lookup(void *lib, const char *prefix, const char *name, Kernels *k) {
  int ok = 1;
  /* POSIX guarantees that dlsym's object pointers convert to function pointers. */
  *(void **)&k->f = sym(lib, prefix, name, "", &ok);
  *(void **)&k->grad = sym(lib, prefix, name, "_grad", &ok);
  *(void **)&k->forward = sym(lib, prefix, name, "_forward", &ok);
  *(void **)&k->backward = sym(lib, prefix, name, "_backward", &ok);
  k->init = sym(lib, prefix, name, "_theta_init", &ok);
  *(void **)&k->ff = sym(lib, prefix, name, "f", &ok);
  *(void **)&k->gradf = sym(lib, prefix, name, "_gradf", &ok);
  *(void **)&k->forwardf = sym(lib, prefix, name, "_forwardf", &ok);
  *(void **)&k->backwardf = sym(lib, prefix, name, "_backwardf", &ok);
  k->initf = sym(lib, prefix, name, "_theta_initf", &ok);
  return ok;
}
