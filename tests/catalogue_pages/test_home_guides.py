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
