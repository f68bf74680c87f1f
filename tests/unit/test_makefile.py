"""The Makefile's promises: what `make run` installs, and that `make test-fast` runs tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def dry_run(target: str, venv: Path) -> str:
    """The commands `make TARGET` would run on a machine with no virtualenv yet."""
    return subprocess.run(
        ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_make_run_installs_only_the_runtime_requirements(tmp_path):
    commands = dry_run("run", tmp_path / "venv")
    assert "-r requirements.txt" in commands
    assert "requirements-dev.txt" not in commands


def test_make_test_adds_the_dev_requirements(tmp_path):
    commands = dry_run("test", tmp_path / "venv")
    assert "-r requirements.txt" in commands and "-r requirements-dev.txt" in commands


def test_make_test_fast_runs_the_tests_without_servers_or_browsers(tmp_path):
    commands = dry_run("test-fast", tmp_path / "venv").splitlines()
    pytest_line = next(line for line in commands if "-m pytest" in line)
    marker = pytest_line.split("-m pytest", 1)[1].split('-m "', 1)[1].rstrip('"')
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", marker],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    selected = int(collected.strip().splitlines()[-1].split("/")[0].split()[0])
    assert selected > 500  # the unit, API, contract and golden tests
    assert "tests/browser" not in collected and "tests/faults" not in collected
