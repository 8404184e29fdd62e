/* oracle_memo.c — MPFR's functions of one argument, remembered by argument
 * and precision.
 *
 * The stabilizer's references evaluate f, df/dx and every df/dtheta at
 * the same points and the same precisions, and the derivatives hold f's
 * subexpressions: half the oracle's exponentials, logs and error functions
 * of a compile were calls made before with the same argument at the same
 * precision. Every MPFR function used here is correctly rounded, so the
 * result, its ternary value and the flags the call raises are functions of
 * the argument's value, the result's precision and the exponent range
 * alone; a hit gives all three back: bit for bit what the call would do.
 *
 * A table by hash of (function, precisions, argument), open addressing; an
 * entry keeps copies of the argument and the result. Only regular
 * arguments of at most MEMO_MAX_PREC bits are kept, and the table stops
 * taking entries at MEMO_MAX_ENTRIES or MEMO_MAX_BYTES of limbs: past
 * that, calls are made as they come (a miss costs a hash and a probe).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "oracle.h"

/* (a compile keeps at most 19000 entries, 1.8 MB of limbs: exp_gated.act,
 * smooth_max.act; the caps bound what an exhaustive check's children, one
 * per core, each keep) */
enum { MEMO_MAX_PREC = 4096, MEMO_MAX_ENTRIES = 1 << 16 };
static const size_t MEMO_MAX_BYTES = (size_t)16 << 20;

typedef struct Entry {
  uint64_t key;   /* 0: empty */
  OracleFn fn;
  int ternary;
  mpfr_flags_t flags;   /* those the call raised */
  mpfr_exp_t emin, emax;
  mpfr_t arg, res;
} Entry;

static struct {
  Entry *slot;
  size_t cap, used, bytes;
} memo;

static uint64_t key_of(OracleFn fn, mpfr_prec_t prec, mpfr_srcptr u) {
  uint64_t h = (uint64_t)(uintptr_t)fn * 0x9E3779B97F4A7C15u;
  h ^= ((uint64_t)prec << 32 ^ (uint64_t)mpfr_get_prec(u)) * 0xC2B2AE3D27D4EB4Fu;
  h ^= (uint64_t)mpfr_get_exp(u) * 0x165667B19E3779F9u ^ (uint64_t)(mpfr_signbit(u) != 0);
  size_t limbs = ((size_t)mpfr_get_prec(u) + mp_bits_per_limb - 1) / mp_bits_per_limb;
  const mp_limb_t *d = mpfr_custom_get_significand(u);
  for (size_t i = 0; i < limbs; i++) {
    h ^= (uint64_t)d[i];
    h *= 0x100000001B3u;
    h ^= h >> 29;
  }
  return h ? h : 1;
}

static int same(const Entry *e, OracleFn fn, mpfr_prec_t prec, mpfr_srcptr u) {
  return e->fn == fn && mpfr_get_prec(e->res) == prec && mpfr_get_prec(e->arg) == mpfr_get_prec(u) &&
         e->emin == mpfr_get_emin() && e->emax == mpfr_get_emax() && mpfr_equal_p(e->arg, u);   /* both regular */
}

static void grow(void) {
  size_t cap = memo.cap ? 2 * memo.cap : 4096;
  Entry *slot = calloc(cap, sizeof *slot);
  if (!slot) die("out of memory");
  for (size_t i = 0; i < memo.cap; i++) {
    if (!memo.slot[i].key) continue;
    size_t j = memo.slot[i].key & (cap - 1);
    while (slot[j].key) j = (j + 1) & (cap - 1);
    slot[j] = memo.slot[i];   /* the mpfr_t structs move; their limbs stay */
  }
  free(memo.slot);
  memo.slot = slot;
  memo.cap = cap;
}

int oracle_call(OracleFn fn, mpfr_ptr out, mpfr_srcptr u) {
  mpfr_prec_t prec = mpfr_get_prec(out);
  if (!mpfr_regular_p(u) || prec > MEMO_MAX_PREC || mpfr_get_prec(u) > MEMO_MAX_PREC) return fn(out, u, MPFR_RNDN);
  uint64_t key = key_of(fn, prec, u);
  size_t i = 0;
  if (memo.cap) {
    for (i = key & (memo.cap - 1); memo.slot[i].key; i = (i + 1) & (memo.cap - 1))
      if (memo.slot[i].key == key && same(&memo.slot[i], fn, prec, u)) {
        mpfr_set(out, memo.slot[i].res, MPFR_RNDN);   /* exact: the same precision */
        mpfr_flags_set(memo.slot[i].flags);
        return memo.slot[i].ternary;
      }
  }
  size_t bytes = ((size_t)prec + (size_t)mpfr_get_prec(u)) / 8 + 2 * sizeof(mp_limb_t);
  if (memo.used >= MEMO_MAX_ENTRIES || memo.bytes + bytes > MEMO_MAX_BYTES) return fn(out, u, MPFR_RNDN);
  if (4 * (memo.used + 1) > 3 * memo.cap) {
    grow();
    for (i = key & (memo.cap - 1); memo.slot[i].key; i = (i + 1) & (memo.cap - 1)) continue;
  }
  Entry *e = &memo.slot[i];
  mpfr_init2(e->arg, mpfr_get_prec(u));
  mpfr_set(e->arg, u, MPFR_RNDN);   /* before the call: out may be u */
  mpfr_flags_t before = mpfr_flags_save();
  mpfr_clear_flags();
  int t = fn(out, u, MPFR_RNDN);
  e->flags = mpfr_flags_save();   /* those the call raised */
  mpfr_flags_set(before);         /* now before | raised, as the call alone leaves them */
  e->key = key;
  e->fn = fn;
  e->ternary = t;
  e->emin = mpfr_get_emin();
  e->emax = mpfr_get_emax();
  mpfr_init2(e->res, prec);
  mpfr_set(e->res, out, MPFR_RNDN);
  memo.used++;
  memo.bytes += bytes;
  return t;
}

void oracle_memo_reset(void) {
  for (size_t i = 0; i < memo.cap; i++)
    if (memo.slot[i].key) mpfr_clears(memo.slot[i].arg, memo.slot[i].res, (mpfr_ptr)0);
  free(memo.slot);
  memset(&memo, 0, sizeof memo);
}
