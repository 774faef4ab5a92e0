# test/bench/summary.awk — turn results.tsv into the tables of
# docs/performance.md, one part per regime: median and min–max TPS per
# operation and contender (and, in the cpu regime, the median COMMIT and
# act_as latencies), the paired ratios (per round, A/B from the same round
# and regime, then median and min–max over the rounds), the two regimes'
# main ratios side by side, and PASS/MISS per target.
#
#   awk -f test/bench/summary.awk -v plan=index -v kept=custom -v deep_removed=0 results.tsv
#
# results.tsv, one row per run, tab-separated: round, operation, contender,
# tps, regime, COMMIT latency (ms), act_as latency (ms), coverage (the sum
# of pgbench's statement latencies over its transaction latency), the
# operation's latency (ms, its statements between act_as and COMMIT); the
# last four are "-" where not measured.  Rows of four columns (files written
# before the regimes existed) count as the fsync regime.
#
# plan: "index" when run.sh found the page statement inside get_tickets to
# be an index scan without a sort, anything else otherwise; kept: "custom"
# or "generic", the plan the plan cache keeps for it; deep_removed: rows the
# generic plan filters for a later page; only: the operations that were run
# (BENCH_ONLY; empty = all), the others are left out; regimes: the regimes
# that were run (BENCH_REGIMES; empty = those present in the file);
# clients, cpu_clients: clients per run of each regime, for the headings.
# Plain POSIX awk (Debian's default mawk has no asort, no gensub).

BEGIN {
	FS = "\t"
	nregs = split("fsync cpu", regs, " ")
	ops_of["fsync"] = "create assign escalate page conc token notify"
	ops_of["cpu"] = "create assign escalate actor notify"
	title["fsync"] = "fsync-bound regime"
	title["cpu"] = "CPU-bound regime"
	label["create"] = "create_ticket"
	label["assign"] = "assign_agent"
	label["escalate"] = "escalate"
	label["page"] = "page of 50 open tickets"
	label["conc"] = "create_ticket, 4 clients"
	label["actor"] = "act_as in BEGIN … COMMIT"
	label["token"] = "page of 50 tickets, actor from a token"
	label["notify"] = "create_ticket, notifications on / off"
	conts["create"] = "ext plpgsql floor express floor_rls"
	conts["assign"] = conts["create"]
	conts["escalate"] = conts["create"]
	conts["page"] = "ext ext_generic rls norls"
	conts["conc"] = "one_tenant four_tenants"
	conts["actor"] = "txn session"
	conts["token"] = "act_as act_as_session act_as_session_rw"
	conts["notify"] = "on off on4 off4"
	# contenders of an operation that run in one regime only
	conts_in["cpu", "notify"] = "on off"
	desc["ext"] = "extension (C)"
	desc["plpgsql"] = "PL/pgSQL peer"
	desc["floor"] = "bare SQL floor"
	desc["express"] = "Express shape"
	desc["floor_rls"] = "floor under RLS (info)"
	desc["ext_generic"] = "extension, generic plans forced (info)"
	desc["rls"] = "same SELECT under RLS (info)"
	desc["norls"] = "same SELECT, no RLS"
	desc["one_tenant"] = "4 clients, one tenant"
	desc["four_tenants"] = "4 clients, four tenants"
	desc["txn"] = "act_as(…, false): this transaction"
	desc["session"] = "act_as(…, true): the session, then reset_actor()"
	desc["act_as"] = "act_as(user_id)"
	desc["act_as_session"] = "act_as_session(access token)"
	desc["act_as_session_rw"] = "act_as_session, read-write transaction: last_used_at due (info)"
	desc["on"] = "extension, supporthub.notify on (default)"
	desc["off"] = "extension, supporthub.notify off"
	desc["on4"] = "the same, on, 4 clients (info)"
	desc["off4"] = "the same, off, 4 clients (info)"
	if (clients == "") clients = 1
	if (cpu_clients == "") cpu_clients = 4
}

