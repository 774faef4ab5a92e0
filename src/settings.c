/*-------------------------------------------------------------------------
 * src/settings.c
 *	  Tenant settings: get_tenant_settings, update_tenant_settings, and the
 *	  readers the rest of the C code uses, all driven by one table of keys.
 *
 * A key is the column of supporthub.tenant_settings of the same name; its
 * kind says how a JSON value is checked and converted to the column's
 * type (an integer's range is the column's CHECK constraint, an amount's
 * digits its numeric type: catalog.c reads them) and how the column's
 * value is written back as JSON.  The update statement, the result and the
 * feed's changes are made from the same table, so a new setting is one
 * line here and one column in a migration.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/uuid.h"

#include "activity.h"
#include "catalog.h"
#include "entities.h"
#include "plans.h"
#include "settings.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"

#define SETTINGS_TABLE "tenant_settings"

/* How a key's JSON value is checked, and what its column holds. */
typedef enum SettingKind
{
	SETTING_BOOL,				/* true or false */
	SETTING_INT,				/* a whole number within the column's CHECK */
	SETTING_ESCALATION_TYPE,	/* the id of an escalation type of the tenant */
	SETTING_AMOUNT,				/* from 0, the digits of the column's numeric */
	SETTING_CURRENCY,			/* three capital letters (ISO 4217) */
	SETTING_TIME_ZONE			/* a name of pg_timezone_names, kept as spelt
								 * there */
} SettingKind;

/* The column type of each kind: parameter type, and its cast in SQL. */
static const struct
{
	Oid			type;
	const char *sqltype;
}			kind_types[] = {
	[SETTING_BOOL] = {BOOLOID, "boolean"},
	[SETTING_INT] = {INT4OID, "integer"},
	[SETTING_ESCALATION_TYPE] = {UUIDOID, "uuid"},
	[SETTING_AMOUNT] = {NUMERICOID, "numeric"},
	[SETTING_CURRENCY] = {TEXTOID, "text"},
	[SETTING_TIME_ZONE] = {TEXTOID, "text"},
};

typedef struct SettingSpec
{
	const char *name;			/* the key, and its column */
	SettingKind kind;
	const char *null_hint;		/* a key that JSON null clears: what null
								 * means, the HINT of a refusal (NULL: null
								 * is refused like any wrong value) */
} SettingSpec;

enum
{
	SELF_SIGN_UP, MAX_SESSIONS_PER_USER, ACCESS_TOKEN_MINUTES,
	REFRESH_TOKEN_DAYS, REFRESH_REUSE_SECONDS, AUTO_ASSIGN,
	SLA_ESCALATION_TYPE_ID, AGENT_REFUND_LIMIT, CURRENCY, TIME_ZONE,
	NSETTINGS
};

static const SettingSpec settings[NSETTINGS] = {
	[SELF_SIGN_UP] = {"self_sign_up", SETTING_BOOL},
	[MAX_SESSIONS_PER_USER] = {"max_sessions_per_user", SETTING_INT},
	[ACCESS_TOKEN_MINUTES] = {"access_token_minutes", SETTING_INT},
	[REFRESH_TOKEN_DAYS] = {"refresh_token_days", SETTING_INT},
	[REFRESH_REUSE_SECONDS] = {"refresh_reuse_seconds", SETTING_INT},
	[AUTO_ASSIGN] = {"auto_assign", SETTING_BOOL},
	[SLA_ESCALATION_TYPE_ID] = {"sla_escalation_type_id", SETTING_ESCALATION_TYPE,
	.null_hint = "Or null: no escalation type is chosen."},
	[AGENT_REFUND_LIMIT] = {"agent_refund_limit", SETTING_AMOUNT,
	.null_hint = "Or null: agents may refund any amount."},
	[CURRENCY] = {"currency", SETTING_CURRENCY},
	[TIME_ZONE] = {"time_zone", SETTING_TIME_ZONE},
};

/* One setting's value, in its column's type. */
typedef struct SettingValue
{
	Datum		value;
	bool		isnull;
} SettingValue;

/*
 * The table of keys must agree with the table: each key a column of the
 * type its kind says.  Checked at the first call in a backend and again
 * after any relcache invalidation; a disagreement fails every call
 * (XX000), as an entity descriptor that disagrees does.
 */
