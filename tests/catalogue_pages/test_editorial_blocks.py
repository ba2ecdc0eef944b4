"""Editorial blocks on the public service page: a heading, a fixed place and a table-of-contents
entry each (FAQs in "Frequently asked questions", the rest in "Good to know")."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
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


def test_blocks_left_empty_render_nothing(catalogue, client):
    """Drafts (hand-saved or autosaved) skip required-field checks, so a draft can hold a callout
    an editor added and never filled in; it gets no empty <aside> and no "Good to know"."""
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.body = _body(
        ("callout", {"heading": "", "text": ""}),
        ("faq", [{"question": "", "answer": ""}]),
        ("rich_text", "<p></p>"),
    )
    page.save_revision(clean=False).publish()
    with translation.override("lv"):
        html = client.get(page.url).content.decode()
    assert 'class="callout"' not in html
    assert 'id="more"' not in html and 'href="#more"' not in html
    assert 'id="faq"' not in html and 'href="#faq"' not in html


def test_a_filled_block_next_to_an_empty_one_still_renders(catalogue, client):
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.body = _body(
        ("callout", {"heading": "", "text": ""}),
        ("callout", {"heading": "Termiņš", "text": ""}),
    )
    page.save_revision(clean=False).publish()
    with translation.override("lv"):
        html = client.get(page.url).content.decode()
    assert html.count('class="callout"') == 1 and "<h3>Termiņš</h3>" in html


def test_each_preview_shows_its_own_draft_and_the_public_page_none(catalogue, client):
    """Every draft keeps the page's last publication time, the service-body fragment's key:
    a cached preview would be shown for every later preview (an earlier draft's text, blocks
    already deleted) — and could be served as the public page."""
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.save_revision().publish()
    with translation.override("lv"):
        assert "Pirmais melnraksts" not in client.get(page.url).content.decode()
        draft = ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.introduction = "<p>Pirmais melnraksts.</p>"
        draft.body = _body(("callout", {"heading": "Pirmais", "text": "<p>Teksts.</p>"}))
        first = draft.make_preview_request().content.decode()
        draft.introduction = "<p>Otrais melnraksts.</p>"
        draft.body = "[]"
        second = draft.make_preview_request().content.decode()
        public = client.get(page.url).content.decode()
    assert "Pirmais melnraksts." in first and 'class="callout"' in first
    assert "Otrais melnraksts." in second
    assert "Pirmais melnraksts." not in second and 'class="callout"' not in second
    assert "melnraksts" not in public and 'class="callout"' not in public


def test_a_preview_never_fills_the_public_pages_cache(catalogue, client):
    """Without a pending draft the editor's form starts from the live row itself, so its
    preview had the public page's very fragment key: previewed, unpublished text was cached
    and then served to the public for up to an hour."""
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.save_revision().publish()
    cache.clear()
    with translation.override("lv"):
        form_state = ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        form_state.introduction = "<p>Nepublicēts teksts.</p>"
        form_state.body = _body(("callout", {"heading": "", "text": ""}))
        assert "Nepublicēts teksts." in form_state.make_preview_request().content.decode()
        public = client.get(page.url).content.decode()
    assert "Nepublicēts teksts." not in public
