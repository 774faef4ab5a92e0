/*-------------------------------------------------------------------------
 * src/engine.c
 *	  One CRUD implementation for every entity described by an EntitySpec:
 *	  argument checks, tenant scoping, friendly duplicate and in-use
 *	  errors, the activity row with old and new values, and the result.
 *
 * Statements are generated from the descriptor (identifiers only; every
 * value is a parameter) and prepared once per backend (plans.c).  Every
 * statement filters tenant_id = the actor's tenant explicitly, which keeps
 * index conditions under row-level security and routes a statement to one
 * shard on a distributed cluster; the policies hold as well.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/uuid.h"

#include "activity.h"
#include "catalog.h"
#include "engine.h"
#include "plans.h"
#include "unicode_text.h"
#include "api/api_error.h"
#include "api/api_response.h"

#define PAGE_SIZE_DEFAULT 50
#define PAGE_SIZE_MAX 500

/* How often a guarded write is decided again after losing a race. */
#define ENGINE_MAX_RETRIES 20

/* ---------- values ---------- */

int
engine_field_index(const EntitySpec *e, const char *name)
{
	int			i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return i;
	elog(ERROR, "entity %s has no field %s", e->table, name);
	return -1;					/* keep compiler quiet */
}

/* Text of a text or enum field (NULL when the value is NULL). */
char *
engine_text_value(const EngineRow *row, int index)
{
	if (row->isnull[index])
		return NULL;
	return TextDatumGetCString(row->values[index]);
}

/*
 * Byte length of the white-space character at p, 0 when it is none: ASCII
 * white space, and in UTF-8 databases the Unicode spaces a pasted name
 * tends to carry (no-break, en/em and other typographic spaces, zero-width
 * space, line and paragraph separators, ideographic space, BOM).
 */