static void
check_columns(void)
{
	static uint64 checked_generation = 0;
	uint64		generation = catalog_generation();

	if (checked_generation == generation)
		return;
	for (int i = 0; i < NSETTINGS; i++)
		if (catalog_column_type(SETTINGS_TABLE, settings[i].name) != kind_types[settings[i].kind].type)
			elog(ERROR, "descriptor of supporthub.%s: field %s does not match the table's column",
				 SETTINGS_TABLE, settings[i].name);
	checked_generation = generation;
}

/* ---------- the values as JSON ---------- */

/* JSON literal of a value as its column holds it (NULL for SQL NULL). */
static char *
value_json(const SettingSpec *s, const SettingValue *v)
{
	if (v->isnull)
		return NULL;
	switch (s->kind)
	{
		case SETTING_BOOL:
			return pstrdup(DatumGetBool(v->value) ? "true" : "false");
		case SETTING_INT:
			return psprintf("%d", DatumGetInt32(v->value));
		case SETTING_ESCALATION_TYPE:
			return json_string(DatumGetCString(DirectFunctionCall1(uuid_out, v->value)));
		case SETTING_AMOUNT:
			return DatumGetCString(DirectFunctionCall1(numeric_out, v->value));
		case SETTING_CURRENCY:
		case SETTING_TIME_ZONE:
			return json_string(TextDatumGetCString(v->value));
	}
	return NULL;
}

/* The settings as the functions return them: every key with its value. */
static Datum
settings_document(const SettingValue *values)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < NSETTINGS; i++)
	{
		char	   *json = value_json(&settings[i], &values[i]);

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		escape_json(&buf, settings[i].name);
		appendStringInfo(&buf, ": %s", json ? json : "null");
	}
	appendStringInfoChar(&buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* ---------- reading the row ---------- */

/* "<alias>.<column>, …" for every setting, in the table's order of keys. */
static void
append_columns(StringInfo sql, const char *alias)
{
	for (int i = 0; i < NSETTINGS; i++)
		appendStringInfo(sql, "%s%s.%s", i > 0 ? ", " : "", alias, settings[i].name);
}

/* The values of a result row, one per setting, from column first on. */
static void
values_from_row(int first, SettingValue *out)
{
	HeapTuple	tup = SPI_tuptable->vals[0];
	TupleDesc	desc = SPI_tuptable->tupdesc;

	for (int i = 0; i < NSETTINGS; i++)
		out[i].value = SPI_getbinval(tup, desc, first + i, &out[i].isnull);
}

/*
 * Every setting of a tenant, through one kept plan.  Every tenant has its
 * row (made with it), and the API reads it for any actor of the tenant;
 * no row is an internal error: no actor of that tenant, or a row removed
 * behind the API's back.
 */
static void
read_settings(const pg_uuid_t *tenant_id, bool read_only, SettingValue *out)
{
	static const Oid types[1] = {UUIDOID};
	Datum		values[1];
	StringInfoData sql;

	check_columns();
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	append_columns(&sql, "s");
	appendStringInfoString(&sql, " FROM supporthub." SETTINGS_TABLE " s WHERE s.tenant_id = $1");
	values[0] = UUIDPGetDatum(tenant_id);
	if (plan_exec(sql.data, 1, types, values, NULL, read_only, 1) == 0)
		elog(ERROR, "supporthub.%s has no row the actor may read for its tenant", SETTINGS_TABLE);
	values_from_row(1, out);
}

void
tenant_settings_read(const pg_uuid_t *tenant_id, TenantSettings *out)
{
	SettingValue v[NSETTINGS];

	read_settings(tenant_id, false, v);
	out->self_sign_up = DatumGetBool(v[SELF_SIGN_UP].value);
	out->max_sessions_per_user = DatumGetInt32(v[MAX_SESSIONS_PER_USER].value);
	out->access_token_minutes = DatumGetInt32(v[ACCESS_TOKEN_MINUTES].value);
	out->refresh_token_days = DatumGetInt32(v[REFRESH_TOKEN_DAYS].value);
	out->refresh_reuse_seconds = DatumGetInt32(v[REFRESH_REUSE_SECONDS].value);
}

/* The row is made with the tenant, so that every tenant always has one. */
void
tenant_settings_create(const pg_uuid_t *tenant_id)
{
	static const Oid types[1] = {UUIDOID};
	Datum		values[1];

	values[0] = UUIDPGetDatum(tenant_id);
	plan_exec("INSERT INTO supporthub." SETTINGS_TABLE " (tenant_id) VALUES ($1)",
			  1, types, values, NULL, false, 0);
}

/* ---------- checking what is given ---------- */

static int
numeric_compare(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/* Is n equal to itself rounded to scale decimals? */
static bool
numeric_has_scale(Numeric n, int scale)
{
	Datum		rounded = DirectFunctionCall2(numeric_round, NumericGetDatum(n),
											  Int32GetDatum(scale));

	return numeric_compare(n, DatumGetNumeric(rounded)) == 0;
}

/* A JSON number that is a whole number within the column's CHECK. */
static Datum
setting_int(const SettingSpec *s, const JsonbValue *v)
{
	int32		min,
				max;

	catalog_int_range(SETTINGS_TABLE, s->name, &min, &max);
	if (v->type != jbvNumeric ||
		numeric_compare(v->val.numeric, int64_to_numeric(min)) < 0 ||
		numeric_compare(v->val.numeric, int64_to_numeric(max)) > 0 ||
		!numeric_has_scale(v->val.numeric, 0))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
				  "%s must be a whole number from %d to %d", s->name, min, max);
	return DirectFunctionCall1(numeric_int4, NumericGetDatum(v->val.numeric));
}

/*
 * A JSON number from 0 up to what the column's numeric(p, s) holds, with
 * at most s decimals (so that nothing is rounded away).
 */
static Datum
setting_amount(const SettingSpec *s, const JsonbValue *v)
{
	int32		typmod = catalog_column_typmod(SETTINGS_TABLE, s->name);
	int			precision,
				scale;
	StringInfoData max;

	if (typmod < (int32) VARHDRSZ)
		elog(ERROR, "column supporthub.%s.%s has no precision", SETTINGS_TABLE, s->name);
	precision = ((typmod - VARHDRSZ) >> 16) & 0xffff;
	scale = (((typmod - VARHDRSZ) & 0x7ff) ^ 1024) - 1024;
	initStringInfo(&max);
	for (int i = 0; i < precision; i++)
	{
		if (i == precision - scale)
			appendStringInfoChar(&max, '.');
		appendStringInfoChar(&max, '9');
	}
	if (v->type != jbvNumeric ||
		numeric_compare(v->val.numeric, int64_to_numeric(0)) < 0 ||
		numeric_compare(v->val.numeric,
						DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(max.data),
															ObjectIdGetDatum(InvalidOid),
															Int32GetDatum(-1)))) > 0 ||
		!numeric_has_scale(v->val.numeric, scale))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
				  "%s must be an amount from 0 to %s with at most %d decimals",
				  s->name, max.data, scale);
	return DirectFunctionCall2(numeric, NumericGetDatum(v->val.numeric), Int32GetDatum(typmod));
}

