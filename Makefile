# actgen — build, test and regenerate.
#
#   make            build ./actgen
#   make check      run every test: the normal build, then again under
#                   AddressSanitizer and UndefinedBehaviorSanitizer
#   make regen      rewrite generated/ from activations/
#   make accuracy   actgen check of every shipped file with 5000 samples per kind
#   make bench      the MPFR oracle's speed in points per second
#   make bench-kernels  ns/element of the generated float kernels against the
#                   memory floor, naive C and PyTorch (bench/kernels.sh)
#   make bench-compile  seconds actgen takes per file of the library and the
#                   variants suite, and for all of them on two cores
#   make fit        refit the hp1/hp2 coefficients (tools/fit_hp.c)
#   make fuzz SECONDS=N   libFuzzer over the whole compile path for N seconds
#                   (tests/fuzz/fuzz_compile.c; JOBS=N workers, CORPUS=DIR)
#   make install    actgen, its man page, the .act library and the Python
#                   package under $(DESTDIR)$(PREFIX); make uninstall
#   make fuzz-coverage   line coverage of each source file over CORPUS (llvm-cov)
#   make clean

CC      ?= cc
CFLAGS  ?= -O2 -g
B       ?= build
WARN     = -std=c11 -Wall -Wextra -Werror
CPPFLAGS = -Isrc -Igrammar -I$(B)
LDLIBS   = -lmpfr -lgmp -lm -ldl
SAN      = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC  = $(sort $(wildcard src/*.c))
HDR  = $(sort $(wildcard src/*.h))
TPL  = $(sort $(wildcard templates/*.in)) $(sort $(wildcard templates/math/*.c))
OBJ  = $(patsubst src/%.c,$(B)/%.o,$(SRC)) $(B)/lexer.o $(B)/parser.o

.PHONY: all check check-sanitize regen clean fit accuracy bench bench-kernels bench-compile fuzz fuzz-coverage
all: actgen examples/smu_demo $(B)/numcheck

actgen: $(B)/actgen
	cp $(B)/actgen $@

# Everything but main.o is also a library, which the numerical test
# driver links to reach the parser, resolver and oracle.
$(B)/libactgen.a: $(filter-out $(B)/main.o,$(OBJ))
	ar rcs $@ $^

$(B)/actgen: $(B)/main.o $(B)/libactgen.a
	$(CC) $(CFLAGS) -o $@ $(B)/main.o $(B)/libactgen.a $(LDLIBS)

$(B)/parser.c $(B)/parser.h: grammar/parser.y | $(B)
	bison -Wall -Werror -o $(B)/parser.c --defines=$(B)/parser.h $<

$(B)/lexer.c $(B)/lexer.h: grammar/lexer.l | $(B)
	flex -o $(B)/lexer.c --header-file=$(B)/lexer.h $<

# The scanner and parser that flex and bison write are not held to -Wextra.
$(B)/lexer.o: $(B)/lexer.c $(B)/parser.h src/ast.h src/diag.h grammar/parse_ctx.h
	$(CC) $(CFLAGS) $(CPPFLAGS) -std=c11 -Wall -Werror -Wno-unused-function -c -o $@ $<
$(B)/parser.o: $(B)/parser.c $(B)/lexer.h src/ast.h src/diag.h grammar/parse_ctx.h
	$(CC) $(CFLAGS) $(CPPFLAGS) -std=c11 -Wall -Werror -c -o $@ $<

$(B)/%.o: src/%.c $(HDR) $(B)/parser.h $(B)/lexer.h $(B)/templates.h | $(B)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) -c -o $@ $<

# templates/ are compiled into actgen as C string literals.
$(B)/templates.h: $(TPL) src/embed_templates.sh | $(B)
	sh src/embed_templates.sh $(TPL) > $@

$(B):
	mkdir -p $(B)

check: actgen
	sh tests/run.sh
	$(MAKE) check-sanitize

check-sanitize:
	$(MAKE) B=build-san CFLAGS="$(SAN)" build-san/actgen
	ACTGEN=build-san/actgen ACTGEN_TEST_SANITIZE=1 sh tests/run.sh

regen: actgen
	sh tests/regen.sh

clean:
	rm -rf build build-san build-fuzz build-cov actgen

# The example program: the generated SMU kernel, linked and run.
examples/smu_demo: examples/smu_demo.c generated/smu.c generated/smu.h
	$(CC) -std=c99 -O2 -Wall -Wextra -pedantic -Werror -Igenerated -o $@ examples/smu_demo.c generated/smu.c -lm

# The numerical test driver: generated kernels against the MPFR oracle.
$(B)/numcheck: tests/numeric/numcheck.c $(B)/libactgen.a $(HDR)
	$(CC) -O2 -g -std=c11 -Wall -Wextra -Werror $(CPPFLAGS) -o $@ tests/numeric/numcheck.c $(B)/libactgen.a $(LDLIBS)

# Refit the initial coefficients of hp1 and hp2 (activations/hp.act).
fit: $(B)/fit_hp
	$(B)/fit_hp
$(B)/fit_hp: tools/fit_hp.c | $(B)
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o $@ $< -lm

# Accuracy over larger samples than the tests use (tables only, no gate),
# and the oracle's speed.
accuracy: actgen
	for f in activations/*.act; do ./actgen check $$f --samples 5000 || exit 1; done
$(B)/oracle_speed: bench/oracle_speed.c $(B)/libactgen.a $(HDR)
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror $(CPPFLAGS) -o $@ bench/oracle_speed.c $(B)/libactgen.a $(LDLIBS)
bench: $(B)/oracle_speed
	for f in activations/*.act; do $(B)/oracle_speed $$f; done
BENCH_CFLAGS ?= -std=c99 -O3 -march=native
bench-kernels:
	CC="$(CC)" BENCH_CFLAGS="$(BENCH_CFLAGS)" sh bench/kernels.sh $(B)/bench
bench-compile: actgen
	sh bench/compile_times.sh ./actgen

# The libFuzzer harness (tests/fuzz/fuzz_compile.c): the library built by
# clang with ASan, UBSan and the fuzzer's coverage, in build-fuzz/. Seeds:
# every .act file of the repository; dictionary: tests/fuzz/act.dict. New
# inputs go to CORPUS (default build-fuzz/corpus), findings to
# build-fuzz/crash-* (and the like), and the run fails if there is one.
SECONDS  ?= 60
JOBS     ?= 1
CORPUS   ?= build-fuzz/corpus
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OPTS = -max_len=8192 -timeout=120 -rss_limit_mb=2048 -dict=tests/fuzz/act.dict -print_final_stats=1
build-fuzz/fuzz_compile: tests/fuzz/fuzz_compile.c $(SRC) $(HDR) $(TPL) grammar/lexer.l grammar/parser.y
	$(MAKE) CC=clang B=build-fuzz CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libactgen.a
	clang -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -std=c11 -Wall -Wextra -Werror -Isrc -Igrammar -Ibuild-fuzz \
	  -o $@ tests/fuzz/fuzz_compile.c build-fuzz/libactgen.a $(LDLIBS)
fuzz: build-fuzz/fuzz_compile
	mkdir -p $(CORPUS) build-fuzz/seeds
	cp activations/*.act build-fuzz/seeds/
	find tests -name '*.act' | while read f; do cp "$$f" "build-fuzz/seeds/$$(echo $$f | tr / _)"; done
	build-fuzz/fuzz_compile $(FUZZ_OPTS) -max_total_time=$(SECONDS) $(if $(filter-out 1,$(JOBS)),-jobs=$(JOBS) -workers=$(JOBS)) \
	  -artifact_prefix=build-fuzz/ $(CORPUS) build-fuzz/seeds

# ---- install / uninstall -------------------------------------------------
# actgen in bin/, docs/actgen.1 in share/man/man1/, activations/*.act in
# share/actgen/, and python/actgen/ in PYTHONDIR: lib/python3.N/dist-packages
# for the python3 found here, a directory Debian's python3 searches for
# PREFIX=/usr/local and /usr (elsewhere set PYTHONDIR or PYTHONPATH). The
# installed package finds the installed actgen beside it ($(PREFIX)/bin).
PREFIX    ?= /usr/local
PYTHON    ?= python3
BINDIR     = $(PREFIX)/bin
MAN1DIR    = $(PREFIX)/share/man/man1
ACTDIR     = $(PREFIX)/share/actgen
PYTHONDIR ?= $(PREFIX)/lib/python$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages

.PHONY: install uninstall
install: actgen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(ACTDIR) $(DESTDIR)$(PYTHONDIR)/actgen
	install -m 755 actgen $(DESTDIR)$(BINDIR)/actgen
	install -m 644 docs/actgen.1 $(DESTDIR)$(MAN1DIR)/actgen.1
	install -m 644 activations/*.act $(DESTDIR)$(ACTDIR)
	install -m 644 python/actgen/*.py $(DESTDIR)$(PYTHONDIR)/actgen

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/actgen $(DESTDIR)$(MAN1DIR)/actgen.1
	rm -rf $(DESTDIR)$(ACTDIR) $(DESTDIR)$(PYTHONDIR)/actgen
# What the fuzzer reaches: the harness built with clang's source-based
# coverage, run once over CORPUS and every file under activations/ and
# tests/, reported per source file.
fuzz-coverage:
	$(MAKE) CC=clang B=build-cov CFLAGS="-O1 -g -fprofile-instr-generate -fcoverage-mapping -fsanitize=fuzzer-no-link" build-cov/libactgen.a
	clang -O1 -g -fprofile-instr-generate -fcoverage-mapping -fsanitize=fuzzer -std=c11 -Isrc -Igrammar -Ibuild-cov \
	  -o build-cov/fuzz_cov tests/fuzz/fuzz_compile.c build-cov/libactgen.a $(LDLIBS)
	rm -f build-cov/*.profraw
	LLVM_PROFILE_FILE=build-cov/cov-%p.profraw build-cov/fuzz_cov -runs=0 -timeout=300 $(CORPUS) activations tests
	llvm-profdata merge -sparse build-cov/*.profraw -o build-cov/cov.profdata
	llvm-cov report build-cov/fuzz_cov -instr-profile=build-cov/cov.profdata