static int
space_at(const char *p)
{
	const unsigned char *u = (const unsigned char *) p;

	if (*u < 0x80)
		return (*u && isspace(*u)) ? 1 : 0;
	if (GetDatabaseEncoding() != PG_UTF8)
		return 0;
	if (u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;				/* NEL, NBSP */
	if (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 3;				/* ogham space mark */
	if (u[0] == 0xE1 && u[1] == 0xA0 && u[2] == 0x8E)
		return 3;				/* Mongolian vowel separator */
	if (u[0] == 0xE2 && u[1] == 0x80 &&
		((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;				/* U+2000..200B, 2028, 2029, 202F */
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;				/* medium mathematical space */
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;				/* ideographic space */
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;				/* BOM / zero-width no-break space */
	return 0;
}

/* Trim white space (see space_at) on both ends. */
char *
engine_trim(const char *s)
{
	const char *p;
	const char *end;
	int			n;

	while ((n = space_at(s)) > 0)
		s += n;
	end = s;
	for (p = s; *p;)
	{
		n = space_at(p);
		if (n == 0)
		{
			p += pg_mblen(p);
			end = p;
		}
		else
			p += n;
	}
	return pnstrdup(s, end - s);
}

/* Does the string contain any white space at all? */
static bool
has_space(const char *s)
{
	while (*s)
	{
		if (space_at(s) > 0)
			return true;
		s += pg_mblen(s);
	}
	return false;
}

/* A plain syntactic email check: local@domain.tld, no spaces, one @. */
static bool
email_is_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;
	const char *p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	if (has_space(s))
		return false;
	for (p = s; *p; p++)
		if (*p == ',' || *p == ';' ||
			*p == '<' || *p == '>' || *p == '(' || *p == ')' || *p == '"')
			return false;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	if (strstr(at + 1, "..") != NULL || at[1] == '.' || s[0] == '.' || at[-1] == '.')
		return false;
	return true;
}

/* An absolute http(s) URL with a host and no white space or controls. */
static bool
url_is_valid(const char *s)
{
	const char *host;
	const char *p;

	if (pg_strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (pg_strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return false;
	if (*host == '\0' || *host == '/' || *host == '?' || *host == '#' || *host == ':')
		return false;
	if (has_space(s))
		return false;
	for (p = s; *p; p++)
		if ((unsigned char) *p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' ||
			*p == '>' || *p == '\\')
			return false;
	return true;
}

/*
 * Check a text argument (already trimmed when F_TRIM): not blank when
 * F_NONEMPTY, not longer than max_len characters, only characters a name
 * may hold when F_LINE (free text otherwise), an email when F_EMAIL.
 */
void
engine_check_text(const char *argname, char *value, int max_len, int flags)
{
	size_t		bytes = strlen(value);
	const char *p = value;

	while (space_at(p) > 0)
		p += space_at(p);
	if ((flags & F_NONEMPTY) && *p == '\0')
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "%s must not be empty", argname);
	/* cheap test first: a UTF-8 character is at most 4 bytes */
	if (max_len > 0 &&
		(bytes > (size_t) max_len * 4 ||
		 pg_mbstrlen_with_len(value, bytes) > max_len))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "%s must be at most %d characters", argname, max_len);
	text_check_chars(argname, value, (flags & F_LINE) != 0);
	if ((flags & F_URL) && !url_is_valid(value))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Use an absolute URL such as https://example.com/recordings/42.",
				  "%s is not a valid http(s) URL", argname);
	if ((flags & F_EMAIL) && !email_is_valid(value))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Use an address of the form name@example.com.",
				  "%s is not a valid email address", argname);
}

void
engine_check_column_text(const char *table, const char *column, char *value, int flags)
{
	engine_check_text(column, value, catalog_text_limit(table, column), flags);
}

/* Page size argument: NULL means the default; otherwise 1..500. */
int
engine_page_size(FunctionCallInfo fcinfo, int argno)
{
	int32		n;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return PAGE_SIZE_DEFAULT;
	n = PG_GETARG_INT32(argno);
	if (n < 1 || n > PAGE_SIZE_MAX)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "page_size must be between 1 and %d", PAGE_SIZE_MAX);
	return n;
}

/* Read argument argno into row->values[index], normalised and checked. */
static void
read_arg(FunctionCallInfo fcinfo, int argno, const EntitySpec *e, const FieldSpec *f,
		 EngineRow *row, int index, bool required)
{
	row->isnull[index] = PG_ARGISNULL(argno);
	if (row->isnull[index])
	{
		if (required)
			api_error_null_arg(f->name);
		return;
	}
	switch (f->kind)
	{
		case FIELD_TEXT:
			{
				char	   *s = TextDatumGetCString(PG_GETARG_DATUM(argno));

				if (f->flags & F_TRIM)
					s = engine_trim(s);
				engine_check_column_text(e->table, f->name, s, f->flags);
				row->values[index] = CStringGetTextDatum(s);
				break;
			}
		case FIELD_ENUM:
			row->values[index] = CStringGetTextDatum(DatumGetCString(
																	 DirectFunctionCall1(enum_out, PG_GETARG_DATUM(argno))));
			break;
		case FIELD_UUID:
			{
				pg_uuid_t  *u = palloc(sizeof(pg_uuid_t));

				memcpy(u, PG_GETARG_UUID_P(argno), sizeof(pg_uuid_t));
				row->values[index] = UUIDPGetDatum(u);
				break;
			}
		case FIELD_BOOL:
			row->values[index] = BoolGetDatum(PG_GETARG_BOOL(argno));
			break;
	}
}

/* Set a uuid field from C (hooks filling columns that are not arguments). */
void
engine_set_uuid(EngineRow *row, int index, const pg_uuid_t *value)
{
	pg_uuid_t  *u;

	if (value == NULL)
	{
		row->isnull[index] = true;
		return;
	}
	u = palloc(sizeof(pg_uuid_t));
	memcpy(u, value, sizeof(pg_uuid_t));
	row->values[index] = UUIDPGetDatum(u);
	row->isnull[index] = false;
}

/* Fill row from a whole-row composite of the entity's table. */
static void
row_from_composite(const EntitySpec *e, Datum composite, EngineRow *row)
{
	HeapTupleHeader hdr = DatumGetHeapTupleHeader(composite);
	bool		isnull;
	int			i;

	row->composite = composite;
	memcpy(&row->id, DatumGetUUIDP(GetAttributeByName(hdr, "id", &isnull)), sizeof(pg_uuid_t));
	if (e->tenant_scoped)
		memcpy(&row->tenant_id,
			   DatumGetUUIDP(GetAttributeByName(hdr, "tenant_id", &isnull)), sizeof(pg_uuid_t));
	else
		row->tenant_id = row->id;
	for (i = 0; i < e->nfields; i++)
	{
		Datum		d = GetAttributeByName(hdr, e->fields[i].name, &row->isnull[i]);

		if (!row->isnull[i] && e->fields[i].kind == FIELD_ENUM)
			d = CStringGetTextDatum(DatumGetCString(DirectFunctionCall1(enum_out, d)));
		row->values[i] = d;
	}
}

/* JSON literal of a field value (NULL for SQL NULL). */
static char *
field_json(const FieldSpec *f, Datum v, bool isnull)
{
	if (isnull)
		return NULL;
	switch (f->kind)
	{
		case FIELD_TEXT:
		case FIELD_ENUM:
			return json_string(TextDatumGetCString(v));
		case FIELD_UUID:
			return json_string(DatumGetCString(DirectFunctionCall1(uuid_out, v)));
		case FIELD_BOOL:
			return pstrdup(DatumGetBool(v) ? "true" : "false");
	}
	return NULL;
}

static bool
field_equal(const FieldSpec *f, Datum a, bool anull, Datum b, bool bnull)
{
	if (anull || bnull)
		return anull && bnull;
	switch (f->kind)
	{
		case FIELD_TEXT:
		case FIELD_ENUM:
			return strcmp(TextDatumGetCString(a), TextDatumGetCString(b)) == 0;
		case FIELD_UUID:
			return memcmp(DatumGetUUIDP(a), DatumGetUUIDP(b), sizeof(pg_uuid_t)) == 0;
		case FIELD_BOOL:
			return DatumGetBool(a) == DatumGetBool(b);
	}
	return false;
}

/* Parameter type of a field: enums travel as text and are cast in SQL. */
static Oid
field_param_type(const FieldSpec *f)
{
	switch (f->kind)
	{
		case FIELD_UUID:
			return UUIDOID;
		case FIELD_BOOL:
			return BOOLOID;
		default:
			return TEXTOID;
	}
}

/* Replace the first %s of fmt by value (messages come from descriptors). */
static char *
fill_value(const char *fmt, const char *value)
{
	const char *p = strstr(fmt, "%s");
	StringInfoData buf;

	if (p == NULL)
		return pstrdup(fmt);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, fmt, p - fmt);
	appendStringInfoString(&buf, value);
	appendStringInfoString(&buf, p + 2);
	return buf.data;
}