NF >= 4 {
	reg = (NF >= 5 && $5 != "") ? $5 : "fsync"
	tps[reg, $2, $3, $1] = $4
	if (NF >= 6 && $6 != "-" && $6 != "") commit[reg, $2, $3, $1] = $6
	if (NF >= 7 && $7 != "-" && $7 != "") actas[reg, $2, $3, $1] = $7
	if (NF >= 8 && $8 != "-" && $8 != "") cover[reg, $2, $3, $1] = $8
	if (NF >= 9 && $9 != "-" && $9 != "") call[reg, $2, $3, $1] = $9
	rounds[$1] = 1
	present[reg] = 1
}

# the contenders of an operation in a regime
function contenders(reg, op) {
	return ((reg, op) in conts_in) ? conts_in[reg, op] : conts[op]
}

# sort a[1..n] in place (insertion sort: n is the number of rounds)
function isort(a, n,    i, j, v) {
	for (i = 2; i <= n; i++) {
		v = a[i]
		for (j = i - 1; j >= 1 && a[j] > v; j--)
			a[j + 1] = a[j]
		a[j + 1] = v
	}
}

function median(a, n) {
	isort(a, n)
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# m's values of reg, op, c over the rounds, sorted into V[1..n]: sets V_n
# and V_med; returns V_n
function values(m, reg, op, c,    r) {
	V_n = 0
	for (r in rounds)
		if ((reg, op, c, r) in m) V[++V_n] = m[reg, op, c, r]
	if (V_n > 0) V_med = median(V, V_n)
	return V_n
}

# paired ratio A/B of metric m over the rounds where both ran: sets R_med,
# R_min, R_max, R_n
function ratio(m, reg, op, a, b,    r, n, v) {
	n = 0
	for (r in rounds)
		if (((reg, op, a, r) in m) && ((reg, op, b, r) in m) && m[reg, op, b, r] > 0)
			v[++n] = m[reg, op, a, r] / m[reg, op, b, r]
	R_n = n
	if (n == 0)
		return 0
	R_med = median(v, n)
	R_min = v[1]
	R_max = v[n]
	return 1
}

# was this operation run at all (BENCH_ONLY)?
function wanted(op) {
	return only == "" || index(" " only " ", " " op " ") > 0
}

# was this regime run (BENCH_REGIMES; by default, when it has rows)?
function wanted_regime(reg) {
	if (regimes == "")
		return (reg in present)
	return index(" " regimes " ", " " reg " ") > 0
}

# was the regime run with at least one of its operations?
function regime_ran(reg,    i, n, os) {
	if (!wanted_regime(reg))
		return 0
	n = split(ops_of[reg], os, " ")
	for (i = 1; i <= n; i++)
		if (wanted(os[i]))
			return 1
	return 0
}

# does the operation belong to the regime, and was it run?
function runs_in(reg, op) {
	return wanted_regime(reg) && wanted(op) && index(" " ops_of[reg] " ", " " op " ") > 0
}

# one row of the ratios table and, with a target, one PASS/MISS line; what
# names the metric ("" for TPS, "COMMIT ms", "act_as ms")
function ratio_row(m, reg, op, a, b, what, target, cmp, limit,    res, pair) {
	if (!runs_in(reg, op))
		return
	pair = a " / " b (what == "" ? "" : " (" what ")")
	if (!ratio(m, reg, op, a, b)) {
		printf "| %s | %s | – | – | %s | no data |\n", label[op], pair, target == "" ? "(info)" : target
		if (cmp != "") {
			nt++
			missed++
			tline[nt] = sprintf("MISS  %-5s  %s: %s (no data), target %s", reg, label[op], pair, target)
		}
		return
	}
	res = ""
	if (cmp == ">=") res = (R_med >= limit) ? "PASS" : "MISS"
	else if (cmp == ">") res = (R_med > limit) ? "PASS" : "MISS"
	else if (cmp == "<=") res = (R_med <= limit) ? "PASS" : "MISS"
	printf "| %s | %s | %.3f | %.3f–%.3f | %s | %s |\n", label[op], pair, R_med, R_min, R_max,
		target == "" ? "(info)" : target, res == "" ? "" : "**" res "**"
	if (res != "") {
		nt++
		if (res == "MISS") missed++
		tline[nt] = sprintf("%-5s %-5s  %s: %s = %.3f (%.3f–%.3f), target %s", res, reg, label[op], pair,
			R_med, R_min, R_max, target)
		if (what != "" && (low_cover(reg, op, a) || low_cover(reg, op, b)))
			tline[nt] = tline[nt] " (latencies not reliable: see the NOTE above)"
	}
}

# do the statement latencies of reg, op, c account for under 90 % of the
# transaction time (median over the rounds)?
function low_cover(reg, op, c) {
	return values(cover, reg, op, c) && V_med < 0.9
}

# the table of TPS (and, in the cpu regime, latencies) of one regime
function throughput(reg,    i, j, n, nc, no, op, c, cs, os, line) {
	printf "### Throughput (transactions per second, %d round%s each; median and min–max)\n\n", nr, nr == 1 ? "" : "s"
	if (reg == "cpu") {
		print "| operation | contender | median TPS | min–max TPS | call ms (median) | COMMIT ms (median) | act_as ms (median) |"
		print "|---|---|---:|---:|---:|---:|---:|"
	} else {
		print "| operation | contender | median TPS | min–max TPS |"
		print "|---|---|---:|---:|"
	}
	no = split(ops_of[reg], os, " ")
	for (i = 1; i <= no; i++) {
		op = os[i]
		if (!wanted(op))
			continue
		nc = split(contenders(reg, op), cs, " ")
		for (j = 1; j <= nc; j++) {
			c = cs[j]
			if (values(tps, reg, op, c) == 0)
				line = sprintf("| %s | %s | – | – |", label[op], desc[c])
			else
				line = sprintf("| %s | %s | %.0f | %.0f–%.0f |", label[op], desc[c], V_med, V[1], V[V_n])
			if (reg == "cpu") {
				line = line (values(call, reg, op, c) ? sprintf(" %.3f |", V_med) : " – |")
				line = line (values(commit, reg, op, c) ? sprintf(" %.3f |", V_med) : " – |")
				line = line (values(actas, reg, op, c) ? sprintf(" %.3f |", V_med) : " – |")
			}
			print line
		}
	}
}

function ratios_header() {
	print ""
	print "### Ratios (per round A/B of the same round, then median and min–max over the rounds)"
	print ""
	print "| operation | A / B | median | min–max | target | result |"
	print "|---|---|---:|---:|---|---|"
}

function fsync_ratios(    i, op) {
	ratios_header()
	for (i = 1; i <= 3; i++) {
		op = wops[i]
		ratio_row(tps, "fsync", op, "ext", "floor", "", "≥ 0.85", ">=", 0.85)
		ratio_row(tps, "fsync", op, "ext", "plpgsql", "", "> 1.00", ">", 1.0)
		ratio_row(tps, "fsync", op, "plpgsql", "floor", "", "", "", 0)
		ratio_row(tps, "fsync", op, "express", "floor", "", "", "", 0)
		ratio_row(tps, "fsync", op, "ext", "express", "", "", "", 0)
		ratio_row(tps, "fsync", op, "floor_rls", "floor", "", "", "", 0)
		ratio_row(tps, "fsync", op, "ext", "floor_rls", "", "", "", 0)
	}
	ratio_row(tps, "fsync", "page", "ext", "norls", "", "≥ 0.833 (≤ 1.2× the time)", ">=", 1 / 1.2)
	ratio_row(tps, "fsync", "page", "ext_generic", "norls", "", "", "", 0)
	ratio_row(tps, "fsync", "page", "ext", "ext_generic", "", "", "", 0)
	ratio_row(tps, "fsync", "page", "rls", "norls", "", "", "", 0)
	ratio_row(tps, "fsync", "page", "ext", "rls", "", "", "", 0)
	ratio_row(tps, "fsync", "conc", "one_tenant", "four_tenants", "", "≥ 0.50", ">=", 0.5)
	ratio_row(tps, "fsync", "token", "act_as_session", "act_as", "", "≥ 0.90", ">=", 0.9)
	ratio_row(tps, "fsync", "token", "act_as_session_rw", "act_as", "", "", "", 0)
	ratio_row(tps, "fsync", "notify", "on", "off", "", "≥ 0.95", ">=", 0.95)
	ratio_row(tps, "fsync", "notify", "on4", "off4", "", "", "", 0)
	if (runs_in("fsync", "page")) {
		nt++
		if (plan == "index")
			tline[nt] = "PASS  fsync  page of 50 open tickets: the statement inside get_tickets is an index scan (tickets_open_idx), no sort"
		else {
			missed++
			tline[nt] = "MISS  fsync  page of 50 open tickets: the statement inside get_tickets is not an index scan without a sort (see the plans)"
		}
	}
}

function cpu_ratios(    i, op) {
	ratios_header()
	for (i = 1; i <= 3; i++) {
		op = wops[i]
		ratio_row(tps, "cpu", op, "ext", "floor", "", "≥ 0.80", ">=", 0.8)
		ratio_row(tps, "cpu", op, "ext", "plpgsql", "", "≥ 1.10", ">=", 1.1)
		ratio_row(tps, "cpu", op, "plpgsql", "floor", "", "", "", 0)
		ratio_row(tps, "cpu", op, "express", "floor", "", "", "", 0)
		ratio_row(tps, "cpu", op, "ext", "express", "", "", "", 0)
		ratio_row(tps, "cpu", op, "floor_rls", "floor", "", "", "", 0)
		ratio_row(tps, "cpu", op, "ext", "floor_rls", "", "", "", 0)
		# the ceiling of ext / plpgsql: the writes alone, under the same
		# row-level security, with no function around them
		ratio_row(tps, "cpu", op, "floor_rls", "plpgsql", "", "", "", 0)
	}
	# the operation's own latency: the function (or the statements) between
	# act_as and COMMIT, against the floor's writes under the same RLS
	for (i = 1; i <= 3; i++) {
		op = wops[i]
		ratio_row(call, "cpu", op, "ext", "floor_rls", "call ms", "", "", 0)
		ratio_row(call, "cpu", op, "plpgsql", "floor_rls", "call ms", "", "", 0)
		ratio_row(call, "cpu", op, "ext", "plpgsql", "call ms", "", "", 0)
	}
	# latencies: lower is better, so the targets are upper bounds
	for (i = 1; i <= 3; i++) {
		op = wops[i]
		ratio_row(commit, "cpu", op, "ext", "floor", "COMMIT ms", "≤ 1.20", "<=", 1.2)
		ratio_row(commit, "cpu", op, "plpgsql", "floor", "COMMIT ms", "", "", 0)
		ratio_row(commit, "cpu", op, "express", "floor", "COMMIT ms", "", "", 0)
		ratio_row(commit, "cpu", op, "floor_rls", "floor", "COMMIT ms", "", "", 0)
	}
	ratio_row(actas, "cpu", "actor", "session", "txn", "act_as ms", "≤ 1.50", "<=", 1.5)
	ratio_row(tps, "cpu", "actor", "session", "txn", "", "", "", 0)
	ratio_row(tps, "cpu", "notify", "on", "off", "", "≥ 0.95", ">=", 0.95)
	print ""
	print "call ms (the statements between act_as and COMMIT), COMMIT ms, act_as ms: pgbench -r averages as the"
	print "client sees them (with more clients than cores, including the wait for a core); lower is better, so"
	print "their targets are upper bounds. floor_rls / plpgsql is the ceiling of ext / plpgsql: the same writes"
	print "under the same row-level security with no function around them."
	coverage_notes()
}

# contenders whose statement latencies account for well under their
# transactions' time: part of it went into no statement's figure (pgbench
# reads its clock lazily: a result that is already there when it first
# looks after sending counts as taking no time), so those latencies read
# low and their ratios are not reliable
function coverage_notes(    i, j, no, nc, os, cs, op, c) {
	no = split(ops_of["cpu"], os, " ")
	for (i = 1; i <= no; i++) {
		op = os[i]
		if (!runs_in("cpu", op))
			continue
		nc = split(contenders("cpu", op), cs, " ")
		for (j = 1; j <= nc; j++) {
			c = cs[j]
			if (low_cover("cpu", op, c)) {
				if (!ncov++)
					print ""
				printf "NOTE  %s (%s): the statement latencies account for only %.0f %% of the transaction time (median; %.0f–%.0f %%): they read low and are not reliable.\n",
					label[op], desc[c], 100 * V_med, 100 * V[1], 100 * V[V_n]
			}
		}
	}
}

# the main paired ratios of the write operations, both regimes side by side
function side_by_side(    i, j, op, np, pa, pb, pairs, cell, k, reg) {
	np = split("ext/floor ext/plpgsql ext/express ext/floor_rls", pairs, " ")
	print ""
	print "### Both regimes side by side (median paired TPS ratio, min–max)"
	print ""
	print "| operation | A / B | fsync | cpu |"
	print "|---|---|---:|---:|"
	for (i = 1; i <= 3; i++) {
		op = wops[i]
		if (!wanted(op))
			continue
		for (j = 1; j <= np; j++) {
			split(pairs[j], pb, "/")
			cell[1] = cell[2] = "–"
			for (k = 1; k <= 2; k++) {
				reg = regs[k]
				if (runs_in(reg, op) && ratio(tps, reg, op, pb[1], pb[2]))
					cell[k] = sprintf("%.3f (%.3f–%.3f)", R_med, R_min, R_max)
			}
			printf "| %s | %s / %s | %s | %s |\n", label[op], pb[1], pb[2], cell[1], cell[2]
		}
	}
	print ""
	print "Targets: fsync ext / floor ≥ 0.85 and ext / plpgsql > 1.00; cpu ext / floor ≥ 0.80 and ext / plpgsql ≥ 1.10."
}

END {
	nr = 0
	for (r in rounds) nr++
	split("create assign escalate", wops, " ")
	nt = 0
	missed = 0
	shown = 0
	for (k = 1; k <= nregs; k++) {
		reg = regs[k]
		if (!regime_ran(reg))
			continue
		if (shown++)
			print ""
		if (reg == "fsync") {
			printf "## %s: synchronous_commit as configured, %d client%s per run (the concurrency runs: 4)\n\n",
				title[reg], clients, clients == 1 ? "" : "s"
			throughput(reg)
			fsync_ratios()
		} else {
			printf "## %s: synchronous_commit = off, %d client%s per run, %d thread%s, pgbench -r\n\n",
				title[reg], cpu_clients, cpu_clients == 1 ? "" : "s",
				cpu_clients < 2 ? 1 : 2, cpu_clients < 2 ? "" : "s"
			throughput(reg)
			cpu_ratios()
		}
	}
	if (wanted_regime("fsync") && wanted_regime("cpu") && (wanted("create") || wanted("assign") || wanted("escalate")))
		side_by_side()

	print ""
	printf "### Targets: %d of %d met\n\n", nt - missed, nt
	for (i = 1; i <= nt; i++)
		print "    " tline[i]
	if (kept == "custom" || deep_removed + 0 > 0)
		print ""
	if (kept == "custom")
		print "    NOTE  get_tickets' statement is planned again on every call (the plan cache keeps custom plans; see ext / ext_generic)"
	if (deep_removed + 0 > 0)
		printf "    NOTE  in the generic plan a later page (after => …) filters %d rows: the keyset condition is not an index condition under RLS\n", deep_removed
}