/* A uuid as JSON carries it: 32 hex digits, with or without the four hyphens. */
static bool
uuid_text_is_valid(const char *s, int len)
{
	if (len != 32 && len != 36)
		return false;
	for (int i = 0; i < len; i++)
	{
		if (len == 36 && (i == 8 || i == 13 || i == 18 || i == 23))
		{
			if (s[i] != '-')
				return false;
		}
		else if (!isxdigit((unsigned char) s[i]))
			return false;
	}
	return true;
}

/* The id of an escalation type of the actor's tenant (PT404 otherwise). */
static Datum
setting_escalation_type(ApiCall *call, const SettingSpec *s, const JsonbValue *v)
{
	Datum		id;

	if (v->type != jbvString || !uuid_text_is_valid(v->val.string.val, v->val.string.len))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
				  "%s must be the id of an escalation type", s->name);
	id = DirectFunctionCall1(uuid_in,
							 CStringGetDatum(pnstrdup(v->val.string.val, v->val.string.len)));
	engine_check_reference(call, &escalation_type_entity, id);
	return id;
}

/* Three capital letters, the form of an ISO 4217 code. */
static Datum
setting_currency(const SettingSpec *s, const JsonbValue *v)
{
	bool		ok = v->type == jbvString && v->val.string.len == 3;

	for (int i = 0; ok && i < 3; i++)
		ok = v->val.string.val[i] >= 'A' && v->val.string.val[i] <= 'Z';
	if (!ok)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
				  "%s must be an ISO 4217 currency code of three capital letters, such as USD",
				  s->name);
	return CStringGetTextDatum(pnstrdup(v->val.string.val, 3));
}