/*
 * Field indexes of the arguments of an operation, in argument order: the
 * named list when the descriptor has one, else the flagged fields.
 */
static int
arg_fields(const EntitySpec *e, int flag, const char *const *names, int *out)
{
	int			n = 0,
				i;

	if (names)
	{
		for (; *names; names++)
			out[n++] = engine_field_index(e, *names);
		return n;
	}
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & flag)
			out[n++] = i;
	return n;
}

/* ---------- statements ---------- */

/* Statement parameters: the scope ($1 tenant, $2 id; or $1 id) first. */
typedef struct Params
{
	int			n;
	Oid			types[PLAN_MAX_ARGS];
	Datum		values[PLAN_MAX_ARGS];
	bool		isnull[PLAN_MAX_ARGS];
} Params;

static int
param_add(Params *p, Oid type, Datum value, bool isnull)
{
	if (p->n >= PLAN_MAX_ARGS)
		elog(ERROR, "too many statement parameters");
	p->types[p->n] = type;
	p->values[p->n] = value;
	p->isnull[p->n] = isnull;
	return ++p->n;				/* its $number */
}

/* "WHERE r.tenant_id = $1 AND r.id = $2" (or "WHERE r.id = $1"). */
static void
scope_by_id(const EntitySpec *e, ApiCall *call, const pg_uuid_t *id,
			StringInfo sql, Params *p)
{
	if (e->tenant_scoped)
	{
		int			t = param_add(p, UUIDOID, UUIDPGetDatum(&call->actor.tenant_id), false);
		int			i = param_add(p, UUIDOID, UUIDPGetDatum(id), false);

		appendStringInfo(sql, " WHERE r.tenant_id = $%d AND r.id = $%d", t, i);
	}
	else
		appendStringInfo(sql, " WHERE r.id = $%d",
						 param_add(p, UUIDOID, UUIDPGetDatum(id), false));
}

