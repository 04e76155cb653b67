#!/bin/sh
# Static analysis stays clean (reliability.md C5.5, C5.6): cppcheck reports
# nothing on src/ and cmd/, and clang-tidy with the checked-in .clang-tidy
# reports nothing on any src/*.c or cmd/*.c. A finding that is not a bug is
# fixed in the code or carries an inline suppression with its reason.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

if command -v cppcheck >/dev/null 2>&1; then
	test_expect 'cppcheck finds nothing in src/ and cmd/' '
		cd "$ROOT" &&
		cppcheck --enable=warning,style,performance,portability --error-exitcode=1 --inline-suppr \
			--std=c11 --library=posix -q -D_GNU_SOURCE -I src src cmd >"$TRASH/cppcheck.out" 2>&1
		status=$?
		cat "$TRASH/cppcheck.out"
		test "$status" -eq 0 && test ! -s "$TRASH/cppcheck.out"
	'
else
	test_expect 'cppcheck is installed (make check installs it)' 'false'
fi

if command -v clang-tidy >/dev/null 2>&1; then
	# Two at a time, the largest files first: the whole run stays near a
	# minute on two cores.
	test_expect 'clang-tidy (.clang-tidy) finds nothing in src/*.c and cmd/*.c' '
		cd "$ROOT" &&
		test -f .clang-tidy &&
		flags="-std=c11 -D_GNU_SOURCE $(pkg-config --cflags libgit2 inih 2>/dev/null) -Isrc" &&
		ls -S src/*.c cmd/*.c | xargs -P2 -n1 sh -c "clang-tidy --quiet --config-file=.clang-tidy \"\$0\" -- $flags" \
			>"$TRASH/tidy.out" 2>&1
		status=$?
		grep -E "(warning|error):" "$TRASH/tidy.out"
		test "$status" -eq 0 && ! grep -qE "(warning|error):" "$TRASH/tidy.out"
	'
else
	test_expect 'clang-tidy is installed (make check installs it)' 'false'
fi

test_done
