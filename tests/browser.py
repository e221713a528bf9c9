"""Headless Chromium for the page tests and the benchmark, driven by Playwright.

We use Debian's Chromium (``apt-get install chromium``, what ``make browser`` does), never
``playwright install``, which downloads browsers. Pages are opened from file:// URLs with every
other request aborted, so a page that needed the network would show it.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HOW_TO_GET_IT = "install Debian's Chromium with `make browser` (as root: apt-get install chromium)"


class NoBrowser(RuntimeError):
    """Chromium or Playwright is missing; the message says how to get them."""


def chromium_path() -> str:
    """The Chromium to drive: $FANKG_CHROMIUM if set, else `chromium` on PATH, else Debian's path."""
    chosen = os.environ.get("FANKG_CHROMIUM")
    candidates = [chosen] if chosen else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f"$FANKG_CHROMIUM={chosen}" if chosen else "chromium on PATH and /usr/bin/chromium"
    raise NoBrowser(f"no Chromium found ({where}): {HOW_TO_GET_IT}")


@contextmanager
def launch():
    """A running headless Chromium (Playwright ``Browser``), closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise NoBrowser(f"Playwright for Python is missing ({err}): run `make install`") from err
    executable = chromium_path()
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        except Exception as err:  # Playwright raises its own Error type with the browser's output
            raise NoBrowser(f"Chromium at {executable} did not start: {err}") from err
        try:
            yield browser
        finally:
            browser.close()


def open_graph_page(browser, path: Path, width: int = 1400, height: int = 900, timeout_ms: int = 30_000):
    """Open a graph page offline and wait for its first drawing.

    Returns ``(page, problems)``: ``problems`` is a live list that collects console errors,
    uncaught exceptions, dialogs (``alert``) and any request that was not file: or data:.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []

    def block(route):
        url = route.request.url
        if not url.startswith(("file:", "data:")):
            problems.append(f"request blocked: {url}")
            route.abort()
        else:
            route.continue_()

    def dialog(d):
        problems.append(f"dialog: {d.type} {d.message}")
        d.dismiss()

    page.route("**/*", block)
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri())
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            # A function, not an expression: Playwright polls expressions with eval, which the
            # page's Content-Security-Policy rightly forbids.
            page.wait_for_function("() => window.fankg && window.fankg.firstDrawMs !== null", timeout=250)
            return page, problems
        except PlaywrightTimeout:
            if any(p.startswith(("page error", "console error")) for p in problems) or time.monotonic() > deadline:
                page.close()
                raise AssertionError(f"{path}: the graph was never drawn; {problems or 'no error reported'}") from None