static Datum
run_single(StringInfo sql, Params *p, bool read_only)
{
	bool		isnull;

	if (plan_exec(sql->data, p->n, p->types, p->values, p->isnull, read_only, 0) == 0)
		return (Datum) 0;
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
}

/* Fetch (and optionally lock) the row with this id, or raise PT404. */
static void
fetch_row(const EntitySpec *e, ApiCall *call, const pg_uuid_t *id, EngineRow *row)
{
	StringInfoData sql;
	Params		p = {0};
	Datum		d;

	memset(row, 0, sizeof(EngineRow));
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT r FROM supporthub.%s r", e->table);
	scope_by_id(e, call, id, &sql, &p);
	d = run_single(&sql, &p, call->read_only);
	if (d == (Datum) 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "%s not found", e->noun);
	row_from_composite(e, d, row);
}

/* A uuid naming a row of entity ref must name one of the actor's tenant. */
void
engine_check_reference(ApiCall *call, const EntitySpec *ref, Datum id)
{
	StringInfoData sql;
	Params		p = {0};
	int			t,
				i;

	initStringInfo(&sql);
	t = param_add(&p, UUIDOID, UUIDPGetDatum(&call->actor.tenant_id), false);
	i = param_add(&p, UUIDOID, id, false);
	appendStringInfo(&sql, "SELECT 1 FROM supporthub.%s WHERE tenant_id = $%d AND id = $%d",
					 ref->table, t, i);
	if (plan_exec(sql.data, p.n, p.types, p.values, p.isnull, call->read_only, 1) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "%s not found", ref->noun);
}

/* Announce the friendly duplicate error for the value being written. */
static void
prepare_duplicate(const EntitySpec *e, ApiCall *call, const EngineRow *row)
{
	int			k;
	char	   *value;

	if (e->dup_field == NULL)
		return;
	k = engine_field_index(e, e->dup_field);
	value = engine_text_value(row, k);
	if (value == NULL)
		return;
	call->dup_message = fill_value(e->dup_format, value);
	call->dup_detail = psprintf("Key (%s)=(%s) already exists.", e->dup_field, value);
	call->dup_hint = e->dup_hint;
}

/*
 * Write the activity row.  Rows of a tenant-scoped entity are logged as the
 * actor; a tenant's own changes are logged in that tenant's feed, by no
 * user, while the platform function is still the one acting (the insert
 * policy allows exactly that row).
 */
static void
log_change(const EntitySpec *e, ApiCall *call, const char *action,
		   const EngineRow *row, const char *changes)
{
	if (!e->tenant_scoped)
	{
		Actor		platform = {ACTOR_PLATFORM};

		/*
		 * The platform function writes the tenant's own row, by no user.  A
		 * 1.0 schema (this library before ALTER EXTENSION UPDATE) has no
		 * policy for that: there the tenant itself writes it, as 1.0 did.
		 */
		if (catalog_extension_is_1_0())
		{
			Actor		system = {ACTOR_SYSTEM};

			system.tenant_id = row->id;
			actor_set(&system, GUC_ACTION_SAVE);	/* until the call ends */
			activity_log(&system, &row->id, action, e->singular, &row->id, NULL, changes);
			return;
		}
		activity_log(&platform, &row->id, action, e->singular, &row->id, NULL, changes);
		return;
	}
	activity_log(&call->actor, &call->actor.tenant_id, action,
				 e->activity_ref_type ? e->activity_ref_type : e->singular,
				 &row->id, engine_ticket_of(e, row), changes);
}

/* The ticket a row hangs off, for the feed (NULL when none). */
const pg_uuid_t *
engine_ticket_of(const EntitySpec *e, const EngineRow *row)
{
	int			k;

	if (row->has_ticket)
		return &row->ticket;
	if (e->ticket_field == NULL)
		return NULL;
	if (strcmp(e->ticket_field, "id") == 0)
		return &row->id;
	k = engine_field_index(e, e->ticket_field);
	return row->isnull[k] ? NULL : DatumGetUUIDP(row->values[k]);
}

/* ---------- operations ---------- */

/*
 * A descriptor must agree with the catalog: every field a column of the
 * table, of the kind the descriptor says, every reference a foreign key,
 * every RefSpec column present.  Checked at the first call of each entity
 * in a backend, and again after any relcache invalidation; a descriptor
 * that disagrees fails every call loudly (XX000), so the bad-input matrix,
 * which calls every function, catches it.
 */
