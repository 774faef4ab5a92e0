# test/bench/summary.awk — turn results.tsv (round, operation, contender,
# tps) into the tables of docs/performance.md: median and min–max TPS per
# operation and contender, the paired ratios (per round, A/B from the same
# round, then median and min–max over the rounds) and PASS/MISS per target.
#
#   awk -f test/bench/summary.awk -v plan=index -v kept=custom -v deep_removed=0 results.tsv
#
# plan: "index" when run.sh found the page statement inside get_tickets to
# be an index scan without a sort, anything else otherwise; kept: "custom"
# or "generic", the plan the plan cache keeps for it; deep_removed: rows the
# generic plan filters for a later page; only: the operations that were run
# (BENCH_ONLY; empty = all), the others are left out.  Plain POSIX
# awk (Debian's default mawk has no asort).

BEGIN {
	FS = "\t"
	nops = split("create assign escalate page conc", ops, " ")
	label["create"] = "create_ticket"
	label["assign"] = "assign_agent"
	label["escalate"] = "escalate"
	label["page"] = "page of 50 open tickets"
	label["conc"] = "create_ticket, 4 clients"
	conts["create"] = "ext plpgsql floor express floor_rls"
	conts["assign"] = conts["create"]
	conts["escalate"] = conts["create"]
	conts["page"] = "ext ext_generic rls norls"
	conts["conc"] = "one_tenant four_tenants"
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
}

{
	tps[$2, $3, $1] = $4
	if (!(($2, $3) in count)) count[$2, $3] = 0
	count[$2, $3]++
	rounds[$1] = 1
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

# paired ratio A/B over the rounds where both ran: sets R_med, R_min, R_max, R_n
function ratio(op, a, b,    r, n, v, k) {
	n = 0
	for (r in rounds)
		if (((op, a, r) in tps) && ((op, b, r) in tps) && tps[op, b, r] > 0)
			v[++n] = tps[op, a, r] / tps[op, b, r]
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

function ratio_row(op, a, b, target, cmp, limit,    res) {
	if (!wanted(op))
		return
	if (!ratio(op, a, b)) {
		printf "| %s | %s / %s | – | – | %s | no data |\n", label[op], a, b, target
		if (cmp != "") { nt++; missed++; tline[nt] = sprintf("MISS  %s: %s / %s %s (no data)", label[op], a, b, target) }
		return
	}
	res = ""
	if (cmp == ">=") res = (R_med >= limit) ? "PASS" : "MISS"
	else if (cmp == ">") res = (R_med > limit) ? "PASS" : "MISS"
	printf "| %s | %s / %s | %.3f | %.3f–%.3f | %s | %s |\n", label[op], a, b, R_med, R_min, R_max,
		target == "" ? "(info)" : target, res == "" ? "" : "**" res "**"
	if (res != "") {
		nt++
		if (res == "MISS") missed++
		tline[nt] = sprintf("%-5s %s: %s / %s = %.3f (%.3f–%.3f), target %s", res, label[op], a, b, R_med, R_min, R_max, target)
	}
}

END {
	nr = 0
	for (r in rounds) nr++
	printf "### Throughput (transactions per second, %d round%s each; median and min–max)\n\n", nr, nr == 1 ? "" : "s"
	print "| operation | contender | median TPS | min–max TPS |"
	print "|---|---|---:|---:|"
	for (i = 1; i <= nops; i++) {
		op = ops[i]
		if (!wanted(op))
			continue
		nc = split(conts[op], cs, " ")
		for (j = 1; j <= nc; j++) {
			c = cs[j]
			n = 0
			for (r in rounds)
				if ((op, c, r) in tps) v[++n] = tps[op, c, r]
			if (n == 0) {
				printf "| %s | %s | – | – |\n", label[op], desc[c]
				continue
			}
			m = median(v, n)
			printf "| %s | %s | %.0f | %.0f–%.0f |\n", label[op], desc[c], m, v[1], v[n]
		}
	}

	print ""
	print "### Ratios (per round A/B of the same round, then median and min–max over the rounds)"
	print ""
	print "| operation | A / B | median | min–max | target | result |"
	print "|---|---|---:|---:|---|---|"
	nt = 0
	missed = 0
	for (i = 1; i <= 3; i++) {
		op = ops[i]
		ratio_row(op, "ext", "floor", "≥ 0.85", ">=", 0.85)
		ratio_row(op, "ext", "plpgsql", "> 1.00", ">", 1.0)
		ratio_row(op, "plpgsql", "floor", "", "", 0)
		ratio_row(op, "express", "floor", "", "", 0)
		ratio_row(op, "ext", "express", "", "", 0)
		ratio_row(op, "floor_rls", "floor", "", "", 0)
		ratio_row(op, "ext", "floor_rls", "", "", 0)
	}
	ratio_row("page", "ext", "norls", "≥ 0.833 (≤ 1.2× the time)", ">=", 1 / 1.2)
	ratio_row("page", "ext_generic", "norls", "", "", 0)
	ratio_row("page", "ext", "ext_generic", "", "", 0)
	ratio_row("page", "rls", "norls", "", "", 0)
	ratio_row("page", "ext", "rls", "", "", 0)
	ratio_row("conc", "one_tenant", "four_tenants", "≥ 0.50", ">=", 0.5)

	if (wanted("page")) {
		nt++
		if (plan == "index")
			tline[nt] = "PASS  page of 50 open tickets: the statement inside get_tickets is an index scan (tickets_open_idx), no sort"
		else {
			missed++
			tline[nt] = "MISS  page of 50 open tickets: the statement inside get_tickets is not an index scan without a sort (see the plans)"
		}
	}

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
