/*-------------------------------------------------------------------------
 * src/catalog.c
 *	  What the C code reads from the catalog instead of repeating it: the
 *	  length limit of a text column (from its CHECK constraint) and the
 *	  entity a foreign key points at.  Read once per backend and forgotten
 *	  on any relcache invalidation, so an ALTER TABLE or an update of the
 *	  extension is seen at once.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "catalog.h"

typedef struct LimitEntry
{
	char		key[2 * NAMEDATALEN];	/* "table.column" */
	int			limit;
} LimitEntry;

static HTAB *limits = NULL;

/* Forget every cached limit: a table of the schema may have changed. */
static void
limits_invalidate(Datum arg, Oid relid)
{
	if (limits != NULL)
	{
		hash_destroy(limits);
		limits = NULL;
	}
}

void
catalog_init(void)
{
	CacheRegisterRelcacheCallback(limits_invalidate, (Datum) 0);
}

/* The column a char_length()-like call measures, or 0. */
static AttrNumber
measured_column(Node *node)
{
	FuncExpr   *f;
	Node	   *arg;
	char	   *name;

	if (!IsA(node, FuncExpr))
		return 0;
	f = (FuncExpr *) node;
	if (list_length(f->args) != 1)
		return 0;
	name = get_func_name(f->funcid);
	if (name == NULL ||
		(strcmp(name, "char_length") != 0 && strcmp(name, "character_length") != 0 &&
		 strcmp(name, "length") != 0))
		return 0;
	arg = linitial(f->args);
	while (IsA(arg, RelabelType))
		arg = (Node *) ((RelabelType *) arg)->arg;
	return IsA(arg, Var) ? ((Var *) arg)->varattno : 0;
}

/*
 * The upper bound a CHECK expression puts on the length of column attnum:
 * "char_length(c) <= n", "< n", "BETWEEN m AND n" (an AND of two), or 0.
 */
static int
check_limit(Node *node, AttrNumber attnum)
{
	if (node == NULL)
		return 0;
	if (IsA(node, BoolExpr) && ((BoolExpr *) node)->boolop == AND_EXPR)
	{
		ListCell   *lc;
		int			best = 0;

		foreach(lc, ((BoolExpr *) node)->args)
		{
			int			l = check_limit(lfirst(lc), attnum);

			if (l > 0 && (best == 0 || l < best))
				best = l;
		}
		return best;
	}
	if (IsA(node, OpExpr) && list_length(((OpExpr *) node)->args) == 2)
	{
		OpExpr	   *op = (OpExpr *) node;
		Node	   *right = lsecond(op->args);
		char	   *opname = get_opname(op->opno);
		int32		n;

		if (opname == NULL || measured_column(linitial(op->args)) != attnum ||
			!IsA(right, Const) || ((Const *) right)->constisnull ||
			((Const *) right)->consttype != INT4OID)
			return 0;
		n = DatumGetInt32(((Const *) right)->constvalue);
		if (strcmp(opname, "<=") == 0)
			return n;
		if (strcmp(opname, "<") == 0)
			return n - 1;
	}
	return 0;
}

/* Read the limit of supporthub.table.column from its CHECK constraints. */
static int
read_limit(const char *table, const char *column)
{
	Oid			relid = get_relname_relid(table, get_namespace_oid("supporthub", false));
	Relation	rel;
	TupleConstr *constr;
	AttrNumber	attnum;
	int			best = 0;

	if (!OidIsValid(relid))
		elog(ERROR, "table supporthub.%s is missing", table);
	attnum = get_attnum(relid, column);
	if (attnum == InvalidAttrNumber)
		elog(ERROR, "column supporthub.%s.%s is missing", table, column);
	rel = table_open(relid, AccessShareLock);
	constr = RelationGetDescr(rel)->constr;
	for (int i = 0; constr != NULL && i < constr->num_check; i++)
	{
		int			l = check_limit(stringToNode(constr->check[i].ccbin), attnum);

		if (l > 0 && (best == 0 || l < best))
			best = l;
	}
	table_close(rel, AccessShareLock);
	return best;
}

/*
 * Most characters supporthub.table.column may hold, as its CHECK
 * constraint says (0: no limit).  Argument checks use it, so a limit is
 * written once, in the migration.
 */
int
catalog_text_limit(const char *table, const char *column)
{
	char		key[2 * NAMEDATALEN];
	LimitEntry *entry;
	bool		found;

	snprintf(key, sizeof(key), "%s.%s", table, column);
	if (limits == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(key);
		ctl.entrysize = sizeof(LimitEntry);
		ctl.hcxt = TopMemoryContext;
		limits = hash_create("supporthub text limits", 32, &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	entry = hash_search(limits, key, HASH_FIND, NULL);
	if (entry == NULL)
	{
		int			limit = read_limit(table, column);

		/* the read may have run an invalidation that dropped the table */
		if (limits == NULL)
			return limit;
		entry = hash_search(limits, key, HASH_ENTER, &found);
		entry->limit = limit;
	}
	return entry->limit;
}