/*
 * A time zone PostgreSQL knows by name (not an abbreviation, not a POSIX
 * offset such as "UTC+3"), found ignoring case and kept as
 * pg_timezone_names spells it ("europe/paris" is "Europe/Paris").
 */
static Datum
setting_time_zone(ApiCall *call, const SettingSpec *s, const JsonbValue *v)
{
	static const Oid types[1] = {TEXTOID};
	Datum		values[1];
	int			limit = catalog_text_limit(SETTINGS_TABLE, s->name);
	bool		isnull;

	if (v->type == jbvString && v->val.string.len > 0 &&
		(limit == 0 || v->val.string.len <= limit))
	{
		values[0] = CStringGetTextDatum(pnstrdup(v->val.string.val, v->val.string.len));
		if (plan_exec("SELECT z.name FROM pg_catalog.pg_timezone_names z"
					  " WHERE lower(z.name) = lower($1) ORDER BY z.name LIMIT 1",
					  1, types, values, NULL, call->read_only, 1) == 1)
			return CStringGetTextDatum(TextDatumGetCString(
														   SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)));
	}
	api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
			  "%s must be the name of a time zone PostgreSQL knows (pg_timezone_names), such as Europe/Paris",
			  s->name);
	return (Datum) 0;			/* keep compiler quiet */
}

/* A given value in its column's type; 22023 naming the key otherwise. */
static void
setting_value(ApiCall *call, const SettingSpec *s, const JsonbValue *v, SettingValue *out)
{
	out->isnull = false;
	if (v->type == jbvNull && s->null_hint != NULL)
	{
		out->isnull = true;
		return;
	}
	switch (s->kind)
	{
		case SETTING_BOOL:
			if (v->type != jbvBool)
				api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, s->null_hint,
						  "%s must be true or false", s->name);
			out->value = BoolGetDatum(v->val.boolean);
			break;
		case SETTING_INT:
			out->value = setting_int(s, v);
			break;
		case SETTING_ESCALATION_TYPE:
			out->value = setting_escalation_type(call, s, v);
			break;
		case SETTING_AMOUNT:
			out->value = setting_amount(s, v);
			break;
		case SETTING_CURRENCY:
			out->value = setting_currency(s, v);
			break;
		case SETTING_TIME_ZONE:
			out->value = setting_time_zone(call, s, v);
			break;
	}
}

/* An unknown key, named (its first 64 bytes) in the refusal. */
static void
refuse_key(const char *key, int len)
{
	char	   *shown = pnstrdup(key, pg_mbcliplen(key, len, 64));

	if ((int) strlen(shown) < len)
		shown = psprintf("%s…", shown);
	api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
			  "get_tenant_settings() returns every setting there is.",
			  "\"%s\" is not a tenant setting", shown);
}

/*
 * The argument: a JSON object whose keys are settings.  present[i] says
 * whether key i is given, given[i] its value checked and converted; the
 * number of keys given is returned.
 */
static int
read_argument(ApiCall *call, Jsonb *jb, bool *present, SettingValue *given)
{
	JsonbValue	values[NSETTINGS];
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken token;
	int			n = 0;

	if (!JB_ROOT_IS_OBJECT(jb))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Pass the settings to change as the keys of an object, such as {\"auto_assign\": true}.",
				  "settings must be a JSON object");
	it = JsonbIteratorInit(&jb->root);
	while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		int			k;

		if (token != WJB_KEY)
			continue;
		for (k = 0; k < NSETTINGS; k++)
			if (strlen(settings[k].name) == v.val.string.len &&
				memcmp(settings[k].name, v.val.string.val, v.val.string.len) == 0)
				break;
		if (k == NSETTINGS)
			refuse_key(v.val.string.val, v.val.string.len);
		(void) JsonbIteratorNext(&it, &values[k], true);
		present[k] = true;
		n++;
	}
	for (int k = 0; k < NSETTINGS; k++)
		if (present[k])
			setting_value(call, &settings[k], &values[k], &given[k]);
	return n;
}

/* ---------- the API ---------- */

static Datum
get_settings_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	SettingValue values[NSETTINGS];

	read_settings(&call->actor.tenant_id, call->read_only, values);
	return api_response_document(settings_document(values));
}

PG_FUNCTION_INFO_V1(sh_get_tenant_settings);
Datum
sh_get_tenant_settings(PG_FUNCTION_ARGS)
{
	ApiCall		call = {
		.name = "get_tenant_settings",
		.access = API_STAFF,
		.denied = "Only staff may read tenant settings",
		.read_only = true,
	};

	return api_call(fcinfo, &call, get_settings_body);
}

