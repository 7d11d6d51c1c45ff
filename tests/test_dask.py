"""Batches on Dask through prefect-dask's DaskTaskRunner: a local cluster started by the flow
(--workers) and an existing cluster (--dask-address) build the warehouse the default runner builds."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS
from tests.test_incremental import RUN_TIMES, TODAY, assert_same_warehouse


@pytest.fixture
def seed_docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, docs / f.name)
    return docs


def _task_runs_of_subflow(parent_flow_run_id) -> dict[str, list[str]]:
    """State names of the task runs of the extraction subflow, by task name, as this session's Prefect API recorded them."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId, TaskRunFilter, TaskRunFilterFlowRunId

    with get_client(sync_client=True) as client:
        subflows = client.read_flow_runs(flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent_flow_run_id])))
        runs = client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[f.id for f in subflows])))
    out: dict[str, list[str]] = {}
    for r in runs:
        out.setdefault(r.task_key.rsplit("-", 1)[0], []).append(r.state.name)
    return out


def test_a_local_dask_cluster_builds_the_warehouse_of_the_default_runner(seed_warehouse, seed_docs, tmp_path):
    from flows.etl import run_pipeline

    state = run_pipeline(docs_dir=seed_docs, warehouse_dir=tmp_path / "wh", today=TODAY, workers=2, batch_size=2, return_state=True)
    summary = state.result()
    assert (summary.documents_extracted, summary.rejected) == (5, [])
    assert_same_warehouse(seed_warehouse, tmp_path / "wh", RUN_TIMES)
    # The worker processes reported their task runs to this run's Prefect API, not to servers of their own.
    runs = _task_runs_of_subflow(state.state_details.flow_run_id)
    # five files: batches of two, and the reading split so that each of the two workers gets some
    assert runs["extract_batch"] == ["Completed"] * 3 and runs["hash_batch"] == ["Completed"] * 2


def test_an_existing_dask_cluster_runs_the_batches(seed_warehouse, seed_docs, tmp_path):
    from distributed import Client, LocalCluster

    from flows import defaults
    from flows.batches import chunk
    from flows.etl import batch_parallelism, run_pipeline, task_size

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        run_pipeline(docs_dir=seed_docs, warehouse_dir=tmp_path / "wh", today=TODAY, dask_address=cluster.scheduler_address, batch_size=2)
        executed = sum(client.run(lambda dask_worker: dask_worker.state.executed_count).values())
    # three extraction batches of two files, and the five files read in as many tasks as this machine has cores
    # (up to five): the cluster is not asked how many workers it has
    assert executed == 3 + len(chunk(range(5), task_size(5, defaults.HASH_BATCH_SIZE, defaults.MAX_BATCHES, batch_parallelism(0))))
    assert_same_warehouse(seed_warehouse, tmp_path / "wh", RUN_TIMES)


def test_local_workers_are_told_the_prefect_api_of_the_run():
    """A temporary Prefect API server is known only to the process that started it: worker processes
    that are not told its address start servers of their own and record their task runs there."""
    from prefect import flow
    from prefect.settings import get_current_settings

    from flows.etl import task_runner

    @flow
    def workers_api_url() -> str:
        return task_runner(2, None).cluster_kwargs["env"]["PREFECT_API_URL"]

    assert workers_api_url().rstrip("/") == str(get_current_settings().api.url).rstrip("/")


def test_the_module_dask_workers_import_leaves_pandas_out():
    """Workers import flows.etl to run the batch tasks; pandas (for the report, in the flow process only)
    would cost each worker about 30 MB."""
    code = "import sys, flows.etl; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_module_dask_workers_import_leaves_the_extractors_out():
    """Workers and the flow process list, plan and write; the extraction processes they start extract. The
    extractors' vocabularies and libraries would cost each of them about 20 MB."""
    code = ("import sys, flows.etl\n"
            "print(sorted(m for m in ('transforms.extract', 'transforms.dates', 'transforms.organizations', 'dateparser') if m in sys.modules))\n"
            "import flows.batches as b, transforms.organizations as o\n"
            "print(b._REFERENCE_DATA == b._dir_identity(o.REFERENCE_DIR))")  # listing still knows accord's own reference folder
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True"]
