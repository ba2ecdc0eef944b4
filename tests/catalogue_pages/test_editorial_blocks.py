"""Editorial blocks on the public service page: a heading, a fixed place and a table-of-contents
entry each (FAQs in "Frequently asked questions", the rest in "Good to know")."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from catalogue_pages.models import ServicePage

pytestmark = pytest.mark.django_db


def _body(*blocks: tuple[str, object]) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def test_faq_and_other_blocks_have_headings_places_and_toc_entries(catalogue, client):
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.body = _body(
        ("faq", [{"question": "Vai var deklarēt tiešsaistē?", "answer": "<p>Jā.</p>"}]),
        ("callout", {"heading": "", "text": "<p>Atcerieties termiņu.</p>"}),
    )
    page.save_revision().publish()
    with translation.override("lv"):
        html = client.get(page.url).content.decode()
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert 'href="#faq"' in toc and 'href="#more"' in toc
    assert toc.index('href="#result"') < toc.index('href="#more"') < toc.index('href="#faq"')
    assert toc.index('href="#faq"') < toc.index('href="#legal"')
    faq = html.index('id="faq"')
    assert '<h2 id="faq-h">' in html
    assert html.index('id="result"') < html.index('id="more"') < faq < html.index('id="legal"')
    assert html.index("Vai var deklarēt tiešsaistē?") > faq
    more = html[html.index('id="more"') : faq]
    assert "Atcerieties termiņu." in more and '<h2 id="more-h">' in more


def test_no_editorial_sections_without_blocks(catalogue, client):
    html = client.get(catalogue.citizen_only.url).content.decode()
    assert 'id="faq"' not in html and 'id="more"' not in html
    assert 'href="#faq"' not in html