/*
 * Write the keys given, and only those, in one statement: it locks the row
 * and returns the values the row held (so the feed shows the true old
 * values however admins race) beside every new one, and touches nothing
 * when no key changes.  Two admins changing different keys at once both
 * take effect: the second waits for the first and then writes only its
 * own keys over the first one's row.  Returns false when nothing changed.
 */
static bool
write_settings(ApiCall *call, const bool *present, const SettingValue *given,
			   SettingValue *old, SettingValue *now)
{
	Oid			types[1 + NSETTINGS];
	Datum		values[1 + NSETTINGS];
	bool		isnull[1 + NSETTINGS];
	StringInfoData set,
				locked,
				differs,
				sql;
	int			n = 0,
				ngiven = 0;

	types[n] = UUIDOID;
	values[n] = UUIDPGetDatum(&call->actor.tenant_id);
	isnull[n++] = false;
	initStringInfo(&set);
	initStringInfo(&locked);
	initStringInfo(&differs);
	for (int i = 0; i < NSETTINGS; i++)
	{
		const char *name = settings[i].name;
		const char *sqltype = kind_types[settings[i].kind].sqltype;

		if (!present[i])
			continue;
		types[n] = kind_types[settings[i].kind].type;
		values[n] = given[i].value;
		isnull[n++] = given[i].isnull;
		appendStringInfo(&set, "%s = $%d::%s, ", name, n, sqltype);
		appendStringInfo(&locked, "%s%s", ngiven > 0 ? ", " : "", name);
		appendStringInfo(&differs, "%so.%s IS DISTINCT FROM $%d::%s",
						 ngiven > 0 ? " OR " : "", name, n, sqltype);
		ngiven++;
	}
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "UPDATE supporthub." SETTINGS_TABLE " AS s SET %supdated_at = now()"
					 " FROM (SELECT tenant_id, %s FROM supporthub." SETTINGS_TABLE
					 " WHERE tenant_id = $1 FOR UPDATE) AS o"
					 " WHERE s.tenant_id = $1 AND o.tenant_id = s.tenant_id AND (%s)"
					 " RETURNING o.*, ",
					 set.data, locked.data, differs.data);
	append_columns(&sql, "s");
	if (plan_exec(sql.data, n, types, values, isnull, false, 0) == 0)
		return false;
	/* o.*: tenant_id, then the old values of the keys given, in order */
	for (int i = 0, col = 2; i < NSETTINGS; i++)
		if (present[i])
			old[i].value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
										 col++, &old[i].isnull);
	values_from_row(2 + ngiven, now);
	return true;
}

static Datum
update_settings_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	bool		present[NSETTINGS] = {false};
	SettingValue given[NSETTINGS];
	SettingValue old[NSETTINGS];
	SettingValue now[NSETTINGS];
	Changes		changes;
	Datum		document;

	check_columns();
	if (PG_ARGISNULL(0))
		api_error_null_arg("settings");
	if (read_argument(call, PG_GETARG_JSONB_P(0), present, given) == 0 ||
		!write_settings(call, present, given, old, now))
	{
		/* nothing to change: the settings as they are, nothing logged */
		read_settings(&call->actor.tenant_id, false, now);
		return api_response_document(settings_document(now));
	}

	/* both from the statement's row, before another statement runs */
	document = settings_document(now);
	changes_init(&changes);
	for (int i = 0; i < NSETTINGS; i++)
	{
		char	   *before,
				   *after;

		if (!present[i])
			continue;
		before = value_json(&settings[i], &old[i]);
		after = value_json(&settings[i], &now[i]);
		if ((before == NULL) != (after == NULL) ||
			(before != NULL && strcmp(before, after) != 0))
			changes_add(&changes, settings[i].name, before, after);
	}
	if (changes.count > 0)
		activity_log(&call->actor, &call->actor.tenant_id, "updated", "tenant",
					 &call->actor.tenant_id, NULL, changes_text(&changes));
	return api_response_document(document);
}

PG_FUNCTION_INFO_V1(sh_update_tenant_settings);
Datum
sh_update_tenant_settings(PG_FUNCTION_ARGS)
{
	ApiCall		call = {
		.name = "update_tenant_settings",
		.access = API_ADMIN,
		.denied = "Only admins may change tenant settings",
	};

	return api_call(fcinfo, &call, update_settings_body);
}
