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
