#!/bin/sh
# make demo: a sample store in a throwaway folder, then what the owner sees.
set -eu
cobra=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d "${TMPDIR:-/tmp}/cobra-demo.XXXXXX")
export COBRA_TODAY=2026-11-22 COBRA_AUTHOR_NAME="Ana (demo)" COBRA_AUTHOR_EMAIL=ana@example.com
run() {
	printf '\n$ cobra %s\n' "$*"
	"$cobra" -C "$dir/loja" "$@"
}
"$cobra" init "$dir/loja" --name "Mercadinho da Ana" --doc 11.222.333/0001-81 >/dev/null
echo "demo store: $dir/loja (pinned to COBRA_TODAY=$COBRA_TODAY)"
run add-customer "Maria Silva" --doc 529.982.247-25 --phone "(11) 98765-4321" --channel whatsapp
run add-customer "João Souza" --email joao@example.com
run add-customer "Padaria Pão Quente" --doc 11.444.777/0001-61
run sell maria 300 --installments 3 --date 2026-08-01 --desc "Geladeira"
run sell joao "R\$ 1.200,00" --installments 10 --rate 2,5 --date 2026-10-01 --desc "Notebook"
run sell padaria 480,00 --installments 2 --every 15d --date 2026-10-20 --desc "Farinha"
run pay maria 50 --date 2026-09-15 --method pix
run pay padaria 240 --date 2026-11-04 --method transfer --ref "TED 123"
run due
run due --by-customer
run due --aging
echo
echo "collections: the business's contact data goes in cobra.ini, like any policy"
sed -i 's/^;address = .*/address = Rua das Flores, 100, Campinas\/SP/; s/^;email = .*/email = cobranca@mercadinho.example/; s/^;pay_how = .*/pay_how = PIX, dinheiro ou cartão no caixa/; s/^;pix_key = .*/pix_key = 11222333000181/; s/^;city = .*/city = Campinas/' "$dir/loja/cobra.ini"
git -C "$dir/loja" -c user.name=Ana -c user.email=ana@example.com commit -qam "policy: contact data and PIX key"
run remind
run rank --explain
run score maria --explain
run negotiate maria
run negotiate maria --accept 2
run pix joao
printf '[channels]\nemail = true\nsms = true\nwhatsapp = true\n' >"$dir/config.ini"
printf '\n$ cobra remind --send   (with channel commands that do nothing, for the demo)\n'
COBRA_CONFIG="$dir/config.ini" "$cobra" -C "$dir/loja" remind --send --format tsv | cut -f 2-5,8-9
run log
echo
echo "git sees one commit per command, and a clean tree:"
git -C "$dir/loja" log --format='  %h %s' | head -n 3
git -C "$dir/loja" status --short
echo "  (git status is empty)"
