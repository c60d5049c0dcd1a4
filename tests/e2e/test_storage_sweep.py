"""End-to-end: `nk3rig storage-sweep`, the job `make run` runs until the campaign engine exists."""

import re

COLUMNS = ["cut_points", "trials", "nested", "damaged", "unmountable", "data", "fsck", "collateral"]


def parse_table(stdout):
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^(\S+)\s+" + r"\s+".join([r"(\d+)"] * len(COLUMNS)) + r"\s*$", line)
        if m:
            rows[m.group(1)] = dict(zip(COLUMNS, map(int, m.groups()[1:])))
    return rows


def test_sweep_table_shows_what_each_translation_layer_does(run):
    proc = run("storage-sweep", check=True)
    rows = parse_table(proc.stdout)
    assert set(rows) == {"nrf52-none", "lpc55-none", "nrf52-rmw", "nrf52-rmw-prog256",
                         "nrf52-journaled", "nrf52-journaled-v1.3.1"}, proc.stdout
    for name, row in rows.items():
        assert row["cut_points"] > 10, name
        assert row["trials"] == 3 * row["cut_points"], name
        assert row["damaged"] == row["unmountable"] + row["data"] + row["fsck"], name
    # littlefs on native pages (its own guarantee), and a write-ahead journal below it: nothing
    # lost.
    for name in ("nrf52-none", "lpc55-none", "nrf52-journaled"):
        assert rows[name]["damaged"] == 0, (name, proc.stdout)
    # Read-modify-write below the filesystem: the sweep must find cut points that break it,
    # including damage to files nobody was writing.
    for name in ("nrf52-rmw", "nrf52-rmw-prog256"):
        assert rows[name]["damaged"] > 0, name
        assert rows[name]["collateral"] > 0, name
    # Programs of 4 B append commits; of 256 B make every commit an erase: more erase windows.
    assert rows["nrf52-rmw-prog256"]["cut_points"] > rows["nrf52-rmw"]["cut_points"]
    assert "every trial passed" in proc.stdout
    assert re.search(r"\d+ trials in [\d.]+ s", proc.stdout)


def test_same_seed_same_results(run):
    args = ("storage-sweep", "--stack", "nrf52-rmw", "--stack", "nrf52-journaled-v1.3.1",
            "--seed", "7", "--show", "50")
    strip = lambda out: "\n".join(l for l in out.splitlines() if "trials/s" not in l)
    first, second = run(*args, check=True), run(*args, check=True)
    assert strip(first.stdout) == strip(second.stdout)
    other = run("storage-sweep", "--stack", "nrf52-rmw", "--seed", "8", "--show", "50", check=True)
    assert parse_table(other.stdout)["nrf52-rmw"]["cut_points"] == \
        parse_table(first.stdout)["nrf52-rmw"]["cut_points"]


def test_nested_sweep_runs_second_cuts(run):
    proc = run("storage-sweep", "--stack", "nrf52-journaled", "--workload", "small", "--nested",
               check=True)
    row = parse_table(proc.stdout)["nrf52-journaled"]
    assert row["nested"] > 0
    assert row["damaged"] == 0, proc.stdout


def test_bad_arguments_exit_2_and_say_why(run):
    proc = run("storage-sweep", "--stack", "no-such-stack")
    assert proc.returncode == 2
    assert "--stack" in proc.stderr and "no-such-stack" in proc.stderr
    proc = run("storage-sweep", "--modes", "sideways")
    assert proc.returncode == 2
    assert "--modes" in proc.stderr
    proc = run("frobnicate")
    assert proc.returncode == 2


def test_help_lists_the_subcommand(run):
    proc = run("--help")
    assert proc.returncode == 0
    assert "storage-sweep" in proc.stdout
