import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_a3abcfeae2050fef.txt"
#: The client's files (annotations, scorer, real articles), beside this repository
SHARED = ROOT.parent / "shared"


def need_shared(path):
    """Skip a test whose client files are missing on a developer's machine; fail it on CI, where
    a skip would hide that the test never ran."""
    if not Path(path).exists():
        message = f"the client's files are missing at {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_fankg(*args, cwd=ROOT, input=None, env=None):
    """Run the real command line (``python -m graph``) and capture its output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "graph", *map(str, args)], cwd=cwd, input=input,
                          capture_output=True, text=True, env=full_env, timeout=600)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed corpus built once into a temporary folder by the real command."""
    out = tmp_path_factory.mktemp("exports")
    proc = run_fankg("build", SEEDS, "--out", out)
    assert proc.returncode == 0, proc.stderr
    return out, proc


@pytest.fixture(scope="session")
def seed_claims():
    proc = run_fankg("extract", SEED)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]
