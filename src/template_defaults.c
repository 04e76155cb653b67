/*
 * The default templates (template.h). The wording follows the Código de
 * Defesa do Consumidor: art. 42 (no ridicule, threat, pressure or exposure
 * of the debtor: no third parties, no deadlines used as menace), art. 42-A
 * (every collection message names the creditor: name, CPF/CNPJ, address)
 * and art. 43 §2 (the written prior notice before a credit-bureau record,
 * in "notice", stated as information with an invitation to negotiate).
 * friendly and due-today go by SMS or WhatsApp: their bodies stay short.
 * tests/unit/test_template.c checks all of this, including a list of words
 * that must never appear.
 */
#include "template.h"

#include <stddef.h>

static const char friendly[] =
	"Subject: Lembrete: {{total}} vence em {{due_date}}\n"
	"Olá, {{first_name}}! Um lembrete amigável: o pagamento de {{total}} vence em "
	"{{due_date}}. Para pagar: {{pay_how}}. Se já pagou, obrigado!\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n";

static const char due_today[] =
	"Subject: Hoje vence o pagamento de {{total}}\n"
	"Olá, {{first_name}}! Hoje, {{due_date}}, vence o pagamento de {{total}}. "
	"Para pagar: {{pay_how}}.\n"
	"{{pix}}\n"
	"Se já pagou, obrigado!\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n";

static const char overdue[] =
	"Subject: Pagamento em aberto com {{business}}\n"
	"\n"
	"Olá, {{name}}.\n"
	"\n"
	"Não encontramos o pagamento de:\n"
	"{{items}}\n"
	"\n"
	"Total atualizado hoje, {{today}}: {{total}}\n"
	"(principal {{principal}}, multa {{fee}}, juros {{interest}}).\n"
	"\n"
	"Para pagar: {{pay_how}}\n"
	"{{pix}}\n"
	"\n"
	"Se o pagamento já foi feito, por favor desconsidere esta mensagem. "
	"Qualquer dúvida, é só responder.\n"
	"\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n";

static const char offer[] =
	"Subject: Vamos combinar o pagamento?\n"
	"\n"
	"Olá, {{name}}.\n"
	"\n"
	"Sabemos que imprevistos acontecem. Consta em aberto {{total}}, referente a:\n"
	"{{items}}\n"
	"\n"
	"Gostaríamos de conversar e encontrar uma forma que caiba no seu orçamento. "
	"Podemos oferecer condições facilitadas:\n"
	"{{offer}}\n"
	"\n"
	"Se quiser aceitar ou propor outra forma, é só responder a esta mensagem. "
	"Se o pagamento já foi feito, por favor desconsidere.\n"
	"\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n";

static const char notice[] =
	"Subject: Notificação de débito em aberto\n"
	"\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n"
	"\n"
	"{{today}}\n"
	"\n"
	"Para: {{name}}\n"
	"\n"
	"NOTIFICAÇÃO\n"
	"\n"
	"Prezado(a) {{name}},\n"
	"\n"
	"Informamos que constam em aberto, em nossos registros, os seguintes valores:\n"
	"\n"
	"{{items}}\n"
	"\n"
	"Principal: {{principal}}\n"
	"Multa: {{fee}}\n"
	"Juros: {{interest}}\n"
	"Total atualizado em {{today}}: {{total}}\n"
	"\n"
	"Formas de pagamento: {{pay_how}}\n"
	"{{pix}}\n"
	"\n"
	"Conforme o art. 43, § 2º, do Código de Defesa do Consumidor, informamos que, "
	"se o débito não for quitado ou negociado no prazo de 10 (dez) dias a contar do "
	"recebimento desta notificação, ele poderá ser registrado em serviço de proteção "
	"ao crédito (SPC/Serasa).\n"
	"\n"
	"Queremos encontrar com você a melhor solução. Estamos à disposição para "
	"conversar e negociar condições de pagamento: basta entrar em contato conosco. "
	"Se o pagamento já foi feito, por favor desconsidere esta notificação.\n"
	"\n"
	"Atenciosamente,\n"
	"\n"
	"{{business}}\n"
	"{{business_doc}}\n"
	"{{business_address}}\n";

const struct cobra_template_default cobra_template_defaults[] = {
	{"friendly", friendly},
	{"due-today", due_today},
	{"overdue", overdue},
	{"offer", offer},
	{"notice", notice},
	{NULL, NULL},
};
