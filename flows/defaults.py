"""The defaults of a run, in one place: the flow's parameters (flows/etl.py) and the `accord run` options
(flows/cli.py) take them from here, and tests/test_safety_store.py holds prefect.yaml's parameters to them
(but for the overrides that file says why it makes). No imports: the CLI reads it before Prefect starts."""
from pathlib import Path

DOCS_DIR = Path("seeds")
WAREHOUSE_DIR = Path("warehouse")
BATCH_SIZE = 200  # documents per extraction task
MAX_BYTES = 20_000_000  # larger files are rejected
MAX_BATCHES = 500  # batches grow beyond BATCH_SIZE so that a run makes at most this many tasks
HASH_BATCH_SIZE = 5000  # files per task when new and changed files are read for their content hash
WORKERS = 0  # 0: batches run in threads of the flow's process
FULL_REFRESH = False
PARTITION_BY_YEAR = False
DASK_ADDRESS = None
FOLLOW_LINKS = False  # links out of the documents folder, and links to folders, are rejected
# Seconds a document may take to read and extract: a floor plus seconds per KB of the file, about a hundred
# times what an ordinary document takes (a few ms per KB on one core).
BUDGET_FLOOR_SECONDS = 30.0
BUDGET_SECONDS_PER_KB = 0.2
