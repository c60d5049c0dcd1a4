"""report.html in a real browser (Debian's headless Chromium): it opens from disk with no
console message, its plots are in the rendered DOM, and they are visible in a screenshot.

Method, and why:
- Console: `--enable-logging=stderr --v=0` makes Chromium log every console message of the
  page as a `...:CONSOLE...] "message", source: URL (line)` line on stderr. The report carries a
  Content-Security-Policy that allows only inline styles and data: images, so any external
  script, font, image or stylesheet would be *blocked and logged* there, as would a script
  error. Matching only CONSOLE lines ignores Chromium's own noise (D-Bus, GPU) on a headless VM.
  test_console_detector_sees_errors proves on a crafted page that the detector sees both kinds,
  so an empty list on the report means something. (The DevTools protocol would need a
  WebSocket client, which Debian's python3 does not ship.)
- DOM: `--dump-dom` prints the DOM after parsing: the inline SVGs must be elements there, each
  inside its <figure> with its caption, not text or a broken fragment.
- Pixels: `--screenshot` at 1280x4000, read with matplotlib. The verdict colours of the plots
  (blue #0072B2, vermillion #D55E00) must cover many pixels, and vanish when the same report is
  shown with its SVGs removed: the colour comes from the plots, not from the page's CSS.
No timing is asserted; Chromium gets a generous timeout and a private profile in tmp_path.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

import pytest
from reportkit import FAIL_RGB, PASS_RGB

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian package chromium)")

CONSOLE = re.compile(r":CONSOLE(?::\d+|\(\d+\))\] (.*)")
SVG_ELEMENT = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)


def chromium(tmp_path: pathlib.Path, page: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--force-device-scale-factor=1", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", *args, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def console_messages(proc: subprocess.CompletedProcess) -> list[str]:
    return [m.group(1) for m in map(CONSOLE.search, proc.stderr.splitlines()) if m]


def screenshot(tmp_path: pathlib.Path, page: pathlib.Path, name: str):
    import matplotlib.image as mimage
    png = tmp_path / f"{name}.png"
    proc = chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1280,4000")
    assert png.is_file(), proc.stderr[-3000:]
    return mimage.imread(png)[:, :, :3], proc


def colour_pixels(pixels, rgb, tol: float = 0.03) -> int:
    import numpy as np
    return int((np.abs(pixels - np.array(rgb)) <= tol).all(axis=2).sum())


@pytest.fixture
def report_file(pin_report, tmp_path) -> pathlib.Path:
    page = tmp_path / "report.html"
    page.write_text(pin_report, encoding="utf-8")
    return page


def test_console_detector_sees_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"></head>"
        "<body><p>x</p><img src=\"https://example.invalid/a.png\">"
        "<script>console.error('nk3-detector-check')</script></body></html>")
    messages = console_messages(chromium(tmp_path, page, "--dump-dom"))
    # The inline script is itself refused by the policy; the external image is blocked.
    assert any("example.invalid" in m for m in messages), messages
    assert any("script" in m.lower() for m in messages), messages


def test_report_opens_without_console_messages(report_file, tmp_path):
    proc = chromium(tmp_path, report_file, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert console_messages(proc) == []
    assert "<svg" in proc.stdout


def test_rendered_dom_holds_the_plots(report_file, tmp_path):
    dom = chromium(tmp_path, report_file, "--dump-dom").stdout
    source = report_file.read_text(encoding="utf-8")
    assert dom.count("<svg") == source.count("<svg") == 3
    for fig_id in ("crash-map", "failures-by-check", "recovery"):
        start = dom.index(f'<figure id="{fig_id}"')
        fig = dom[start:dom.index("</figure>", start)]
        assert "<svg" in fig and "<figcaption>" in fig, fig_id
        assert "</svg>" in fig, fig_id
    assert 'id="verdict"' in dom


def test_screenshot_shows_the_plots(report_file, tmp_path):
    import numpy as np

    pixels, proc = screenshot(tmp_path, report_file, "report")
    assert console_messages(proc) == []
    assert pixels.shape[:2] == (4000, 1280)
    non_white = (pixels < 0.97).any(axis=2).mean()
    assert 0.03 < non_white < 0.9, non_white
    assert len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 20
    fail, passed = colour_pixels(pixels, FAIL_RGB), colour_pixels(pixels, PASS_RGB)
    assert fail > 3000 and passed > 1000, (fail, passed)

    # Control: the same page without its plots shows (almost) none of these colours.
    bare = tmp_path / "bare.html"
    bare.write_text(SVG_ELEMENT.sub("", report_file.read_text(encoding="utf-8")),
                    encoding="utf-8")
    bare_pixels, _ = screenshot(tmp_path, bare, "bare")
    assert colour_pixels(bare_pixels, FAIL_RGB) < 50
    assert colour_pixels(bare_pixels, PASS_RGB) < 50
