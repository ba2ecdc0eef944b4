"""The home page shows every guide compactly (issue 19.4): the most needed ones are no longer
behind "Visas dzīves situācijas" because they come late in the alphabet."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from catalogue_pages.models import LifeSituationPage
from tests.search.relevance.evaluate import SNAPSHOT


@pytest.mark.django_db
def test_the_home_page_lists_every_guide_residents_first(site_tree, client: Client) -> None:
    call_command("sync_register", source=str(SNAPSHOT), verbosity=0)
    html = client.get("/lv/").content.decode()
    guides = html.split('class="link-columns"', 1)[1].split("</ul>", 1)[0]
    live = LifeSituationPage.objects.live().filter(locale__language_code="lv")
    assert guides.count("<li>") == live.count() == 19
    for title in ("Tuvinieka nāve", "Pensionēšanās", "Uzņēmuma dibināšana", "Uzņēmuma slēgšana"):
        assert f">{title}</a>" in guides
    # Residents' situations, then businesses'.
    assert guides.index("Tuvinieka nāve") < guides.index("Uzņēmuma dibināšana")


@pytest.mark.django_db
def test_the_guide_links_are_what_each_guide_page_answers_to(site_tree, client: Client) -> None:
    """The links are built from the folder's URL (not a ``get_url`` per guide): each is still
    the guide's own URL, escaped as the template would, a slug that needs quoting included."""
    from django.utils.html import escape

    from tests.factories import LifeSituationPageFactory

    guides = [
        LifeSituationPageFactory(title="Bērns & skola", slug="berns-skola", kind="life"),
        LifeSituationPageFactory(title="Ēka <jauna>", slug="ēka", kind="life"),
        LifeSituationPageFactory(title="Uzņēmums", slug="uznemums", kind="business"),
        LifeSituationPageFactory(title="Atvaļinājums", slug="atvalinajums", kind="life"),
    ]
    html = client.get("/lv/").content.decode()
    links = html.split('class="link-columns">', 1)[1].split("</ul>", 1)[0]
    expected = "".join(
        f'<li><a href="{escape(guide.url)}">{escape(guide.title)}</a></li>'
        for guide in (guides[3], guides[0], guides[1], guides[2])  # residents' first, by title
    )
    assert links.strip() == expected
    for guide in guides:
        assert client.get(guide.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("facets_stored", [True, False], ids=["stored-facets", "counted"])
def test_a_register_of_more_guides_than_fit_shows_those_with_the_most_services(
    site_tree, client: Client, monkeypatch, facets_stored: bool
) -> None:
    """An aggregated register holds thousands of guides (11,000 at 100,000 services): the home
    page then lists ``HOME_GUIDES`` of them, those with the most live services, still residents'
    first and by title, and "All life situations" leads to the paginated index of all. The
    busiest are read from the catalogues' stored facets; a database without them counts."""
    from catalogue_pages import facets
    from catalogue_pages.contexts import home
    from catalogue_pages.models import CatalogueFacets
    from tests.factories import LifeSituationPageFactory, ServicePageFactory

    monkeypatch.setattr(home, "HOME_GUIDES", 2)
    services = [ServicePageFactory(title=f"Pakalpojums {n}", slug=f"p-{n}") for n in range(3)]
    withdrawn = ServicePageFactory(title="Atsaukts", slug="atsaukts", live=False)
    busy = LifeSituationPageFactory(title="Zīdainis", slug="zidainis", kind="life")
    busy.services.add(*services)
    business = LifeSituationPageFactory(title="Eksports", slug="eksports", kind="business")
    business.services.add(*services[:2])
    quiet = LifeSituationPageFactory(title="Adopcija", slug="adopcija", kind="life")
    quiet.services.add(services[0], withdrawn)  # one live service: fewer than the others
    for guide in (busy, business, quiet):
        guide.save()  # a ParentalManyToManyField is written on save
    facets.refresh()
    if not facets_stored:
        CatalogueFacets.objects.all().delete()
    else:
        assert facets.most_used_situations("lv", 2) == ["zidainis", "eksports"]

    html = client.get("/lv/").content.decode()
    links = html.split('class="link-columns">', 1)[1].split("</ul>", 1)[0]
    assert ">Zīdainis</a>" in links and ">Eksports</a>" in links
    assert "Adopcija" not in links
    assert links.index("Zīdainis") < links.index("Eksports")  # residents' first
    assert 'href="/lv/dzives-situacijas/">Visas dzīves situācijas</a>' in html
    assert client.get("/lv/dzives-situacijas/").content.decode().count(">Adopcija</a>") == 1


@pytest.mark.django_db
def test_a_register_of_as_many_guides_as_fit_shows_every_one(
    site_tree, client: Client, monkeypatch
) -> None:
    from catalogue_pages.contexts import home
    from tests.factories import LifeSituationPageFactory

    monkeypatch.setattr(home, "HOME_GUIDES", 2)
    for n, title in enumerate(("Bērns", "Adopcija")):
        LifeSituationPageFactory(title=title, slug=f"g-{n}", kind="life")
    links = client.get("/lv/").content.decode().split('class="link-columns">', 1)[1]
    assert links.split("</ul>", 1)[0].count("<li>") == 2
