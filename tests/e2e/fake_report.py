"""A stand-in for the report renderer (reports/nk3report) in the engine's end-to-end tests:
`fake_renderer(dir)` writes DIR/nk3report/__main__.py, which appends its argv (one JSON list a
line) to $FAKE_REPORT_LOG, writes the files a real renderer would (report.html and junit.xml for
`render DIR`, the named file for `junit FILE DIR...`) and exits with $FAKE_REPORT_EXIT (default
0). Point NK3RIG_REPORTS_DIR at DIR. This tests the wiring of `nk3rig run` and `merge` to the
renderer without depending on the renderer itself (tests/reports tests that)."""
import json
import pathlib

MAIN = '''\
import json, os, pathlib, sys
args = sys.argv[1:]
with open(os.environ["FAKE_REPORT_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
status = int(os.environ.get("FAKE_REPORT_EXIT", "0"))
if status == 0 and args[:1] == ["render"]:
    d = pathlib.Path(args[1])
    (d / "report.html").write_text("<html>fake</html>")
    (d / "junit.xml").write_text("<testsuites/>")
if status == 0 and args[:1] == ["junit"]:
    pathlib.Path(args[1]).write_text("<testsuites/>")
sys.exit(status)
'''


def fake_renderer(root):
    """Writes the fake package under `root`; returns `root` (for NK3RIG_REPORTS_DIR)."""
    package = pathlib.Path(root) / "nk3report"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(MAIN)
    return pathlib.Path(root)


def calls(log):
    """The argv lists the fake renderer was started with, in order."""
    path = pathlib.Path(log)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]
