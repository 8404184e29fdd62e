#!/bin/sh
# --prefix P changes every external symbol (SPEC §2): in the object file,
# every defined external symbol starts with P, and the symbols are exactly
# those of the unprefixed build with P in front. Two files generated from
# the same .act with different prefixes link into one program (the helpers
# and bodies are static).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
fail=0
syms() { nm -g --defined-only "$1" | awk '{print $3}' | sort; }

"$A" tests/emit/every.act -o "$T/plain.c" || exit 1
"$A" tests/emit/every.act --prefix nn_ -o "$T/nn.c" || exit 1
"$A" tests/emit/every.act --prefix zz_ -o "$T/zz.c" || exit 1
for f in plain nn zz; do $CC -std=c99 -c "$T/$f.c" -o "$T/$f.o" || exit 1; done

syms "$T/nn.o" >"$T/nn.syms"
[ -s "$T/nn.syms" ] || { echo "no external symbols in the prefixed object"; exit 1; }
if grep -v '^nn_' "$T/nn.syms"; then echo "^ external symbols without the prefix nn_"; fail=1; fi
syms "$T/plain.o" | sed 's/^/nn_/' >"$T/expected.syms"
if ! cmp -s "$T/expected.syms" "$T/nn.syms"; then
  echo "prefixed symbols are not the unprefixed ones with nn_ in front:"
  diff "$T/expected.syms" "$T/nn.syms" | head
  fail=1
fi
printf 'int main(void) { return 0; }\n' >"$T/main.c"
$CC -std=c99 "$T/main.c" "$T/nn.o" "$T/zz.o" -lm -o "$T/both" || { echo "two generated files do not link together"; fail=1; }
exit $fail
