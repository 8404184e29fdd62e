/* fuzz_compile.c — the libFuzzer harness over actgen's whole compile path.
 *
 * Each input is one .act file. It goes through every stage a compile goes
 * through — parse, resolve, simplify, diff (derive), the name check, emit
 * of the .c file and the header — and `actgen deriv`'s printer, with the
 * output thrown away (/dev/null) and the diagnostics silenced. A crash, a
 * sanitizer report, an exit (die() is actgen's own bug), a timeout or an
 * out-of-memory is a finding; an input that is merely wrong is not.
 *
 * The compiler keeps process-wide state (the hash-consed DAG, the arena,
 * the error count, the parsed derivative rules, the oracle's memo of
 * rounded constants); after each input it is reset, in the order the
 * dependencies need (everything that points into the arena before the
 * arena), so inputs do not influence each other and memory does not grow.
 *
 * Build and run: make fuzz SECONDS=N (see the Makefile).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "ast.h"
#include "emit.h"
#include "module.h"
#include "oracle.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  sink = fopen("/dev/null", "w");
  if (!sink) abort();
  diag_set_stream(sink);
  return 0;
}

static void compile(const char *text, size_t len) {
  Program prog = {0};
  if (parse_program("fuzz.act", text, len, &prog)) return;
  Module *m = resolve_program(&prog, NULL, 0);
  if (!m) return;
  int ok = 1;
  for (int i = 0; i < m->nacts; i++) ok &= derive(m->acts[i]);
  if (!ok) return;
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    dag_print(sink, a->f, a->theta_names);
    dag_print(sink, a->dfdx, a->theta_names);
    for (int k = 0; k < a->ntheta; k++) dag_print(sink, a->dtheta[k], a->theta_names);
  }
  EmitOptions o = {"p_", 1, 1, "fuzz.act"};
  if (emit_check_names(m, &o)) return;
  emit_c(sink, m, &o);
  emit_h(sink, m, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = xstrndup((const char *)data, size);   /* NUL-terminated, in the arena */
  diag_add_source("fuzz.act", text, size);
  compile(text, size);
  oracle_reset();
  diff_reset();
  dag_reset();
  diag_reset();
  return 0;
}
