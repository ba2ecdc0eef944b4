"""The service card tells who qualifies, prints opening hours once, dates one way, and says
when the description came from the register; the checklist works on paper; the language
switch keeps where you are."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

SERVICE = "/lv/pakalpojumi/dzivesvietas-deklaresana/"


def _section(html: str, name: str) -> str:
    return html.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]


def _main(html: str) -> str:
    """What a visitor reads (the JSON-LD in the head repeats the register data for machines)."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_who_can_use_it_shows_the_register_conditions(client, catalogue):
    who = _section(client.get(SERVICE).content.decode(), "who")
    assert "Iedzīvotājiem" in who or "Iedzīvotāji" in who
    assert "Personas apliecība" in who and "Jāuzrāda pase." in who


def test_opening_hours_are_printed_once(client, catalogue):
    assert _main(client.get(SERVICE).content.decode()).count("P–Pk 8–17") == 1


def test_hours_quoted_in_a_channel_description_are_not_repeated(client, catalogue):
    page = catalogue.citizen_only
    page.channels = [
        {
            "type": "service-centre",
            "description": "Klientu centri. Darba laiks: P. 8.30–17.00.",
            "opening_hours": "P. 8.30–17.00",
        },
        {"type": "phone", "telephone": "+371 67000000", "opening_hours": "P. 8.30–17.00"},
    ]
    page.contact_points = [{"telephone": "+371 67000000", "opening_hours": "P. 8.30–17.00"}]
    page.save_revision().publish()
    assert _main(client.get(SERVICE).content.decode()).count("P. 8.30–17.00") == 1


def test_dates_in_one_format_and_the_sync_time_beside_the_register_change(client, catalogue):
    page = catalogue.citizen_only
    type(page).objects.filter(pk=page.pk).update(
        synced_at=dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)
    )
    page = type(page).objects.get(pk=page.pk)
    page.save_revision().publish()  # a new publication, so the cached fragment is rebuilt
    modified = client.get(SERVICE).content.decode().split('class="modified"', 1)[1]
    assert "Apraksts no valsts pakalpojumu reģistra, sinhronizēts" in modified
    assert ">01.12.2026.</time>" in modified
    assert ">01.10.2026.</time>" in modified  # last changed in the register
    english = client.get("/en/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert ">1 October 2026</time>" in english


def test_without_a_sync_time_the_line_is_left_out(client, catalogue):
    html = client.get(SERVICE).content.decode()
    assert "sinhronizēts" not in html


def test_printed_checklist_gives_addresses_phones_and_a_print_button(client, catalogue):
    html = client.get("/lv/dzives-situacijas/parcelsanas/checklist/").content.decode()
    assert "http://testserver/lv/pakalpojumi/dzivesvietas-deklaresana/" in html
    assert 'href="tel:+37167209400"' in html
    assert "data-print hidden" in html and "Drukāt" in html


def test_language_switch_keeps_the_filters_of_a_catalogue(client, catalogue):
    html = client.get("/lv/iedzivotajiem/?topic=dzivesvieta").content.decode()
    assert 'href="/en/iedzivotajiem/?topic=dzivesvieta" lang="en"' in html


def test_language_switch_on_the_checklist_stays_on_the_checklist(client, catalogue):
    html = client.get("/lv/dzives-situacijas/parcelsanas/checklist/").content.decode()
    assert 'href="/en/dzives-situacijas/parcelsanas/checklist/" lang="en"' in html
