/*-------------------------------------------------------------------------
 * src/engine.h
 *	  The descriptor-driven CRUD engine: one implementation of create_x,
 *	  get_xs, get_x_by_id, update_x and delete_x for every entity that is
 *	  described by an EntitySpec.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_ENGINE_H
#define SUPPORTHUB_ENGINE_H

#include "fmgr.h"
#include "utils/uuid.h"

#include "api/api_call.h"

/*
 * Most fields a descriptor may have (EngineRow's arrays).  ENGINE_FIELDS
 * sets a descriptor's fields and count, and does not compile when there
 * are more.
 */
#define ENGINE_MAX_FIELDS 8
#define ENGINE_FIELDS(arr) \
	.fields = (arr), \
	.nfields = (int) lengthof(arr) + \
		0 * (int) sizeof(char[lengthof(arr) <= ENGINE_MAX_FIELDS ? 1 : -1])

typedef enum FieldKind
{
	FIELD_TEXT,
	FIELD_UUID,
	FIELD_ENUM,					/* passed around as its label (text) */
	FIELD_BOOL
} FieldKind;

/* Field flags */
#define F_CREATE	0x01		/* an argument of create_x, in order */
#define F_UPDATE	0x02		/* an argument of update_x (NULL = unchanged) */
#define F_FILTER	0x04		/* a filter argument of get_xs (NULL = any) */
#define F_REQUIRED	0x08		/* create_x: NULL is an error */
#define F_TRIM		0x10		/* text: surrounding white space removed */
#define F_NONEMPTY	0x20		/* text: must not be empty or only spaces */
#define F_EMAIL		0x40		/* text: must look like an email address */
#define F_LITERAL	0x80		/* enum filter: one statement per label, so a
								 * partial index per label can serve it */
#define F_FILTER_REQUIRED 0x100 /* get_xs: this filter must be given */
#define F_URL		0x200		/* text: an absolute http(s) URL */
#define F_LINE		0x400		/* text: a name, read by people: no control,
								 * invisible or text-direction characters */

struct EntitySpec;

typedef struct FieldSpec
{
	const char *name;			/* column and argument name */
	FieldKind	kind;
	const char *sqltype;		/* parameter cast, e.g. supporthub.user_role */
	int			flags;
	const struct EntitySpec *ref;	/* uuid naming a row of this entity */
} FieldSpec;

/* A column elsewhere that refers to rows of an entity. */
typedef struct RefSpec
{
	const char *table;
	const char *column;
	const char *singular;		/* "ticket" */
	const char *plural;			/* "tickets" */
} RefSpec;

/* Field values of one row; enums as label text. */
typedef struct EngineRow
{
	Datum		values[ENGINE_MAX_FIELDS];
	bool		isnull[ENGINE_MAX_FIELDS];
	pg_uuid_t	id;
	pg_uuid_t	tenant_id;
	Datum		composite;		/* the whole row, as returned */
	bool		has_ticket;		/* set by hooks of rows with no ticket_id */
	pg_uuid_t	ticket;			/* column: the ticket the row hangs off */
} EngineRow;

typedef struct EntitySpec
{
	const char *singular;		/* "escalation_type": function names, ref_type */
	const char *table;			/* "escalation_types": table and get_xs name */
	const char *noun;			/* "Escalation type": start of messages */
	bool		tenant_scoped;	/* false for tenants only */
	const char *title_field;	/* field that names a row in messages */

	ApiAccess	read_access;
	const char *read_denied;
	ApiAccess	write_access;
	const char *write_denied;
	ApiAccess	delete_access;	/* used when delete_denied is set */
	const char *delete_denied;

	const FieldSpec *fields;
	int			nfields;
	const RefSpec *refs;
	int			nrefs;
	const char *in_use_hint;	/* HINT when a delete is refused */

	const char *dup_field;		/* field of the uniqueness rule */
	const char *dup_format;		/* message; %s is replaced by the value */
	const char *dup_hint;

	bool		paged;			/* get_xs takes (after, page_size) */

	/*
	 * Argument order of update_x and get_xs when it differs from the field
	 * order: NULL-terminated field names (NULL = flagged fields in order).
	 */
	const char *const *update_args;
	const char *const *filter_args;

	/* field holding the ticket a row hangs off ("id" for tickets) */
	const char *ticket_field;
	const char *create_name;	/* SQL name of create_x when it differs */
	const char *activity_ref_type;	/* feed ref_type when not singular */

	/* Hooks (may be NULL). old is NULL on create. */
	void		(*validate) (ApiCall *call, const EngineRow *old, EngineRow *row);
	void		(*after_create) (ApiCall *call, const EngineRow *row);
	void		(*after_update) (ApiCall *call, const EngineRow *old, const EngineRow *row);
	void		(*before_delete) (ApiCall *call, const EngineRow *old);
} EntitySpec;

extern Datum engine_create(FunctionCallInfo fcinfo, const EntitySpec *e);
extern Datum engine_list(FunctionCallInfo fcinfo, const EntitySpec *e);
extern Datum engine_get(FunctionCallInfo fcinfo, const EntitySpec *e);
extern Datum engine_update(FunctionCallInfo fcinfo, const EntitySpec *e);
extern Datum engine_delete(FunctionCallInfo fcinfo, const EntitySpec *e);

/* Declare one SQL-callable function that runs an engine operation. */
#define ENGINE_FUNCTION(sym, op, spec) \
	PG_FUNCTION_INFO_V1(sym); \
	Datum sym(PG_FUNCTION_ARGS) { return engine_##op(fcinfo, &(spec)); }

/* Declare the five SQL-callable functions of an entity in one line. */
#define ENGINE_CRUD_FUNCTIONS(sym_create, sym_list, sym_get, sym_update, sym_delete, spec) \
	ENGINE_FUNCTION(sym_create, create, spec) \
	ENGINE_FUNCTION(sym_list, list, spec) \
	ENGINE_FUNCTION(sym_get, get, spec) \
	ENGINE_FUNCTION(sym_update, update, spec) \
	ENGINE_FUNCTION(sym_delete, delete, spec)

/* Helpers shared with hand-written API functions. */
extern int	engine_field_index(const EntitySpec *e, const char *name);
extern char *engine_text_value(const EngineRow *row, int index);
extern int	engine_page_size(FunctionCallInfo fcinfo, int argno);
extern void engine_check_text(const char *argname, char *value, int max_len, int flags);

/*
 * Check a text argument that goes into supporthub.<table>.<column>: its
 * length limit is the column's CHECK constraint (catalog.c).
 */
extern void engine_check_column_text(const char *table, const char *column,
									 char *value, int flags);
extern void engine_set_uuid(EngineRow *row, int index, const pg_uuid_t *value);

/* PT404 "<Noun> not found" unless id names a row of ref in the actor's tenant. */
extern void engine_check_reference(ApiCall *call, const EntitySpec *ref, Datum id);
extern char *engine_trim(const char *s);
extern const pg_uuid_t *engine_ticket_of(const EntitySpec *e, const EngineRow *row);

#endif