static void
check_descriptor(const EntitySpec *e)
{
	static const EntitySpec *checked[64];
	static int	nchecked = 0;
	static uint64 checked_generation = 0;
	int			i;

	if (checked_generation != catalog_generation())
	{
		nchecked = 0;
		checked_generation = catalog_generation();
	}
	for (i = 0; i < nchecked; i++)
		if (checked[i] == e)
			return;
	for (i = 0; i < e->nfields; i++)
	{
		const FieldSpec *f = &e->fields[i];
		Oid			typid = catalog_column_type(e->table, f->name);
		bool		ok;

		switch (f->kind)
		{
			case FIELD_TEXT:
				ok = typid == TEXTOID;
				break;
			case FIELD_UUID:
				ok = typid == UUIDOID;
				break;
			case FIELD_BOOL:
				ok = typid == BOOLOID;
				break;
			case FIELD_ENUM:
				ok = OidIsValid(typid) && type_is_enum(typid) &&
					strcmp(format_type_be_qualified(typid), f->sqltype) == 0;
				break;
			default:
				ok = false;
		}
		if (!ok)
			elog(ERROR, "descriptor of supporthub.%s: field %s does not match the table's column",
				 e->table, f->name);
		if (f->ref && !catalog_references(e->table, f->name, f->ref->table))
			elog(ERROR, "descriptor of supporthub.%s: field %s has no foreign key to supporthub.%s",
				 e->table, f->name, f->ref->table);
	}
	for (i = 0; i < e->nrefs; i++)
		if (!catalog_references(e->refs[i].table, e->refs[i].column, e->table))
			elog(ERROR, "descriptor of supporthub.%s: supporthub.%s.%s has no foreign key to it",
				 e->table, e->refs[i].table, e->refs[i].column);
	if (nchecked < lengthof(checked))
		checked[nchecked++] = e;
}

static ApiCall
make_call(const EntitySpec *e, const char *verb, bool write)
{
	ApiCall		call;

	memset(&call, 0, sizeof(call));
	/* get_xs is named after the table, the others after one row */
	call.name = fill_value(verb, strcmp(verb, "get_%s") == 0 ? e->table : e->singular);
	call.access = write ? e->write_access : e->read_access;
	call.denied = write ? e->write_denied : e->read_denied;
	call.read_only = !write;
	call.context = e;
	return call;
}

static Datum
create_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const EntitySpec *e = call->context;
	EngineRow	row = {0};
	StringInfoData sql,
				vals;
	Params		p = {0};
	Changes		changes;
	Datum		d;
	int			i,
				argno = 0;

	check_descriptor(e);

	for (i = 0; i < e->nfields; i++)
	{
		row.isnull[i] = true;
		if (e->fields[i].flags & F_CREATE)
			read_arg(fcinfo, argno++, e, &e->fields[i], &row, i,
					 (e->fields[i].flags & F_REQUIRED) != 0);
	}
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].ref && !row.isnull[i])
			engine_check_reference(call, e->fields[i].ref, row.values[i]);
	if (e->validate)
		e->validate(call, NULL, &row);
	prepare_duplicate(e, call, &row);

	initStringInfo(&sql);
	initStringInfo(&vals);
	appendStringInfo(&sql, "INSERT INTO supporthub.%s AS r (", e->table);
	if (e->tenant_scoped)
	{
		appendStringInfoString(&sql, "tenant_id");
		appendStringInfo(&vals, "$%d",
						 param_add(&p, UUIDOID, UUIDPGetDatum(&call->actor.tenant_id), false));
	}
	for (i = 0; i < e->nfields; i++)
	{
		const FieldSpec *f = &e->fields[i];

		if (row.isnull[i])		/* an argument, or set by the validate hook */
			continue;
		appendStringInfo(&sql, "%s%s", vals.len > 0 ? ", " : "", f->name);
		appendStringInfo(&vals, "%s$%d::%s", vals.len > 0 ? ", " : "",
						 param_add(&p, field_param_type(f), row.values[i], false), f->sqltype);
	}
	appendStringInfo(&sql, ") VALUES (%s) RETURNING r", vals.data);
	d = run_single(&sql, &p, false);
	row_from_composite(e, d, &row);
	if (e->after_create)
		e->after_create(call, &row);

	changes_init(&changes);
	for (i = 0; i < e->nfields; i++)
		if (!row.isnull[i])
			changes_add(&changes, e->fields[i].name, NULL,
						field_json(&e->fields[i], row.values[i], false));
	log_change(e, call, "created", &row, changes_text(&changes));
	return api_response_row(row.composite);
}

