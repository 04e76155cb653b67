#include "standing.h"

#include <stdint.h>
#include <string.h>

#include "error.h"

static void history_line(struct cobra_standing *st, const struct cobra_cline *line, const struct cobra_charges *ch,
			 cobra_date asof)
{
	cobra_date due = cobra_due_effective(ch, line->due);
	if (due > asof)
		return;
	cobra_date paid = line->settled <= asof ? line->settled : INT32_MAX;
	cobra_date end = paid;
	if (line->closed_from <= asof && line->closed_from < end && line->closed_until > asof)
		end = line->closed_from; /* renegotiated */
	if (end == INT32_MAX)
		end = asof;
	st->history.due_count++;
	bool on_time = paid != INT32_MAX && paid <= due + ch->grace_days;
	int32_t delay = on_time || end <= due ? 0 : end - due;
	if (on_time) {
		st->history.on_time++;
		st->good.paid_on_time++;
		if (paid <= due - COBRA_EARLY_DAYS)
			st->good.paid_early++;
	} else if (paid != INT32_MAX) {
		st->good.paid_late++;
	} else if (!cobra_iline_closed(line->closed_from, line->closed_until, asof) && asof > due + ch->grace_days) {
		st->good.overdue++;
	}
	st->history.delay_days_sum += delay;
	if (delay > st->history.worst_delay)
		st->history.worst_delay = delay;
}

int cobra_standing_of(struct cobra_standing *st, const struct cobra_cview *v, const struct cobra_charges *ch,
		      cobra_date asof)
{
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < v->nlines; i++) {
		const struct cobra_cline *line = &v->lines[i];
		struct cobra_owed o;
		if (v->sales[line->sale].date > asof)
			continue;
		history_line(st, line, ch, asof);
		int rc = cobra_cline_owed(&o, v, i, ch, asof);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		if (!cobra_money_add(&st->open, st->open, o.total))
			return cobra_error(COBRA_DATA, "%s: balance overflows", v->handle);
		if (o.days_late <= 0)
			continue;
		st->overdue += o.total;
		st->principal += o.principal;
		st->fee += o.fee;
		st->interest += o.interest;
		st->overdue_items++;
		if (o.days_late > st->oldest_days)
			st->oldest_days = o.days_late;
	}
	st->history.tenure_days = asof > v->sum->since ? asof - v->sum->since : 0;
	st->history.broken_agreements = v->sum->broken;
	st->history.reminders = v->sum->reminders;
	cobra_score_compute(&st->score, &st->history);
	return 0;
}

struct standing_for {
	const struct cobra_charges *pol;
	cobra_date asof;
	struct cobra_standing *out;
	bool found;
};

static int standing_one(void *arg, const struct cobra_cview *v)
{
	struct standing_for *sf = arg;
	struct cobra_charges ch;
	cobra_charges_for(&ch, sf->pol, v->doc);
	sf->found = true;
	return cobra_standing_of(sf->out, v, &ch, sf->asof);
}

int cobra_standing_for(struct cobra_standing *out, struct cobra_store *s, const struct cobra_entry *e,
		       cobra_date asof)
{
	memset(out, 0, sizeof(*out));
	struct standing_for sf = {&s->policy.charges, asof, out, false};
	int rc = cobra_cache_each(s, e, standing_one, &sf);
	if (rc < 0)
		return rc;
	if (!sf.found)
		return cobra_error(COBRA_NOTFOUND, "customer: %s is not in HEAD", e->handle);
	return 0;
}
