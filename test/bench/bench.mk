# test/bench/bench.mk — `make bench`: the benchmark of SPEC §9 on a throwaway
# cluster (pg_virtualenv, port $SUPPORTHUB_BENCH_PORT or 54390; never 5432
# or the system cluster).  Included by the top Makefile.  Run as root (it
# installs the extension).  Two regimes, interleaved in one run: fsync
# (synchronous_commit as configured, BENCH_CLIENTS clients) and cpu (the
# writes with synchronous_commit = off, BENCH_CPU_CLIENTS clients on 2
# threads, COMMIT and act_as latencies from pgbench -r).  Knobs
# (environment): BENCH_SCALE (1 = 1,000,000 tickets; 0.01 for a smoke run),
# BENCH_ROUNDS (5), BENCH_SECONDS (10), BENCH_REGIMES ("fsync cpu"),
# BENCH_CLIENTS (1), BENCH_CPU_CLIENTS (4), BENCH_ONLY (all operations:
# create assign escalate page conc actor token notify), BENCH_OUT.  See
# test/bench/run.sh and docs/performance.md.
#
#   make bench                                              # the full run
#   BENCH_SCALE=0.01 BENCH_SECONDS=2 BENCH_ROUNDS=1 make bench   # smoke run
#   make bench-smoke                                        # the same (both regimes)
#   BENCH_REGIMES=cpu BENCH_ONLY="assign actor" make bench  # a part of it

# Enough shared buffers for the 1M-ticket data set (about 2.5 GB on disk),
# no checkpoint in the middle of a run, and fsync on (pg_virtualenv turns it
# off by default): the fsync-bound regime must really wait for the disk.
BENCH_PG_OPTS ?= -o shared_buffers=2GB -o max_wal_size=16GB -o checkpoint_timeout=1h \
	-o max_connections=40 -o fsync=on

.PHONY: bench bench-smoke bench-memory bench-instructions bench-search
bench: install
	@port=$${SUPPORTHUB_BENCH_PORT:-54390}; \
	if [ "$$port" = 5432 ]; then echo "bench: refusing port 5432 (the system cluster)" >&2; exit 1; fi; \
	PGPORT=$$port pg_virtualenv -t -v 15 $(BENCH_PG_OPTS) bash $(CURDIR)/test/bench/run.sh

bench-smoke:
	BENCH_SCALE=0.01 BENCH_SECONDS=2 BENCH_ROUNDS=1 $(MAKE) -s bench

# What a backend's memory holds after calling the API, whether it grows over
# 100,000 calls, and what 100 connections take (test/bench/memory.sh).
bench-memory: install
	@port=$${SUPPORTHUB_BENCH_PORT:-54390}; \
	if [ "$$port" = 5432 ]; then echo "bench-memory: refusing port 5432 (the system cluster)" >&2; exit 1; fi; \
	PGPORT=$$port pg_virtualenv -t -v 15 -o max_connections=130 -o shared_buffers=256MB \
		bash $(CURDIR)/test/bench/memory.sh

# What one write costs the server in instructions (callgrind), contender by
# contender, free of the machine's noise (test/bench/instructions.sh).
bench-instructions: install
	bash $(CURDIR)/test/bench/instructions.sh

# search_tickets among 1M tickets of 100 tenants, on a data set of its own
# (test/bench/search.sh; BENCH_SCALE=0.01 for a smoke run).
bench-search: install
	@port=$${SUPPORTHUB_BENCH_PORT:-54390}; \
	if [ "$$port" = 5432 ]; then echo "bench-search: refusing port 5432 (the system cluster)" >&2; exit 1; fi; \
	PGPORT=$$port pg_virtualenv -t -v 15 -o shared_buffers=2GB -o max_wal_size=16GB \
		-o checkpoint_timeout=1h -o max_connections=40 bash $(CURDIR)/test/bench/search.sh
