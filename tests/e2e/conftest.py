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


# --- `nk3rig sim serve` (helpers in simkey.py) ---------------------------------------------

@pytest.fixture
def serve(nk3rig, tmp_path):
    """Factory: serve(state=..., profile=..., extra=[...]) starts `nk3rig sim serve` on ephemeral
    ports; every server started is stopped with SIGTERM at the end and must exit 0."""
    from simkey import SimServe
    servers = []

    def _serve(state=None, profile="nk3am-1.3.1", extra=()):
        server = SimServe(nk3rig, state=state, profile=profile, extra=extra,
                          log_dir=str(tmp_path)).start()
        servers.append(server)
        return server

    yield _serve
    for server in servers:
        if server.proc is not None:
            rc, out = server.stop()
            assert rc == 0, (rc, out, server.stderr())


@pytest.fixture
def sim(serve, tmp_path):
    """A simulated NK3A mini (nk3am-1.3.1) with a fresh state directory tmp_path/state."""
    return serve(state=tmp_path / "state")


@pytest.fixture
def renderer(tmp_path, monkeypatch):
    """Every nk3rig started by the test renders its reports with the fake of fake_report.py
    (the engine's tests do not wait for plots; tests/reports tests the renderer itself);
    returns the fake's log of calls."""
    from fake_report import fake_renderer
    log = tmp_path / "renderer.log"
    monkeypatch.setenv("NK3RIG_REPORTS_DIR", str(fake_renderer(tmp_path / "fake-reports")))
    monkeypatch.setenv("FAKE_REPORT_LOG", str(log))
    monkeypatch.delenv("FAKE_REPORT_EXIT", raising=False)
    monkeypatch.delenv("NK3RIG_PYTHON", raising=False)
    return log


@pytest.fixture(scope="session")
def ca_pem(run):
    """The project CA certificate (PEM) from `nk3rig sim ca`."""
    return run("sim", "ca", check=True).stdout
