#!/bin/sh
# init, add-customer, customers, show, edit-customer, and references.
. "$(dirname "$0")/lib.sh"

test_expect 'init creates a store with cobra.ini and one commit' '
	run_cobra 0 init s --name "Loja da Ana" --doc 11.222.333/0001-81 &&
	test -f s/cobra.ini && test -f s/.gitattributes &&
	test "$(commit_count s)" = 1 &&
	git -C s log -1 --format=%s | grep -qx "init: Loja da Ana" &&
	grep -qx "name = Loja da Ana" s/cobra.ini &&
	grep -qx "doc = 11222333000181" s/cobra.ini &&
	assert_clean s
'

test_expect 'init refuses a repository that already has commits (exit 5)' '
	s1=$(snapshot s) &&
	run_cobra 5 init s && one_error_line &&
	test "$s1" = "$(snapshot s)"
'

test_expect 'init rejects a bad business document (exit 3) and creates nothing' '
	run_cobra 3 init t --doc 11.222.333/0001-80 && grep -q "doc:" "$ERR" &&
	! test -e t/cobra.ini
'

test_expect 'add-customer writes one file, one commit, with trailers' '
	cd s &&
	run_cobra 0 add-customer "Maria Silva" --doc 529.982.247-25 --phone "(11) 98765-4321" --email maria@example.com &&
	grep -q "added customer maria-silva" "$OUT" &&
	f=$(ls customers/*/*-maria-silva.ini) &&
	id=$(basename "$f" | cut -c1-16) &&
	test "$(dirname "$f")" = "customers/$(echo "$id" | cut -c1-2)" &&
	grep -qx "name = Maria Silva" "$f" && grep -qx "doc = 52998224725" "$f" &&
	grep -qx "phone = 11987654321" "$f" &&
	test "$(commit_count .)" = 2 &&
	git log -1 --format=%B | grep -qx "Cobra-Command: add-customer" &&
	git log -1 --format=%B | grep -qx "Cobra-Customer: $id" &&
	assert_clean .
'

test_expect 'handles come from names, folded, and stay unique' '
	cd s &&
	run_cobra 0 add-customer "Maria Silva" && grep -q "maria-silva-2" "$OUT" &&
	run_cobra 0 add-customer "João Souza" && grep -q "joao-souza" "$OUT" &&
	run_cobra 0 add-customer "Ana Lima" --format json &&
	id=$(sed -n "s/.*\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	test ${#id} = 16 && test -f customers/$(echo $id | cut -c1-2)/$id-ana-lima.ini &&
	assert_clean .
'

test_expect 'customers lists every customer, by handle, in tsv' '
	cd s &&
	run_cobra 0 customers --format tsv &&
	head -n 1 "$OUT" | grep -q "^id	handle	name" &&
	test "$(tail -n +2 "$OUT" | cut -f2 | tr "\n" " ")" = "ana-lima joao-souza maria-silva maria-silva-2 "
'

test_expect 'references: handle, ID prefix, accent-insensitive fragment' '
	cd s &&
	id=$(ls customers/*/*-joao-souza.ini | xargs basename | cut -c1-16) &&
	run_cobra 0 show joao-souza && grep -q "^customer  João Souza" "$OUT" &&
	run_cobra 0 show "$(echo $id | cut -c1-8)" && grep -q "João Souza" "$OUT" &&
	run_cobra 0 show "JOÃO" && grep -q "joao-souza" "$OUT" &&
	run_cobra 0 show lima && grep -q "Ana Lima" "$OUT"
'

test_expect 'an ambiguous fragment lists the candidates (exit 4)' '
	cd s && s1=$(snapshot .) &&
	run_cobra 4 show silva && one_error_line &&
	grep -q "maria-silva" "$ERR" && grep -q "maria-silva-2" "$ERR" &&
	run_cobra 4 show nobody && one_error_line && grep -q "\"nobody\"" "$ERR" &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'edit-customer changes the profile in one commit; the handle stays' '
	cd s && n=$(commit_count .) &&
	run_cobra 0 edit-customer maria-silva --phone "+55 11 91234-5678" --email "" --name "Maria S. Silva" &&
	f=$(ls customers/*/*-maria-silva.ini) &&
	grep -qx "phone = +5511912345678" "$f" && ! grep -q "^email" "$f" &&
	grep -qx "name = Maria S. Silva" "$f" &&
	test "$(commit_count .)" = $((n + 1)) &&
	git log -1 --format=%s | grep -q "^edit-customer: Maria S. Silva (maria-silva)" &&
	assert_clean .
'

test_expect 'edit-customer with nothing to change is a usage error (exit 2)' '
	cd s && s1=$(snapshot .) &&
	run_cobra 2 edit-customer maria-silva && head -n 1 "$ERR" | grep -q "^cobra: error:" &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'show --format json gives the profile and a zero balance' '
	cd s &&
	run_cobra 0 show ana-lima --format json &&
	grep -q "\"handle\": \"ana-lima\"" "$OUT" && grep -q "\"balance\": \"0.00\"" "$OUT"
'

test_done
