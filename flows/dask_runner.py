"""prefect-dask's task runner, submitting without Dask's hashing of each task (imported only when a run uses Dask)."""
from __future__ import annotations

from prefect_dask import DaskTaskRunner
from prefect_dask.task_runners import PrefectDaskFuture


class UntokenizedDaskTaskRunner(DaskTaskRunner):
    """DaskTaskRunner submitting with pure=False. With pure=True (its default) Dask hashes every submission
    for its key: the task, its parameters and the closure prefect-dask wraps it in, which cloudpickle pickles
    by value, scanning all of sys.modules. Profiled on 10,000 documents, that hash was about a third of the
    flow process's time submitting the batches. Every submission carries a new task_run_id, so no two keys
    were ever equal: the hash never let Dask share a result."""

    def submit(self, task, parameters, wait_for=None, dependencies=None):
        if not self._started:
            raise RuntimeError("The task runner must be started before submitting work.")
        future = self.client.submit(
            task, parameters=self._optimize_futures(parameters), wait_for=self._optimize_futures(wait_for) if wait_for else None,
            dependencies=dependencies, return_type="state", pure=False,
        )
        return PrefectDaskFuture(wrapped_future=future, task_run_id=future.task_run_id)
