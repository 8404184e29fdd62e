/* idmemo.h — memos by node id for the passes that rewrite a DAG bottom-up
 * (simplify, the one-denominator and double-double rewrites) and for
 * ieee_eval.c's programs (their nodes' positions), kept from call to call
 * instead of allocated and zeroed per call. See idmemo.c.
 */
#ifndef ACTGEN_IDMEMO_H
#define ACTGEN_IDMEMO_H

#include <stddef.h>

typedef struct IdMemo IdMemo;

/* A memo with no entry set, for ids 0 .. size, of elem bytes each. Memos
 * nest: close them in the reverse order of opening. */
IdMemo *idmemo_open(int size, size_t elem);
/* id's entry if this memo has set it, else NULL. */
void *idmemo_get(const IdMemo *m, int id);
/* id's entry, now set; its bytes are the previous contents of the
 * storage (not zeroed): the caller writes it. */
void *idmemo_put(IdMemo *m, int id);
void idmemo_close(IdMemo *m);

#endif
