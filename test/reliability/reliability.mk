# test/reliability/reliability.mk — included by the top Makefile.
#
#   make reliability            sqlsmith, then memcheck (a few minutes; as root)
#   make reliability-sqlsmith   bounded sqlsmith run, queries and crashes printed
#   make reliability-memcheck   test suites under valgrind memcheck
#   make reliability-tap        the TAP tests alone (crash recovery, dump/restore;
#                               also part of the test command, test/run.sh)
#
# Each script builds and installs the extension first when run as root, and
# uses its own throwaway cluster and port (sqlsmith 54395, memcheck 54394,
# TAP 54391/54392), never the system cluster or 5432.  Results and how to
# read them: docs/reliability.md.

.PHONY: reliability reliability-sqlsmith reliability-memcheck reliability-tap

reliability:
	@status=0; \
	bash test/reliability/sqlsmith.sh || status=1; \
	bash test/reliability/memcheck.sh || status=1; \
	exit $$status

reliability-sqlsmith:
	bash test/reliability/sqlsmith.sh

reliability-memcheck:
	bash test/reliability/memcheck.sh

reliability-tap:
	bash test/tap.sh
