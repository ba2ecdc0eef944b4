"""axe-core in headless Chromium: no serious or critical WCAG violation on the key pages.

Real browser (Debian chromium), real HTTP server (pytest-django's live_server), axe-core from
the pinned npm package (``npm ci`` in ``make install``).
"""

from __future__ import annotations

import pytest

from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401
from tests.plugins.browser import AXE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]

PAGES = [
    "/lv/",
    "/lv/iedzivotajiem/",
    "/lv/pakalpojumi/dzivesvietas-deklaresana/",
    "/lv/dzives-situacijas/parcelsanas/",
    "/lv/dzives-situacijas/?page=2",
    "/lv/search/?q=dz%C4%ABvesvieta",
    "/en/pakalpojumi/dzivesvietas-deklaresana/",
    "/lv/atvertie-dati/",
    "/en/atvertie-dati/",
]


@pytest.fixture
def paginated_guides(wagtail_root, catalogue, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """Two more Latvian guides and one a page: the guides index shows its pagination nav."""
    from catalogue_pages.contexts import indexes
    from tests.factories import LifeSituationPageFactory

    monkeypatch.setattr(indexes, "GUIDES_PER_PAGE", 1)
    LifeSituationPageFactory(title="Adopcija", slug="adopcija", kind="life")
    LifeSituationPageFactory(title="Akcīze", slug="akcize", kind="business")
    LifeSituationPageFactory(title="Bankrots", slug="bankrots", kind="business")


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.usefixtures("paginated_guides")
def test_no_serious_or_critical_violations(browser, live_server, catalogue, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script>: the CSP refuses inline
            result = page.evaluate(
                "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            )
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
            # Responsive down to 320 px: nothing wider than the viewport.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_skip_link_and_landmarks(browser, live_server, catalogue):  # noqa: F811
    page = browser.new_page()
    page.goto(live_server.url + "/lv/pakalpojumi/dzivesvietas-deklaresana/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator("main#main").count() == 1
    assert page.locator("header").count() >= 1 and page.locator("footer").count() == 1
    page.close()
