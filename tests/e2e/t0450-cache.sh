#!/bin/sh
# The read cache (.git/cobra-cache) never changes an answer: warm, cold,
# after writes, after hand commits, damaged or unwritable, due is the same as
# computed from the records alone.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
for n in "Ana Souza" "Bia Lima" "Caio Reis" "Davi Melo" "Eva Rosa"; do "$COBRA" add-customer "$n" >/dev/null; done
"$COBRA" sell ana 300 -n 3 --date 2026-08-01 >/dev/null
"$COBRA" sell bia 1000 -n 10 --rate 2 --date 2026-07-15 >/dev/null
"$COBRA" sell caio 50 --date 2026-10-01 >/dev/null
"$COBRA" pay ana 50 --date 2026-09-15 >/dev/null
"$COBRA" pay bia 250 --date 2026-10-20 >/dev/null
cd ..

due_fresh() { rm -rf s/.git/cobra-cache && "$COBRA" -C s due --format tsv "$@"; }

test_expect 'cold and warm cache give the same answer' '
	due_fresh >a && test -d s/.git/cobra-cache &&
	"$COBRA" -C s due --format tsv >b && cmp a b &&
	"$COBRA" -C s due --format tsv --as-of 2026-09-10 >c && due_fresh --as-of 2026-09-10 >d && cmp c d
'

test_expect 'after a write, the warm answer equals a fresh one' '
	"$COBRA" -C s due --format tsv >/dev/null &&
	"$COBRA" -C s pay caio 20 >/dev/null && "$COBRA" -C s sell eva 80 >/dev/null &&
	"$COBRA" -C s due --format tsv >a && due_fresh >b && cmp a b &&
	# caio: 50.00 due 2026-11-01, 21 days late: interest 50 x 1% x 21/30 = 0.35,
	# fee 1.00; the 20.00 pays 0.35 + 1.00 + 18.65 principal -> 31.35 open
	grep -q "	eva-rosa	" a && grep "	caio-reis	" a | cut -f8 | grep -qx "31.35"
'

test_expect 'a hand commit to a record is seen' '
	"$COBRA" -C s due --format tsv >/dev/null &&
	f=$(cd s && ls customers/*/*-caio-reis.ini) &&
	sed -i "s/^name = Caio Reis/name = Caio R. Reis/" s/$f && git -C s commit -qam "rename by hand" &&
	"$COBRA" -C s due --format tsv | grep -q "	Caio R. Reis	"
'

test_expect 'a damaged cache file is rebuilt, the answer unchanged' '
	due_fresh >a &&
	for f in s/.git/cobra-cache/*; do printf "\\377\\377\\377\\377" | dd of="$f" bs=1 seek=100 conv=notrunc 2>/dev/null; done &&
	"$COBRA" -C s due --format tsv >b && cmp a b &&
	for f in s/.git/cobra-cache/*; do truncate -s 30 "$f"; done &&
	"$COBRA" -C s due --format tsv >c && cmp a c
'

test_expect 'an unwritable cache directory only makes it slower' '
	due_fresh >a && rm -rf s/.git/cobra-cache && mkdir s/.git/cobra-cache && chmod 500 s/.git/cobra-cache &&
	"$COBRA" -C s due --format tsv >b && cmp a b && chmod 700 s/.git/cobra-cache
'

test_expect 'a malformed record is still an error with the cache warm' '
	"$COBRA" -C s due --format tsv >/dev/null &&
	f=$(cd s && ls customers/*/*-eva-rosa.ini) &&
	printf "bogus\\n" >>s/$f && git -C s commit -qam "bad edit" &&
	run_cobra 7 -C s due && one_error_line && grep -q "$f:[0-9]*: expected" "$ERR" &&
	git -C s reset -q --hard HEAD~1 && run_cobra 0 -C s due
'

test_done