Datum
engine_create(FunctionCallInfo fcinfo, const EntitySpec *e)
{
	ApiCall		call = make_call(e, "create_%s", true);

	if (e->create_name)
		call.name = e->create_name;

	return api_call(fcinfo, &call, create_body);
}

static Datum
get_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const EntitySpec *e = call->context;
	EngineRow	row;

	check_descriptor(e);

	if (PG_ARGISNULL(0))
		api_error_null_arg("id");
	fetch_row(e, call, PG_GETARG_UUID_P(0), &row);
	return api_response_row(row.composite);
}

Datum
engine_get(FunctionCallInfo fcinfo, const EntitySpec *e)
{
	ApiCall		call = make_call(e, "get_%s_by_id", false);

	return api_call(fcinfo, &call, get_body);
}

static Datum
list_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const EntitySpec *e = call->context;
	StringInfoData sql;
	Params		p = {0};
	EngineRow	filters = {0};
	int			args[ENGINE_MAX_FIELDS];
	int			nargs,
				i,
				k,
				argno = 0;
	const char *glue = " WHERE";

	check_descriptor(e);

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT r.* FROM supporthub.%s r", e->table);
	if (e->tenant_scoped)
	{
		appendStringInfo(&sql, " WHERE r.tenant_id = $%d",
						 param_add(&p, UUIDOID, UUIDPGetDatum(&call->actor.tenant_id), false));
		glue = " AND";
	}
	nargs = arg_fields(e, F_FILTER, e->filter_args, args);
	for (k = 0; k < nargs; k++)
	{
		const FieldSpec *f = &e->fields[args[k]];

		i = args[k];
		read_arg(fcinfo, argno++, e, f, &filters, i, (f->flags & F_FILTER_REQUIRED) != 0);
		if (filters.isnull[i])
			continue;			/* NULL filter = any value */
		if (f->ref)
			engine_check_reference(call, f->ref, filters.values[i]);
		if (f->flags & F_LITERAL)
			appendStringInfo(&sql, "%s r.%s = %s::%s", glue, f->name,
							 quote_literal_cstr(TextDatumGetCString(filters.values[i])),
							 f->sqltype);
		else
			appendStringInfo(&sql, "%s r.%s = $%d::%s", glue, f->name,
							 param_add(&p, field_param_type(f), filters.values[i], false),
							 f->sqltype);
		glue = " AND";
	}
	if (e->paged)
	{
		int			page_size;
		int			after;

		/*
		 * The keyset condition only when a page follows another: under
		 * row-level security COALESCE is not leakproof, so "id < $n" must
		 * stand alone to be an index condition.
		 */
		if (!PG_ARGISNULL(argno))
		{
			after = param_add(&p, UUIDOID, PG_GETARG_DATUM(argno), false);
			appendStringInfo(&sql, "%s r.id < $%d", glue, after);
		}
		page_size = engine_page_size(fcinfo, argno + 1);
		appendStringInfo(&sql, " ORDER BY r.id DESC LIMIT $%d",
						 param_add(&p, INT4OID, Int32GetDatum(page_size), false));
	}
	else
		appendStringInfoString(&sql, " ORDER BY r.id DESC");
	plan_exec_to(sql.data, p.n, p.types, p.values, p.isnull, api_response_rows(fcinfo));
	return (Datum) 0;
}

Datum
engine_list(FunctionCallInfo fcinfo, const EntitySpec *e)
{
	ApiCall		call = make_call(e, "get_%s", false);

	return api_call(fcinfo, &call, list_body);
}

/*
 * " AND r.f IS NOT DISTINCT FROM <old value>" for every field: a write
 * guarded so that it changes the row only as it was read and decided on
 * (compare-and-set), instead of locking it first.
 */
