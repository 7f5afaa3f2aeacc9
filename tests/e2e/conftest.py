"""End-to-end tests: Playwright drives Debian's Chromium against a live server.

No browser is ever downloaded: Chromium comes from the Debian package
(`apt-get install chromium`), and the tests skip where it is absent.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls made by the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "e2e"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Flags that keep Chromium off the network and quiet on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}): apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser, live_server, request, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server, request):
    context, page = _new_page(browser, live_server, request)
    yield page
    _screenshot_on_failure(page, request)
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, request):
    context, page = _new_page(browser, live_server, request, java_script_enabled=False)
    yield page
    _screenshot_on_failure(page, request)
    context.close()


def _screenshot_on_failure(page, request):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)


@pytest.fixture
def axe(browser, live_server, request):
    """Run axe-core on a path; return serious and critical violations.

    axe is injected from node_modules (npm), never from a CDN. The page under
    test keeps its CSP; only this audit context bypasses it to inject axe.
    """
    if not AXE.exists():
        pytest.skip("axe-core absent: npm ci")
    context, page = _new_page(browser, live_server, request, bypass_csp=True)
    source = AXE.read_text()

    def audit(path: str, login=None) -> list[dict]:
        if login is not None:
            login(page)
        page.goto(path)
        page.add_script_tag(content=source)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
            "'wcag21aa']})"
        )
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    yield audit
    _screenshot_on_failure(page, request)
    context.close()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
