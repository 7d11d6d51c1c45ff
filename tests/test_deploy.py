"""The scheduled deployment in prefect.yaml: what `accord serve` serves and `prefect deploy` registers."""
from __future__ import annotations

import inspect

import pytest

from flows.deploy import read_deployment, serve_options
from tests.conftest import ROOT

PREFECT_FILE = ROOT / "prefect.yaml"


def test_the_daily_deployment_runs_the_flow_every_day_with_its_own_parameters():
    from flows.etl import run_pipeline

    deployment = read_deployment(PREFECT_FILE, "daily")
    module, name = deployment["entrypoint"].split(":")
    assert (ROOT / module).exists() and name == run_pipeline.fn.__name__
    options = serve_options(deployment, {"workers": 2})
    assert [s.cron for s in options["schedules"]] == ["0 5 * * *"]
    assert set(options["parameters"]) <= set(inspect.signature(run_pipeline.fn).parameters)
    assert options["parameters"]["workers"] == 2 and options["parameters"]["full_refresh"] is False
    served = run_pipeline.to_deployment(**options)  # what flow.serve registers: parameters checked against the flow's schema
    assert served.name == "daily-served" and served.parameters["docs_dir"] == "seeds"


def test_an_unknown_deployment_names_the_known_ones():
    with pytest.raises(KeyError, match="deployments: daily"):
        read_deployment(PREFECT_FILE, "hourly")
