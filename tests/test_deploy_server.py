"""The README's deploy steps against a real Prefect server (`prefect server start`, not the test harness): run
in the README's order from this clone, they register `daily`, and the server's scheduler creates its runs
(with SQLAlchemy 2.1 the scheduler failed every loop, `Can't evaluate bulk DML statement`, and no run was
ever scheduled); `accord serve` then serves a deployment of its own and leaves `daily` alone."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
WAIT = 90  # seconds: a bounded wait, so a scheduler that never schedules fails the test instead of hanging it


def readme_deploy_commands() -> list[list[str]]:
    """The `prefect ...` commands of the README's deploy block, in its order, but those that start the server
    (the fixture does, on a port of its own), start a worker or start a run now."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", text, re.S) if ".venv/bin/prefect deploy --all" in b)
    commands = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith(".venv/bin/prefect ") and not re.search(r" (server start|worker start|deployment run)", line):
            commands.append(shlex.split(line))
    return commands


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A Prefect server of its own on 127.0.0.1 (temporary PREFECT_HOME and database); its environment."""
    tmp_path = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}  # not the session's test harness
    env.update({
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_CLI_PROMPT": "false",
        # the scheduler looks for deployments every 2 s instead of every 60 s
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
    })
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()[-3000:]
            time.sleep(0.5)
        yield env, tmp_path / "server.log"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def deployed(prefect_server):
    """The README's deploy steps run in its order; the server's environment and log."""
    env, server_log = prefect_server
    commands = readme_deploy_commands()
    assert [c[1] for c in commands] == ["work-pool", "deploy"], commands  # the pool exists before deploy needs it
    for command in commands:
        done = subprocess.run([str(BIN / command[0].rsplit("/", 1)[1]), *command[1:]], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{shlex.join(command)}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return env, server_log


def daily_runs(api: str, deployment_id: str) -> list[dict]:
    return httpx.post(f"{api}/flow_runs/filter", timeout=10, json={
        "deployments": {"id": {"any_": [deployment_id]}}, "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
    }).json()


def test_the_readme_deploy_steps_register_daily_and_the_scheduler_creates_its_runs(deployed):
    env, server_log = deployed
    api = env["PREFECT_API_URL"]
    deployment = httpx.get(f"{api}/deployments/name/accord-etl/daily", timeout=10).json()
    assert deployment["schedules"][0]["schedule"]["cron"] == "0 5 * * *" and not deployment["paused"]
    deadline, runs = time.monotonic() + WAIT, []
    while time.monotonic() < deadline and len(runs) < 3:
        runs = daily_runs(api, deployment["id"])
        time.sleep(1)
    log = server_log.read_text(errors="replace")
    assert "bulk DML" not in log and "Traceback" not in log, log[-3000:]
    assert len(runs) >= 3, f"the scheduler created {len(runs)} runs in {WAIT} s"
    assert all(r["state"]["name"] == "Scheduled" and r["expected_start_time"][11:16] == "05:00" for r in runs)


def test_accord_serve_serves_a_deployment_of_its_own_and_leaves_daily_alone(deployed, tmp_path):
    env, _ = deployed
    api = env["PREFECT_API_URL"]
    daily = httpx.get(f"{api}/deployments/name/accord-etl/daily", timeout=10).json()
    serving = subprocess.Popen([str(BIN / "accord"), "serve", "--warehouse", str(tmp_path / "w")], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, served = time.monotonic() + WAIT, None
        while served is None and time.monotonic() < deadline and serving.poll() is None:
            response = httpx.get(f"{api}/deployments/name/accord-etl/daily-served", timeout=10)
            served = response.json() if response.status_code == 200 else time.sleep(0.5)
        assert served is not None, serving.stdout.read().decode(errors="replace")[-3000:] if serving.poll() is not None else "not served"
        assert served["id"] != daily["id"] and served["parameters"]["warehouse_dir"] == str(tmp_path / "w")
    finally:
        serving.send_signal(signal.SIGINT)  # Ctrl-C: flow.serve pauses what it served
        try:
            serving.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serving.kill()
    after = httpx.get(f"{api}/deployments/name/accord-etl/daily", timeout=10).json()
    assert not after["paused"] and after["parameters"] == daily["parameters"] and after["schedules"][0]["active"]
