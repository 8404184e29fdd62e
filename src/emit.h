/* emit.h — print a Module as C99 through the skeletons in templates/. */
#ifndef ACTGEN_EMIT_H
#define ACTGEN_EMIT_H

#include <stdio.h>
#include "module.h"

typedef struct EmitOptions {
  const char *prefix;       /* prepended to every generated symbol; "" for none */
  int want_float, want_double;
  const char *source_name;  /* the .act file as named on the command line (banner) */
} EmitOptions;

/* Report (error_at) activation names that would clash with a C keyword or a
 * <math.h> function once prefixed; returns the number of clashes. */
int emit_check_names(const Module *m, const EmitOptions *o);
/* Write the .c file and the header. Deterministic: same input, same bytes.
 * emit_c writes nothing and returns 0 after an error (error_at). */
int emit_c(FILE *out, const Module *m, const EmitOptions *o);
void emit_h(FILE *out, const Module *m, const EmitOptions *o);

#endif
