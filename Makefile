# cobra - receivables and collections in a git repository.
#
#   make            build ./cobra
#   make demo       install what is missing, build, run a sample store
#   make check      install what is missing, build, run every test
#   make asan       the unit and end-to-end tests under ASan + UBSan
#   make bench      performance figures (DESIGN.md section 8)
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (60) seconds
#   make soak       the long crash, malformed-store and concurrency runs
#   make valgrind   the end-to-end tests under valgrind memcheck
#   make coverage   line and branch coverage of the core, unreached error returns
#   make install    PREFIX=/usr/local DESTDIR=
#   make pot        regenerate po/cobra.pot from the sources (xgettext)
#   make clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
LOCALEDIR ?= $(PREFIX)/share/locale
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Werror -Wformat=2 -Wformat-security -Wshadow -Wvla \
	-Wwrite-strings -Wstrict-prototypes -Wold-style-definition -Wpointer-arith -Wno-missing-field-initializers
ALL_CPPFLAGS = -D_GNU_SOURCE $(CPPFLAGS)
ALL_CFLAGS = $(WARNINGS) $(CFLAGS) $(shell pkg-config --cflags libgit2 inih 2>/dev/null)
LIBS = $(shell pkg-config --libs libgit2 inih 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Debian packages: to build, to test, to benchmark.
BUILD_DEBS = gcc make pkg-config git libgit2-dev libinih-dev gettext
CHECK_DEBS = $(BUILD_DEBS) libcmocka-dev locales strace util-linux mandoc bsdextrautils cppcheck clang-tidy bash-completion zsh fish man-db msmtp python3 python3-aiosmtpd ledger hledger beancount libreoffice-calc-nogui
BENCH_DEBS = $(BUILD_DEBS) ledger hledger hyperfine time
FUZZ_DEBS = $(BUILD_DEBS) clang libclang-rt-14-dev
VALGRIND_DEBS = $(CHECK_DEBS) valgrind
COVERAGE_DEBS = $(CHECK_DEBS) gcovr

SRC = $(wildcard src/*.c)
CMD = $(wildcard cmd/*.c)
SRC_OBJ = $(SRC:%.c=$(BUILD)/%.o)
CMD_OBJ = $(CMD:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB = $(BUILD)/libcobra.a
# Fuzz targets (tests/fuzz/fuzz_NAME.c); each is also linked with a plain
# main (replay.c) that make check runs over the target's seed corpus.
FUZZ_TARGETS = records roundtrip money_date template opt
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
BIN = $(BUILD)/cobra

# Message catalogues (src/i18n.h): po/LANG.po -> $(BUILD)/locale/LANG/LC_MESSAGES/cobra.mo,
# where ./cobra and $(BUILD)/cobra find them (cmd/i18n.c).
LINGUAS = pt_BR
MO = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/cobra.mo)
POT ?= po/cobra.pot
XGETTEXT_FLAGS = --from-code=UTF-8 -c --no-wrap --sort-by-file --package-name=cobra \
	--keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=cobra_error:2 --keyword=cobra_error_replace:2 \
	--keyword=cobra_hint:1 --keyword=fail:3 --keyword=problem:2 --flag=cobra_error:2:c-format \
	--flag=cobra_error_replace:2:c-format --flag=cobra_hint:1:c-format

all: cobra locale

locale: $(MO)

$(BUILD)/locale/%/LC_MESSAGES/cobra.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@.tmp $< && mv -f $@.tmp $@

pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(sort $(wildcard src/*.c src/*.h cmd/*.c cmd/*.h))

cobra: $(BIN)
	cp $(BIN) $@.tmp && mv -f $@.tmp $@

$(BIN): $(CMD_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LIB) $(LIBS)

$(LIB): $(SRC_OBJ)
	rm -f $@
	ar rcs $@ $(SRC_OBJ)

$(BUILD)/cmd/i18n.o: ALL_CPPFLAGS += -DCOBRA_LOCALEDIR='"$(LOCALEDIR)"'

$(BUILD)/%.o: %.c $(wildcard src/*.h cmd/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -Wno-shadow -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ tests/fuzz/replay.c $< $(LIB) $(LIBS)

units: $(UNIT_BIN) $(FUZZ_REPLAY) $(BUILD)/tests/faults.so $(BUILD)/tests/faults-calls.so

# The fault shims of the out-of-memory and failing-call sweeps (t0930,
# t0940): built plain, whatever the build's flags (faults.so replaces malloc;
# faults-calls.so, without the allocator, runs beside the sanitizers), and
# not linked with libgit2 (they reach the real functions with dlsym).
$(BUILD)/tests/faults-calls.so: FAULTS_FLAGS = -DFAULTS_CALLS_ONLY
$(BUILD)/tests/faults.so $(BUILD)/tests/faults-calls.so: tests/fault/faults.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror $(FAULTS_FLAGS) $(shell pkg-config --cflags libgit2) -shared -fPIC -o $@ $< -ldl

deps:
	@sh tests/deps.sh $(BUILD_DEBS)

deps-check:
	@sh tests/deps.sh --locale pt_BR.UTF-8 $(CHECK_DEBS)

deps-bench:
	@sh tests/deps.sh $(BENCH_DEBS)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo.sh ./cobra

# $(call variant,DIR,FLAGS): cobra, its catalogues, the unit tests and the
# corpus replays built in DIR with FLAGS (the sanitizer and coverage builds).
variant = $(MAKE) --no-print-directory BUILD=$(1) CFLAGS="$(2)" LDFLAGS="$(2)" $(1)/cobra locale units

# Every test, then the unit and end-to-end tests again under ASan + UBSan +
# LeakSanitizer (quick variants; the docs, static-analysis, completion and
# install scripts run once), and one total line for both.
check: deps-check
	@$(MAKE) --no-print-directory all units
	@$(call variant,build-asan,$(ASAN_FLAGS))
	@sh tests/check.sh --build $(BUILD) --bin $(CURDIR)/cobra --asan-build build-asan \
		--asan-bin $(CURDIR)/build-asan/cobra

# The same suites, built with sanitizers (no suppressions).
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan: deps-check
	@$(call variant,build-asan,$(ASAN_FLAGS))
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		sh tests/run.sh --build build-asan --bin $(CURDIR)/build-asan/cobra --quick

# The long runs (tests/soak.sh), valgrind memcheck (tests/valgrind.sh) and
# coverage (tests/coverage.sh; COVERAGE_RUN=--quick for the quick suites).
soak: deps-check
	@$(MAKE) --no-print-directory all units
	@sh tests/soak.sh --bin $(CURDIR)/cobra

valgrind: deps-check
	@sh tests/deps.sh $(VALGRIND_DEBS)
	@$(MAKE) --no-print-directory all
	@sh tests/valgrind.sh --bin $(CURDIR)/cobra

COVERAGE_RUN ?=
coverage: deps-check
	@sh tests/deps.sh $(COVERAGE_DEBS)
	@rm -rf build-cov build-cov.runs build-cov.acc
	@$(call variant,build-cov,-O0 -g --coverage)
	@sh tests/coverage.sh build-cov $(COVERAGE_RUN)

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@sh tests/bench/bench.sh ./cobra

# libFuzzer (clang): the library built with the sanitizers and coverage
# hooks in build-fuzz/, one binary per target, each run FUZZ_SECONDS seconds
# on a copy of its seed corpus (tests/fuzz/run.sh prints the figures).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
# (clang reads -Wformat=2 as also checking the va_list formats of error.c.)
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Wno-format-nonliteral
deps-fuzz:
	@sh tests/deps.sh $(FUZZ_DEBS)

fuzz: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
		fuzz-targets
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-targets: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 cobra $(DESTDIR)$(BINDIR)/cobra
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 644 completions/cobra.bash $(DESTDIR)$(BASHCOMPDIR)/cobra
	install -m 644 completions/_cobra $(DESTDIR)$(ZSHCOMPDIR)/_cobra
	install -m 644 completions/cobra.fish $(DESTDIR)$(FISHCOMPDIR)/cobra.fish
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/cobra.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cobra.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cobra
	cd man && for f in *.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$f; done
	cd man && for f in *.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$$f; done
	cd man && for f in *.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$$f; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/cobra $(DESTDIR)$(ZSHCOMPDIR)/_cobra $(DESTDIR)$(FISHCOMPDIR)/cobra.fish
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cobra.mo; done

clean:
	rm -rf build build-asan build-fuzz build-cov build-cov.runs build-cov.acc cobra

.PHONY: all locale pot units deps deps-check deps-bench demo check asan bench fuzz deps-fuzz fuzz-targets \
	soak valgrind coverage install uninstall clean
