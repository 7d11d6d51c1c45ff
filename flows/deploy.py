"""Scheduled runs: `accord serve` serves the flow with `flow.serve`, on the schedule and with the parameters
of a deployment in prefect.yaml, so the served flow and the one `prefect deploy` registers are the same.

The served deployment has a name of its own (`daily-served` for `daily`): flow.serve registers its
deployment, takes it over if it exists, and pauses it when stopped, so under the same name it would take
over (and then pause) the `daily` that `prefect deploy` registered for a worker pool."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_deployment(prefect_file: Path, name: str) -> dict[str, Any]:
    """One deployment of a prefect.yaml, by name."""
    config = yaml.safe_load(prefect_file.read_text(encoding="utf-8")) or {}
    for deployment in config.get("deployments") or []:
        if deployment.get("name") == name:
            return deployment
    known = ", ".join(d.get("name", "?") for d in config.get("deployments") or []) or "none"
    raise KeyError(f"no deployment {name!r} in {prefect_file} (deployments: {known})")


def served_name(deployment_name: str) -> str:
    """The name `accord serve` registers a prefect.yaml deployment under, apart from the one `prefect deploy` registers."""
    return f"{deployment_name}-served"


def serve_options(deployment: dict[str, Any], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keyword arguments of flow.serve for a prefect.yaml deployment, with some parameters overridden."""
    from prefect.schedules import Cron, Interval

    schedules = []
    for s in deployment.get("schedules") or []:
        if "cron" in s:
            schedules.append(Cron(s["cron"], timezone=s.get("timezone"), day_or=s.get("day_or", True), active=s.get("active", True)))
        elif "interval" in s:
            schedules.append(Interval(s["interval"], timezone=s.get("timezone"), active=s.get("active", True)))
        else:
            raise ValueError(f"deployment {deployment['name']!r}: `accord serve` reads cron and interval schedules, not {sorted(s)}")
    return {
        "name": served_name(deployment["name"]),
        "schedules": schedules,
        "parameters": {**(deployment.get("parameters") or {}), **(overrides or {})},
        "description": deployment.get("description"),
        "tags": deployment.get("tags") or [],
    }


def serve(prefect_file: Path, name: str, overrides: dict[str, Any] | None = None) -> None:
    """Serve the flow until interrupted: scheduled runs execute in this process's children."""
    from flows.etl import run_pipeline

    run_pipeline.serve(**serve_options(read_deployment(prefect_file, name), overrides))
