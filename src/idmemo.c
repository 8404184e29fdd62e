/* idmemo.c — memos by node id that cost nothing to open.
 *
 * A pass that rewrites a DAG bottom-up memoizes its result per node id.
 * Such passes used to calloc arrays of one entry per node ever made, on
 * every call; the stabilizer calls them thousands of times over a DAG of
 * up to millions of nodes (orthopade.act: simplify 740 times, 105 MB in
 * all, one_denominator and the double-double rewrites 160 MB more), and
 * the zeroing was a tenth of a compile. A memo here keeps its storage from
 * one call to the next, grown to the largest id asked for, and knows its
 * entries by a stamp: entry id is set iff stamp[id] equals the memo's
 * generation, which each opening advances, so nothing is ever cleared
 * (when the 32-bit generation wraps, the stamps are zeroed once). A pass
 * may run inside another, so the memos form a stack of levels, each with
 * its own storage; idmemo_open takes the next level, idmemo_close gives it
 * back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "idmemo.h"

enum { LEVELS = 16 };

struct IdMemo {
  unsigned char *data;   /* cap entries of elem bytes */
  uint32_t *stamp;       /* cap stamps */
  size_t cap, elem;      /* elem: this opening's */
  size_t bytes;          /* data's size */
  uint32_t gen;
};

static IdMemo levels[LEVELS];
static int depth;

IdMemo *idmemo_open(int size, size_t elem) {
  if (depth == LEVELS) die("idmemo: more than %d memos open", LEVELS);
  IdMemo *m = &levels[depth++];
  size_t need = (size_t)size + 1;
  if (need > m->cap) {
    size_t cap = m->cap ? m->cap : 1024;
    while (cap < need) cap *= 2;
    m->stamp = realloc(m->stamp, cap * sizeof *m->stamp);
    if (!m->stamp) die("out of memory");
    memset(m->stamp + m->cap, 0, (cap - m->cap) * sizeof *m->stamp);
    m->cap = cap;
  }
  if (m->cap * elem > m->bytes) {
    free(m->data);
    m->bytes = m->cap * elem;
    m->data = malloc(m->bytes);
    if (!m->data) die("out of memory");
  }
  m->elem = elem;
  if (++m->gen == 0) {   /* wrapped: every stamp could match again */
    memset(m->stamp, 0, m->cap * sizeof *m->stamp);
    m->gen = 1;
  }
  return m;
}

void *idmemo_get(const IdMemo *m, int id) {
  return (size_t)id < m->cap && m->stamp[id] == m->gen ? m->data + (size_t)id * m->elem : NULL;
}

void *idmemo_put(IdMemo *m, int id) {
  if ((size_t)id >= m->cap) die("idmemo: id %d beyond the memo's %zu", id, m->cap);
  m->stamp[id] = m->gen;
  return m->data + (size_t)id * m->elem;
}

void idmemo_close(IdMemo *m) {
  if (depth == 0 || m != &levels[depth - 1]) die("idmemo: memos closed out of order");
  depth--;
}