static void
append_guard(const EntitySpec *e, const EngineRow *old, StringInfo sql, Params *p)
{
	for (int i = 0; i < e->nfields; i++)
	{
		const FieldSpec *f = &e->fields[i];

		appendStringInfo(sql, " AND r.%s IS NOT DISTINCT FROM $%d::%s", f->name,
						 param_add(p, field_param_type(f), old->values[i], old->isnull[i]),
						 f->sqltype);
	}
}

/* A guarded write kept losing to concurrent changes: 40001, try again. */
static void
too_many_races(const EntitySpec *e)
{
	api_error(ERRCODE_T_R_SERIALIZATION_FAILURE, NULL, "Try again.",
			  "%s is changing too quickly", e->noun);
}

static Datum
update_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const EntitySpec *e = call->context;
	EngineRow	args = {0},
				old,
				row;
	StringInfoData sql;
	Params		p;
	Changes		changes;
	Datum		d;
	int			argidx[ENGINE_MAX_FIELDS];
	int			nargs,
				i,
				k,
				attempt,
				argno = 1;
	bool		first;

	check_descriptor(e);

	if (PG_ARGISNULL(0))
		api_error_null_arg("id");
	for (i = 0; i < e->nfields; i++)
		args.isnull[i] = true;
	nargs = arg_fields(e, F_UPDATE, e->update_args, argidx);
	for (k = 0; k < nargs; k++)
		read_arg(fcinfo, argno++, e, &e->fields[argidx[k]], &args, argidx[k], false);

	/* read, decide, write guarded on what was read; again if it changed */
	for (attempt = 0;; attempt++)
	{
		if (attempt >= ENGINE_MAX_RETRIES)
			too_many_races(e);
		fetch_row(e, call, PG_GETARG_UUID_P(0), &old);

		/* merge: NULL means unchanged */
		row = old;
		for (i = 0; i < e->nfields; i++)
			if (!args.isnull[i])
			{
				row.values[i] = args.values[i];
				row.isnull[i] = false;
			}
		for (i = 0; i < e->nfields; i++)
			if (e->fields[i].ref && !row.isnull[i] &&
				!field_equal(&e->fields[i], row.values[i], false, old.values[i], old.isnull[i]))
				engine_check_reference(call, e->fields[i].ref, row.values[i]);
		if (e->validate)
			e->validate(call, &old, &row);

		changes_init(&changes);
		for (i = 0; i < e->nfields; i++)
			if (!field_equal(&e->fields[i], old.values[i], old.isnull[i],
							 row.values[i], row.isnull[i]))
				changes_add(&changes, e->fields[i].name,
							field_json(&e->fields[i], old.values[i], old.isnull[i]),
							field_json(&e->fields[i], row.values[i], row.isnull[i]));
		if (changes.count == 0)
			return api_response_row(old.composite); /* nothing to change or log */

		prepare_duplicate(e, call, &row);
		memset(&p, 0, sizeof(p));
		first = true;
		initStringInfo(&sql);
		appendStringInfo(&sql, "UPDATE supporthub.%s AS r SET", e->table);
		for (i = 0; i < e->nfields; i++)
		{
			const FieldSpec *f = &e->fields[i];

			if (!(f->flags & F_UPDATE))
				continue;
			appendStringInfo(&sql, "%s %s = $%d::%s", first ? "" : ",", f->name,
							 param_add(&p, field_param_type(f), row.values[i], row.isnull[i]),
							 f->sqltype);
			first = false;
		}
		appendStringInfoString(&sql, ", updated_at = now()");
		scope_by_id(e, call, &old.id, &sql, &p);
		append_guard(e, &old, &sql, &p);
		appendStringInfoString(&sql, " RETURNING r");
		d = run_single(&sql, &p, false);
		if (d != (Datum) 0)
			break;
	}
	row_from_composite(e, d, &row);

	log_change(e, call, "updated", &row, changes_text(&changes));
	if (e->after_update)
		e->after_update(call, &old, &row);
	return api_response_row(row.composite);
}

Datum
engine_update(FunctionCallInfo fcinfo, const EntitySpec *e)
{
	ApiCall		call = make_call(e, "update_%s", true);

	return api_call(fcinfo, &call, update_body);
}

/*
 * Refuse to delete a row that others still use, saying what uses it:
 * 'Category "Billing" is used by 3 tickets and 1 template'.
 */
