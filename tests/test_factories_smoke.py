import pytest

from tests.factories import ServicePageFactory


@pytest.mark.django_db
def test_service_page_factory_builds_a_live_page_under_the_service_index(client):
    page = ServicePageFactory(title="Dzīvesvietas deklarēšana", slug="dzivesvietas-deklaresana")
    assert page.get_parent().specific.__class__.__name__ == "ServiceIndexPage"
    assert page.url == "/lv/pakalpojumi/dzivesvietas-deklaresana/"
    assert client.get(page.url).status_code == 200
