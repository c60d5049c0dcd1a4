"""nk3report: reports of nk3rig run directories.

Reads a run directory's results.sqlite (the contract is docs/results.md) and writes report.html
(self-contained, with matplotlib plots), junit.xml, and run-to-run comparisons. The nk3rig
binary runs it as `python3 -m nk3report ...` (harness/cli/report_tool.hpp); docs/reports.md
describes what it writes.
"""
