#!/bin/sh
# -o and -H write through what is not a regular file, and replace regular
# files atomically (finding 7 of issue 10):
#   - a character device stays a character device (as root, renaming over
#     /dev/null would replace it with a regular file; the test uses a
#     private device node made with mknod when it runs as root, so that a
#     broken actgen cannot damage the system's /dev/null);
#   - a FIFO stays a FIFO and its reader gets the whole file;
#   - a symlink stays a symlink and the file it points to gets the content;
#     a dangling symlink creates the file it points to;
#   - a regular file gets the content, and a failing compile leaves no file
#     (a new path stays absent, an existing file or link target unchanged).
A=${ACTGEN:-./actgen}
case $A in /*) ;; *) A=$(pwd)/$A ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/out.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
fail=0
no() { echo "FAIL: $*"; fail=1; }
printf 'activation a(x) = x * x\n' >good.act
printf 'activation a(x) = y\n' >bad.act
"$A" good.act >expect.c || no "actgen good.act failed"
"$A" good.act -o want.c -H want.h || no "actgen -o -H failed"

# a character device: /dev/null's twin (c 1 3) as root, else /dev/null
if [ "$(id -u)" = 0 ] && mknod dev c 1 3 2>/dev/null; then dev=$T/dev; else dev=/dev/null; fi
"$A" good.act -o "$dev" -H "$dev" || no "-o $dev failed"
[ -c "$dev" ] || no "$dev is no longer a character device"

# a FIFO, read while actgen writes
mkfifo fifo || no "mkfifo"
timeout 20 cat fifo >fifo.out &   # a broken actgen must not hang the test
reader=$!
"$A" good.act -o fifo || no "-o fifo failed"
wait $reader
[ -p fifo ] || no "the FIFO was replaced"
cmp -s fifo.out expect.c || no "the FIFO's reader did not get the whole file"

# a symlink to a regular file, and a dangling one
printf 'old\n' >target.c
ln -s target.c link.c
"$A" good.act -o link.c || no "-o link.c failed"
[ -L link.c ] || no "the symlink was replaced"
cmp -s target.c expect.c || no "the symlink's target did not get the content"
ln -s made.c dangling.c
"$A" good.act -o dangling.c || no "-o dangling.c failed"
[ -L dangling.c ] || no "the dangling symlink was replaced"
cmp -s made.c expect.c || no "writing through a dangling symlink did not create its target"
printf 'old\n' >htarget.h
ln -s htarget.h link.h
"$A" good.act -o out.c -H link.h || no "-H link.h failed"
[ -L link.h ] && cmp -s htarget.h want.h || no "-H through a symlink"

# a regular file, and failing compiles
printf 'old\n' >plain.c
"$A" good.act -o plain.c && cmp -s plain.c expect.c || no "-o plain.c"
[ -L plain.c ] && no "plain.c became a link"
printf 'old\n' >keep.c
printf 'old\n' >ktarget.c
ln -s ktarget.c klink.c
"$A" bad.act -o new.c -H new.h 2>/dev/null && no "bad.act compiled"
"$A" bad.act -o keep.c 2>/dev/null
"$A" bad.act -o klink.c 2>/dev/null
[ -e new.c ] || [ -e new.h ] && no "a failing compile left an output file"
[ "$(cat keep.c)" = old ] || no "a failing compile changed an existing file"
[ "$(cat ktarget.c)" = old ] && [ -L klink.c ] || no "a failing compile changed a link or its target"
ls | grep -q tmp && { no "a temporary file was left behind"; ls; }
exit $fail