static void
check_not_in_use(const EntitySpec *e, ApiCall *call, const EngineRow *old)
{
	StringInfoData uses;
	int			i,
				nuses = 0;
	char	   *title = NULL;
	char	   *message;

	if (e->title_field)
	{
		int			k = engine_field_index(e, e->title_field);

		if (e->fields[k].kind == FIELD_TEXT || e->fields[k].kind == FIELD_ENUM)
			title = engine_text_value(old, k);
	}
	initStringInfo(&uses);
	for (i = 0; i < e->nrefs; i++)
	{
		const RefSpec *r = &e->refs[i];
		StringInfoData sql;
		Params		p = {0};
		int			t,
					id;
		bool		isnull;
		int64		n;

		initStringInfo(&sql);
		t = param_add(&p, UUIDOID, UUIDPGetDatum(&call->actor.tenant_id), false);
		id = param_add(&p, UUIDOID, UUIDPGetDatum(&old->id), false);
		appendStringInfo(&sql, "SELECT count(*) FROM supporthub.%s WHERE tenant_id = $%d AND %s = $%d",
						 r->table, t, r->column, id);
		plan_exec(sql.data, p.n, p.types, p.values, p.isnull, false, 0);
		n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		if (n == 0)
			continue;
		/* "3 tickets", joined with ", " and a final " and " below */
		if (nuses++ > 0)
			appendStringInfoChar(&uses, '\x1f');
		appendStringInfo(&uses, INT64_FORMAT " %s", n, n == 1 ? r->singular : r->plural);
	}

	message = psprintf("%s \"%s\" is still in use", e->noun, title ? title : "");
	call->in_use_message = message;
	call->in_use_hint = e->in_use_hint;
	if (nuses > 0)
	{
		StringInfoData text;
		char	   *item = uses.data;
		int			k;

		initStringInfo(&text);
		for (k = 0; k < nuses; k++)
		{
			char	   *sep = strchr(item, '\x1f');

			if (sep)
				*sep = '\0';
			if (k > 0)
				appendStringInfoString(&text, k == nuses - 1 ? " and " : ", ");
			appendStringInfoString(&text, item);
			item = sep ? sep + 1 : item;
		}
		api_error(ERRCODE_FOREIGN_KEY_VIOLATION, NULL, e->in_use_hint,
				  "%s \"%s\" is used by %s", e->noun, title ? title : "", text.data);
	}
}

static Datum
delete_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const EntitySpec *e = call->context;
	EngineRow	old;
	StringInfoData sql;
	Params		p;
	Changes		changes;
	int			i,
				attempt;

	check_descriptor(e);

	if (PG_ARGISNULL(0))
		api_error_null_arg("id");
	/* read, decide, delete guarded on what was read; again if it changed */
	for (attempt = 0;; attempt++)
	{
		if (attempt >= ENGINE_MAX_RETRIES)
			too_many_races(e);
		fetch_row(e, call, PG_GETARG_UUID_P(0), &old);
		if (e->before_delete)
			e->before_delete(call, &old);
		check_not_in_use(e, call, &old);

		memset(&p, 0, sizeof(p));
		initStringInfo(&sql);
		appendStringInfo(&sql, "DELETE FROM supporthub.%s AS r", e->table);
		scope_by_id(e, call, &old.id, &sql, &p);
		append_guard(e, &old, &sql, &p);
		appendStringInfoString(&sql, " RETURNING r");
		if (run_single(&sql, &p, false) != (Datum) 0)
			break;
	}

	if (e->tenant_scoped)		/* a deleted tenant takes its feed with it */
	{
		changes_init(&changes);
		for (i = 0; i < e->nfields; i++)
			if (!old.isnull[i])
				changes_add(&changes, e->fields[i].name,
							field_json(&e->fields[i], old.values[i], false), NULL);
		log_change(e, call, "deleted", &old, changes_text(&changes));
	}
	return api_response_row(old.composite);
}

Datum
engine_delete(FunctionCallInfo fcinfo, const EntitySpec *e)
{
	ApiCall		call = make_call(e, "delete_%s", true);

	if (e->delete_denied)		/* deleting may be reserved to fewer roles */
	{
		call.access = e->delete_access;
		call.denied = e->delete_denied;
	}

	return api_call(fcinfo, &call, delete_body);
}
