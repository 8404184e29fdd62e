#!/bin/sh
# docs/limits.md states every limit of src/input_limits.h with the very
# number the code uses, in the table row marked with the limit's name (the limits are stated once, for users, and must not
# drift from the code).
fail=0
for name in $(sed -n 's/^#define \(LIMIT_[A-Z0-9_]*\) .*/\1/p' src/input_limits.h); do
  v=$(printf '#include "input_limits.h"\n%s\n' "$name" | ${CC:-cc} -E -P -Isrc - | tr -d ' ()L' | tail -1)
  case $v in *'<<'*) v=$(( ${v%%<<*} << ${v##*<<} ));; esac
  grep "<!--.* $name[ -]" docs/limits.md | grep -q "[^0-9]$v[^0-9]" || { echo "docs/limits.md does not give $name = $v in its row"; fail=1; }
done
exit $fail
