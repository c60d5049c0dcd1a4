import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def nk3rig():
    """Path of the nk3rig binary (make test sets NK3RIG; default: the default preset's build)."""
    path = pathlib.Path(os.environ.get("NK3RIG", ROOT / "build/default/harness/nk3rig"))
    if not path.is_file():
        pytest.fail(f"nk3rig binary not found at {path}: run `make test` (it builds first)")
    return path


@pytest.fixture(scope="session")
def run(nk3rig):
    def _run(*args, check=False):
        proc = subprocess.run([str(nk3rig), *map(str, args)], capture_output=True, text=True,
                              timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"nk3rig {' '.join(map(str, args))} exited {proc.returncode}:\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc
    return _run
