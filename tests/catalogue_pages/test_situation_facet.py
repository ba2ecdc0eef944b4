"""The life-situations facet of a catalogue page is bounded, keeps the visitor's choice, and
leads to every situation through the guides index (docs/architecture.md, "The life-situations
facet")."""

from __future__ import annotations

import re

import pytest

from catalogue_pages import facets
from tests.accessibility import nu

pytestmark = pytest.mark.django_db


def situation_options(html: str) -> list[str]:
    select = html.split('<select id="f-situation"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"', select)


def browse_links(html: str) -> list[str]:
    section = html.split('id="situations-h"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="\?situation=([^"#]+)#results"', section)


@pytest.fixture
def guides(site_tree, monkeypatch):  # type: ignore[no-untyped-def]
    """Five guides with 5, 4, 3, 2 and 1 citizen services; the page shows three of them."""
    from tests.factories import LifeSituationPageFactory, ServicePageFactory

    monkeypatch.setattr(facets, "SITUATIONS_SHOWN", 3)
    services = [
        ServicePageFactory(title=f"Pakalpojums {n}", slug=f"pakalpojums-{n}", for_citizens=True)
        for n in range(5)
    ]
    # Titles chosen so that the order by services (E D C B A) is not the title order.
    for size, title, slug in [
        (5, "Ēnu teātris", "enas"),
        (4, "Dzīvesvietas maiņa", "dzivesvieta"),
        (3, "Čeku krāšana", "ceki"),
        (2, "Bērna piedzimšana", "berns"),
        (1, "Aiziešana pensijā", "pensija"),
    ]:
        guide = LifeSituationPageFactory(title=title, slug=slug)
        guide.services.add(*services[:size])
        guide.save()


def test_the_facet_shows_the_situations_with_the_most_services_in_title_order(client, guides):
    html = client.get("/lv/iedzivotajiem/").content.decode()
    # "" is "All life situations"; then the three largest, in Latvian order (Č D Ē).
    assert situation_options(html) == ["", "ceki", "dzivesvieta", "enas"]
    assert '<option value="enas">Ēnu teātris (5)</option>' in html
    assert browse_links(html) == ["ceki", "dzivesvieta", "enas"]


def test_the_bound_is_said_and_the_guides_index_lists_every_situation(client, guides):
    html = client.get("/lv/iedzivotajiem/").content.decode()
    # The select is described by the hint, which links to the guides index with the total.
    assert 'aria-describedby="f-situation-hint"' in html
    hint = html.split('id="f-situation-hint">', 1)[1].split("</p>", 1)[0]
    assert hint.startswith("Sarakstā ir 3 dzīves situācijas ar visvairāk pakalpojumiem")
    assert '<a href="/lv/dzives-situacijas/">Visas dzīves situācijas (5)</a>' in hint
    index = client.get("/lv/dzives-situacijas/").content.decode()
    for title in ["Aiziešana pensijā", "Bērna piedzimšana", "Ēnu teātris"]:
        assert title in index


def test_a_chosen_situation_outside_the_shown_few_stays_in_the_filter(client, guides):
    html = client.get("/lv/iedzivotajiem/?situation=pensija").content.decode()
    # Visible and selected in its place in title order, so resubmitting keeps it and choosing
    # "All life situations" removes it; its count is the catalogue's services in it.
    assert situation_options(html) == ["", "pensija", "ceki", "dzivesvieta", "enas"]
    assert '<option value="pensija" selected>Aiziešana pensijā (1)</option>' in html
    assert "Aiziešana pensijā" in html.split('role="status"', 1)[1].split("</p>", 1)[0]
    # Combined with another filter, the count is still the situation's in the catalogue.
    html = client.get("/lv/iedzivotajiem/?situation=berns&letter=P").content.decode()
    assert '<option value="berns" selected>Bērna piedzimšana (2)</option>' in html
    # The browse list is the same for every visitor: the chosen one is not added there.
    assert browse_links(html) == ["ceki", "dzivesvieta", "enas"]


def test_a_chosen_situation_among_the_shown_is_selected_once(client, guides):
    html = client.get("/lv/iedzivotajiem/?situation=dzivesvieta").content.decode()
    assert situation_options(html) == ["", "ceki", "dzivesvieta", "enas"]
    assert '<option value="dzivesvieta" selected>' in html


def test_no_hint_when_every_situation_is_shown(client, guides, monkeypatch):
    monkeypatch.setattr(facets, "SITUATIONS_SHOWN", 20)
    facets.refresh()
    html = client.get("/lv/iedzivotajiem/").content.decode()
    assert situation_options(html) == ["", "pensija", "berns", "ceki", "dzivesvieta", "enas"]
    assert "f-situation-hint" not in html


def test_stored_facets_of_an_older_shape_are_recomputed_on_read(client, guides):
    """A row written by the release before the bound (every situation pre-rendered) is not
    shown as it is: the page recomputes and stores the bounded form once."""
    from django.core.cache import cache

    from catalogue_pages.models import CatalogueFacets

    facets.refresh([("citizen", "lv")])
    row = CatalogueFacets.objects.get(audience="citizen", language="lv")
    old = dict(row.data["facets"])
    del old["format"]
    old["situation_options"] = '<option value="x">X (9)</option>'
    row.data = {"facets": old}
    row.save()
    cache.clear()  # as after a deploy: the generation's cached facets are gone
    html = client.get("/lv/iedzivotajiem/").content.decode()
    assert situation_options(html) == ["", "ceki", "dzivesvieta", "enas"]
    row.refresh_from_db()
    assert row.data["facets"]["format"] == facets.FACETS_FORMAT
    assert len(row.data["facets"]["situations"]) == 3


def test_the_bounded_facet_is_valid_html(client, guides, tmp_path):
    """The hint, its link and the visitor's added option pass the Nu HTML Checker."""
    files = []
    for n, path in enumerate(["/lv/iedzivotajiem/", "/lv/iedzivotajiem/?situation=pensija"]):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "f-situation-hint" in response.content.decode()
        file = tmp_path / f"page{n}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    errors = nu.errors(files)
    assert not errors, errors
