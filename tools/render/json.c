// SPDX-License-Identifier: GPL-2.0
/* JSON report; the schema is docs/report.schema.json. */
#include "base/json_out.h"
#include "model/result.h"
#include "base/version.h"
#include "render/render.h"

void render_json(const struct report *rep, FILE *f, int verbose)
{
	struct json j;
	int i, k;

	json_init(&j, f, 1);
	json_obj_begin(&j, NULL);
	json_int(&j, "schema_version", 1);
	json_str(&j, "tool", "hvdiag");
	json_str(&j, "version", HVDIAG_VERSION);
	json_obj_begin(&j, "source");
	json_str(&j, "kind", rep->source);
	if (rep->root[0])
		json_str(&j, "root", rep->root);
	else
		json_null(&j, "root");
	json_str(&j, "kernel_release", rep->release);
	if (rep->fragment[0])
		json_str(&j, "fragment", rep->fragment);
	json_obj_end(&j);
	if (rep->profile[0])
		json_str(&j, "profile", rep->profile);
	else
		json_null(&j, "profile");
	json_str(&j, "profile_reason", rep->profile_reason);
	json_arr_begin(&j, "profiles");
	for (i = 0; i < rep->npicks; i++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "vf", rep->picks[i].vf);
		if (rep->picks[i].profile[0])
			json_str(&j, "profile", rep->picks[i].profile);
		else
			json_null(&j, "profile");
		json_str(&j, "reason", rep->picks[i].reason);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "notes");
	for (i = 0; i < rep->nnotes; i++)
		json_str(&j, NULL, rep->notes[i]);
	json_arr_end(&j);
	json_bool(&j, "applicable", !rep->not_applicable);
	if (rep->not_applicable)
		json_str(&j, "not_applicable_reason", rep->not_applicable_why);
	json_obj_begin(&j, "summary");
	json_int(&j, "pass", report_count(rep, ST_PASS));
	json_int(&j, "fail", report_count(rep, ST_FAIL));
	json_int(&j, "warn", report_count(rep, ST_WARN));
	json_int(&j, "skip", report_count(rep, ST_SKIP));
	json_int(&j, "exit_code", report_exit_code(rep));
	json_obj_end(&j);
	json_arr_begin(&j, "results");
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "id", r->id);
		json_str(&j, "title", r->title);
		json_str(&j, "status", status_str(r->status));
		json_str(&j, "summary", r->summary);
		json_arr_begin(&j, "evidence");
		for (k = 0; k < r->nevidence; k++)
			json_str(&j, NULL, r->evidence[k]);
		json_arr_end(&j);
		if (r->kb_id[0] && result_is_problem(r)) {
			json_obj_begin(&j, "remedy");
			json_str(&j, "kb", r->kb_id);
			json_str(&j, "cause", r->cause);
			json_str(&j, "action", r->remedy);
			if (r->patch[0])
				json_str(&j, "patch", r->patch);
			else
				json_null(&j, "patch");
			json_obj_end(&j);
		} else {
			json_null(&j, "remedy");
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}
