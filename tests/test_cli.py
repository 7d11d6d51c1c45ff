"""Every command has help text; extract works on one sentence without a warehouse."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flows.cli import build_parser
from tests.conftest import ROOT


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_help(command):
    out = subprocess.run([sys.executable, "-m", "flows.cli", command, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert "usage: accord" in out.stdout and len(out.stdout.splitlines()) > 3


def test_extract_prints_json_for_a_sentence():
    text = "JICA extended a loan of JPY 20 billion (about US$ 180 million) to the State on Monday."
    out = subprocess.run([sys.executable, "-m", "flows.cli", "extract", text, "--date", "2023-03-15"], capture_output=True, text=True, cwd=ROOT, check=True)
    data = json.loads(out.stdout)
    money = [f for f in data["figures"] if f["kind"] == "money"]
    assert [(f["value"], f["unit"]) for f in money] == [(2e10, "JPY"), (1.8e8, "USD")]
    assert money[0]["money_type"] == "loan" and money[1]["equivalent_of"] == money[0]["figure_id"]
    assert money[0]["value_usd"] is not None and money[0]["fx_rate_date"] <= "2023-03-15"
    for f in data["figures"]:
        assert text[f["char_start"]:f["char_end"]] == f["text"]


def test_query_refuses_to_write(seed_warehouse):
    out = subprocess.run([sys.executable, "-m", "flows.cli", "query", "drop view figures", "--warehouse", str(seed_warehouse)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1
    assert "read-only" in out.stderr.lower() and "Traceback" not in out.stderr


def test_query_reports_bad_sql_without_a_traceback(seed_warehouse):
    out = subprocess.run([sys.executable, "-m", "flows.cli", "query", "select nope from figures", "--warehouse", str(seed_warehouse)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1
    assert "nope" in out.stderr and "Traceback" not in out.stderr


def test_a_reader_that_stops_early_ends_the_listing_quietly():
    """`accord rules | head -1`: the pipe closes after one line; no traceback, the status a shell gives SIGPIPE."""
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, bufsize=0)
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err, err
