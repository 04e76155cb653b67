#include "schedule.h"

#include <stdint.h>
#include <string.h>

bool cobra_reminder_reached(const struct cobra_reminder *r)
{
	return strcmp(r->status, "failed") != 0;
}

int32_t cobra_step_done(const struct cobra_account *a, const char *debt, int n)
{
	int32_t done = INT32_MIN;
	for (size_t i = 0; i < a->nreminders; i++) {
		const struct cobra_reminder *r = &a->reminders[i];
		if (!cobra_reminder_reached(r))
			continue;
		for (size_t k = 0; k < r->item_count; k++)
			if (r->item[k].n == n && r->item[k].step > done && strcmp(r->item[k].debt, debt) == 0)
				done = r->item[k].step;
	}
	return done;
}

int cobra_step_reached(const struct cobra_schedule *sc, cobra_date due, cobra_date asof)
{
	int reached = -1;
	for (size_t i = 0; i < sc->step_count; i++)
		if ((int64_t)due + sc->step[i].offset <= asof)
			reached = (int)i;
	return reached;
}

static bool reachable(const char *channel, const struct cobra_contact *c)
{
	if (strcmp(channel, "email") == 0)
		return c->email && c->email[0];
	if (strcmp(channel, "letter") == 0)
		return c->address && c->address[0];
	return c->phone && c->phone[0]; /* sms, whatsapp, call */
}

const char *cobra_step_channel(const struct cobra_step *step, const struct cobra_contact *c)
{
	for (int i = 0; i < step->nchannels; i++)
		if (c->preferred && strcmp(step->channels[i], c->preferred) == 0 && reachable(step->channels[i], c))
			return step->channels[i];
	for (int i = 0; i < step->nchannels; i++)
		if (reachable(step->channels[i], c))
			return step->channels[i];
	return NULL;
}

bool cobra_interval_ok(cobra_date last, cobra_date asof, int32_t min_interval, cobra_date *next)
{
	if (last == INT32_MIN) {
		*next = asof;
		return true;
	}
	*next = last + (min_interval > 0 ? min_interval : 0);
	return asof >= *next;
}
