"""Fixtures for the real-browser tests (a plugin, loaded by the root conftest.py, so that every
app's browser tests share one chromium): Debian's chromium driven by Playwright, axe-core on every page.

`playwright install` cannot download browsers here, so the suite drives /usr/bin/chromium (or
$CHROMIUM). Where chromium or axe-core is missing the tests are skipped with the reason,
except in CI (the CI environment variable is set), where they fail.
"""

import os
import shutil

import pytest

from .helpers import AXE

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    missing = []
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        missing.append(f"no chromium at {CHROMIUM}: run `make browser` to install Debian's")
    if not AXE.exists():
        missing.append(f"axe-core is not installed at {AXE}: run `make install`")
    if missing:
        # CI must run them; on a developer's machine they are skipped, with the reason.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("; ".join(missing))
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh page with its own cookies. Fails the test on a JavaScript error in the page."""
    # bypass_csp lets axe-core be injected into pages served with a content security policy.
    context = browser.new_context(bypass_csp=True, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(5_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def live_world(transactional_db, world, live_server):
    """`world`, committed so that the live server's thread can see it.

    Asking for `transactional_db` (or `live_server`) makes pytest-django run `world`'s `db`
    as a transactional database: rows are committed and the tables are flushed afterwards.
    """
    return world
