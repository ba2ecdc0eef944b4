"""A service the register stops listing answers 410 in both languages, and comes back."""

from __future__ import annotations

import pytest

from catalogue_pages.models import ServicePage
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync, write_doc

pytestmark = pytest.mark.django_db


def _urls(identifier: str) -> dict[str, str]:
    pages = ServicePage._base_manager.filter(identifier=identifier).select_related("locale")
    return {p.locale.language_code: p.url_path for p in pages}


def _public_url(identifier: str, lang: str) -> str:
    page = ServicePage._base_manager.get(identifier=identifier, locale__language_code=lang)
    return page.get_url()


def test_absent_service_is_withdrawn_answers_410_and_comes_back(
    site_tree, client, tmp_path, demo_doc
):
    sync(DEMO_SNAPSHOT)
    target = next(s for s in services_of(demo_doc) if s["dct:identifier"] == "PAK-0001")
    urls = {lang: _public_url("PAK-0001", lang) for lang in ("lv", "en")}
    paths_before = _urls("PAK-0001")
    assert urls["lv"] != urls["en"]
    for url in urls.values():
        assert client.get(url).status_code == 200, url

    # The next full snapshot no longer lists the service: withdrawn in both languages.
    demo_doc["@graph"] = [n for n in demo_doc["@graph"] if n is not target]
    path = write_doc(tmp_path, demo_doc)  # the same source path as a register URL would be
    lines = sync(path)
    assert lines[-1].endswith("withdrawn=1 skipped=0")
    for lang, url in urls.items():
        page = ServicePage._base_manager.get(identifier="PAK-0001", locale__language_code=lang)
        assert not page.live and page.withdrawn_at is not None
        response = client.get(url)
        assert response.status_code == 410, (lang, url)

    # The register lists it again: same URL, 200 in both languages.
    path.write_bytes(DEMO_SNAPSHOT.read_bytes())
    lines = sync(path)
    assert "withdrawn=0" in lines[-1]
    assert lines[-1].startswith("created=0 updated=1 ")
    assert _urls("PAK-0001") == paths_before
    for url in urls.values():
        assert client.get(url).status_code == 200, url
