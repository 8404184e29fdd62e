#!/bin/sh
# mathfiles.sh [NAME...] — print the paths of templates/math files that the
# named layer functions need (all of them without arguments), each once,
# dependencies first, as the emitter copies them: a file's own
# "/* needs: a b */" line (among its first 10 lines) names what it uses.
dir=$(cd "$(dirname "$0")/../.." && pwd)/templates/math
seen=" "
visit() {
  case "$seen" in *" $1 "*) return ;; esac
  [ -f "$dir/$1.c" ] || { echo "mathfiles.sh: no templates/math/$1.c" >&2; exit 1; }
  for d in $(head -10 "$dir/$1.c" | sed -n 's|^/\* needs: \(.*\) \*/$|\1|p'); do
    visit "$d"
  done
  seen="$seen$1 "
  echo "$dir/$1.c"
}
if [ $# -eq 0 ]; then
  set -- $(cd "$dir" && ls *.c | sed 's/\.c$//')
fi
for n in "$@"; do visit "$n"; done
