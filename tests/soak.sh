#!/bin/sh
# make soak: the long versions of the crash, malformed-store and concurrency
# suites (COBRA_SOAK=1): 1,000 SIGKILLs and 1,000 each of SIGINT, SIGTERM and
# SIGHUP over write commands (t0900), every crash and I/O-fault point of every
# sweep (t0910), every offset of every record file and
# 1,000 flips each (t0920), every 2nd allocation of pay, sell and
# add-customer failing in turn (t0930), every call of every function the
# fault shim fails (t0940), 2, 4 and 8 writers x 50 commands (t0950), run by
# tests/run.sh.
#   tests/soak.sh --bin /path/to/cobra [TEST...]
set -u
bin=$(pwd)/cobra
while [ $# -gt 0 ]; do
	case $1 in
	--bin) bin=$2; shift 2 ;;
	-*) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- t0900-crash t0910-crash-points t0920-malformed-store t0930-oom t0940-call-faults t0950-concurrency
export COBRA_SOAK=1 CONC_COMMANDS=${CONC_COMMANDS:-50}
exec sh tests/run.sh --bin "$bin" "$@"
