"""The service card reads its topics, translations, guides and related services in one query.

What it shows from those other rows is what the ORM would answer, read when the page is
rendered: a change to the other row shows on the next uncached render, with nothing to keep
in step at write time.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from catalogue_pages.contexts.service import card_rows, topic_names
from catalogue_pages.latvian import by_title
from catalogue_pages.models import LifeSituationPage, ServicePage
from tests.factories import LifeSituationPageFactory, ServicePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/lv/pakalpojumi/dzivesvietas-deklaresana/"


def section(html: str, name: str) -> str:
    if f'<section id="{name}"' not in html:
        return ""
    return html.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]


def schema_org(html: str) -> dict:
    return json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])


@pytest.fixture
def crowded(catalogue):
    """The catalogue's service with more of everything: topics whose Latvian and English order
    differ, an unpublished guide, related identifiers that are duplicated, unpublished, of
    another language or unknown."""
    page = catalogue.citizen_only
    page.topics.add(TopicFactory(name_lv="Ārvalstis", name_en="Abroad"))
    page.topics.add(TopicFactory(name_lv="Zeme", name_en="Land"))
    draft_guide = LifeSituationPageFactory(title="Melnraksts", live=False)
    draft_guide.services.add(page)
    draft_guide.save()
    other_guide = LifeSituationPageFactory(title="Aizbraucu uz ārzemēm")
    other_guide.services.add(page)
    other_guide.save()
    ServicePageFactory(title="Nepublicēts", identifier="PAK-90", live=False)
    ServicePageFactory(title="Ēku reģistrācija", identifier="PAK-91", summary="Ēkas.")
    ServicePageFactory(title="Adreses maiņa", identifier="PAK-92", summary="Adrese.")
    page.related_identifiers = ["PAK-2", "PAK-90", "PAK-91", "PAK-92", "PAK-2", "PAK-404", 7]
    page.save()
    return page


def test_the_rows_are_those_the_orm_would_read(crowded):
    page = ServicePage.objects.get(pk=crowded.pk)
    rows = card_rows(page)

    assert [(name_lv, name_en) for name_lv, name_en in rows.topics] == [
        (t.name_lv, t.name_en) for t in page.topics.all()
    ]
    expected_translations = Page.objects.live().filter(translation_key=page.translation_key)
    assert [(code, row.pk, row.url_path) for code, row in rows.translations] == [
        (row.locale.language_code, row.pk, row.url_path) for row in expected_translations
    ]
    expected_guides = LifeSituationPage.objects.live().filter(services=page)
    assert [(g.pk, g.title, g.url_path) for g in rows.situations] == [
        (g.pk, g.title, g.url_path) for g in expected_guides
    ]
    assert "Melnraksts" not in [g.title for g in rows.situations]
    expected_related = ServicePage.objects.by_identifier(
        page.locale_id, ["PAK-2", "PAK-90", "PAK-91", "PAK-92", "PAK-404"]
    )
    assert [(s.pk, s.title, s.url_path, s.summary) for s in rows.related] == [
        (s.pk, s.title, s.url_path, s.summary) for s in expected_related
    ]
    assert [s.title for s in by_title(rows.related, lambda s: s.title)] == [
        "Adreses maiņa",
        "Ēku reģistrācija",
        "Uzņēmuma reģistrācija",
    ]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_topic_names_are_topic_name_in_the_active_language(crowded, language):
    page = ServicePage.objects.get(pk=crowded.pk)
    rows = card_rows(page)
    with translation.override(language):
        assert topic_names(rows.topics) == [t.name for t in page.topics.all()]
        assert len(set(topic_names(rows.topics))) == 3


def test_a_service_without_related_identifiers_reads_the_rest(catalogue):
    page = ServicePage.objects.get(pk=catalogue.business_only.pk)
    rows = card_rows(page)
    assert rows.related == []
    assert [g.title for g in rows.situations] == ["Pārceļos uz citu dzīvesvietu"]
    assert [code for code, _row in rows.translations] == ["lv"]


def test_the_card_reads_the_other_rows_in_one_query(client, crowded):
    client.get(URL)  # the navigation and footer, shared by every page, warm
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL).content.decode()
    statements = [q["sql"] for q in captured.captured_queries]
    one_by_one_forms = (
        'FROM "catalogue_pages_topic"',
        'JOIN "catalogue_pages_lifesituationpage_services"',
        '"wagtailcore_page"."translation_key" =',
    )
    one_by_one = [
        sql
        for sql in statements
        if "UNION ALL" not in sql and any(form in sql for form in one_by_one_forms)
    ]
    assert one_by_one == []
    card = [sql for sql in statements if "UNION ALL" in sql and "catalogue_pages_topic" in sql]
    assert len(card) == 1
    assert "Aizbraucu uz ārzemēm" in section(html, "situations")
    assert "Ēku reģistrācija" in section(html, "related")


def test_the_page_shows_guides_related_services_topics_and_translation(client, crowded):
    html = client.get(URL).content.decode()
    situations = section(html, "situations")
    assert '<a href="/lv/dzives-situacijas/parcelsanas/">Pārceļos uz citu dzīvesvietu</a>' in (
        situations
    )
    assert "Melnraksts" not in situations
    related = section(html, "related")
    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', related)
    assert titles == ["Adreses maiņa", "Ēku reģistrācija", "Uzņēmuma reģistrācija"]
    assert "Nepublicēts" not in related
    # In the database's order of the Latvian names, as ``page.topics.all()`` gives them.
    with translation.override("lv"):
        names = ", ".join(t.name for t in crowded.topics.all())
    assert schema_org(html)["serviceType"] == names
    assert sorted(names.split(", ")) == ["Dzīvesvieta", "Zeme", "Ārvalstis"]
    assert 'href="/en/pakalpojumi/dzivesvietas-deklaresana/" lang="en"' in html

    english = client.get("/en/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert 'href="/lv/pakalpojumi/dzivesvietas-deklaresana/" lang="lv"' in english


def test_a_guides_new_title_shows_on_the_service_pages_it_lists(client, catalogue):
    guide = catalogue.guide
    guide.title = "Mainu dzīvesvietu"
    guide.save_revision().publish()
    html = client.get(URL).content.decode()
    assert "Mainu dzīvesvietu" in section(html, "situations")
    assert "Pārceļos uz citu dzīvesvietu" not in html


def test_an_unpublished_guide_leaves_the_service_pages_it_listed(client, catalogue):
    catalogue.guide.unpublish()
    html = client.get(URL).content.decode()
    assert section(html, "situations") == ""


def test_a_related_service_renamed_or_withdrawn_shows_so(client, catalogue):
    related = catalogue.business_only
    related.title = "Komersanta reģistrācija"
    related.save_revision().publish()
    assert "Komersanta reģistrācija" in section(client.get(URL).content.decode(), "related")

    related.unpublish()
    assert section(client.get(URL).content.decode(), "related") == ""


def test_a_renamed_topic_shows_in_the_schema_org_service_type(client, catalogue):
    topic = catalogue.citizen_only.topics.get()
    topic.name_lv = "Dzīvesvieta un adrese"
    topic.save()
    assert schema_org(client.get(URL).content.decode())["serviceType"] == "Dzīvesvieta un adrese"


def test_a_service_with_change_notes_lists_them_with_the_editors_explanations(client, catalogue):
    from django.utils import timezone

    from catalogue_pages.models import ChangeNote, ChangeNoteExplanation

    page = catalogue.citizen_only
    note = ChangeNote.objects.create(
        page=page,
        changed_at=timezone.now(),
        changes=[{"field": "processing_time", "kind": "changed", "old": "P10D", "new": "P5D"}],
    )
    ChangeNoteExplanation.objects.create(page=page, note=note, text="Termiņš saīsināts.")
    assert card_rows(ServicePage.objects.get(pk=page.pk)).has_change_notes
    changes = section(client.get(URL).content.decode(), "changes")
    assert '<ol class="change-notes">' in changes
    assert "Termiņš saīsināts." in changes


def test_a_service_without_change_notes_makes_no_query_for_them(client, catalogue):
    assert not card_rows(ServicePage.objects.get(pk=catalogue.citizen_only.pk)).has_change_notes
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL).content.decode()
    statements = [q["sql"] for q in captured.captured_queries if "UNION ALL" not in q["sql"]]
    assert not [sql for sql in statements if 'FROM "catalogue_pages_changenote"' in sql]
    assert 'class="empty"' in section(html, "changes")
