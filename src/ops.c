/* ops.c — the operator table of ops.h, expanded into an array. */
#include <string.h>
#include "ops.h"

const OpInfo op_info[OP_COUNT] = {
#define ROW(e, lang, arity, cls, c, v, lim, fast, sat, mpfr, d0, d1) \
  [OP_##e] = {#e, lang, arity, CLASS_##cls, c, v, lim, fast, sat, {d0, d1}},
    ACTGEN_OPS(ROW)
#undef ROW
};

int op_by_lang_name(const char *name) {
  for (int op = 0; op < OP_COUNT; op++)
    if (op_info[op].cls == CLASS_CALL && strcmp(op_info[op].lang, name) == 0) return op;
  return -1;
}
