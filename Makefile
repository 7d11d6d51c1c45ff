# Two commands from a fresh clone: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WAREHOUSE ?= warehouse

.PHONY: run test bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# constraints.txt pins every transitive version that was proven to install and start here
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/accord run --docs seeds --warehouse $(WAREHOUSE)

test: $(STAMP)
	$(PY) -m pytest -q

# 1k, 10k and 100k documents (about 20 minutes on 2 cores); e.g. BENCH_ARGS="--sizes 1000 10000" for a quicker look
bench: $(STAMP)
	$(PY) -m benchmarks.run $(BENCH_ARGS)

# The warehouse and nothing else: what accord made there (its marker, lock, builds, and its links, which are
# removed, never followed), not the storage code that shares the folder in a clone.
clean:
	rm -rf $(VENV)
	rm -rf $(WAREHOUSE)/.builds $(WAREHOUSE)/.lock $(WAREHOUSE)/.accord-warehouse
	find $(WAREHOUSE) -maxdepth 1 -type l -delete 2>/dev/null || true
	rm -f $(WAREHOUSE)/analytics.duckdb
