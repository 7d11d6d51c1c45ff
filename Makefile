# Two commands from a fresh clone: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# constraints.txt pins every transitive version that was proven to install and start here
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/accord run --docs seeds --warehouse warehouse

test: $(STAMP)
	$(PY) -m pytest -q

# 1k, 10k and 100k documents (about 20 minutes on 2 cores); e.g. BENCH_ARGS="--sizes 1000 10000" for a quicker look
bench: $(STAMP)
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) warehouse/*/ warehouse/analytics.duckdb
