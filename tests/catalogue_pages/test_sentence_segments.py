"""Translation segments are sentences, through wagtail-localize's real models: a Latvian
paragraph of three sentences is three segments; the translated sentences go back into the
paragraph exactly, markup and links included; changing one sentence keeps the translations of
the other two (localize's string memory); paragraph translations made before are carried to
the sentences.

Also pinned here: the one wagtail-localize internal ``catalogue_pages.sentence_segments``
replaces (``wagtail_localize.segments.extract.extract_strings``)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import extract as localize_extract
from wagtail_localize.strings import extract_strings as paragraph_strings

from catalogue_pages import sentence_segments
from catalogue_pages.models import ServicePage
from catalogue_pages.translations import refresh_source

pytestmark = pytest.mark.django_db

LINK = "https://www.latvija.gov.lv/e/1"
LATVIAN = (
    "<p>Deklarējiet dzīvesvietu mēneša laikā. "
    f'Iesniegumu var iesniegt <a href="{LINK}">tiešsaistē</a>, piem. ar eParakstu. '
    "Maksa ir <b>1.5 EUR</b> no 2026. gada 1. janvāra.</p>"
)
ENGLISH = {
    "Deklarējiet dzīvesvietu mēneša laikā.": "Declare your residence within a month.",
    'Iesniegumu var iesniegt <a id="a1">tiešsaistē</a>, piem. ar eParakstu.': (
        'You can apply <a id="a1">online</a>, e.g. with eParaksts.'
    ),
    "Maksa ir <b>1.5 EUR</b> no 2026. gada 1. janvāra.": (
        "The fee is <b>1.5 EUR</b> from 1 January 2026."
    ),
}


def _intro_segments(source: TranslationSource) -> list[str]:
    return list(
        StringSegment.objects.filter(source=source, context__path="introduction")
        .order_by("order")
        .values_list("string__data", flat=True)
    )


def _translate(source: TranslationSource, english: Locale, texts: dict[str, str]) -> None:
    """What localize's editor does when a translator saves a segment."""
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in texts:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                defaults={"data": texts[segment.string.data]},
            )


@pytest.fixture
def translation(catalogue) -> Translation:  # type: ignore[no-untyped-def]
    lv = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    lv.introduction = LATVIAN
    lv.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(lv)
    english = Locale.objects.get(language_code="en")
    return Translation.objects.get_or_create(source=source, target_locale=english)[0]


def test_localize_extracts_rich_text_through_the_sentence_splitter():
    assert localize_extract.extract_strings is sentence_segments.extract_strings


def test_a_paragraph_of_three_sentences_is_three_segments(translation):
    assert _intro_segments(translation.source) == list(ENGLISH)


def test_the_translated_sentences_reassemble_the_paragraph_with_its_markup_and_link(
    translation, catalogue
):
    _translate(translation.source, translation.target_locale, ENGLISH)
    translation.save_target(publish=True)
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    assert en.introduction == (
        "<p>Declare your residence within a month. "
        f'You can apply <a href="{LINK}">online</a>, e.g. with eParaksts. '
        "The fee is <b>1.5 EUR</b> from 1 January 2026.</p>"
    )


def test_an_untranslated_paragraph_reassembles_as_the_source_exactly(translation, catalogue):
    translation.save_target(publish=True)  # localize falls back to the source text
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    assert en.introduction == LATVIAN


def test_changing_one_sentence_keeps_the_translations_of_the_others(translation, catalogue):
    source, english = translation.source, translation.target_locale
    _translate(source, english, ENGLISH)
    translation.save_target(publish=True)

    lv = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    lv.introduction = LATVIAN.replace("mēneša laikā", "30 dienu laikā")
    lv.save_revision().publish()
    assert refresh_source(lv)  # what publishing the Latvian page does

    rows = (
        StringSegment.objects.filter(source=source, context__path="introduction")
        .annotate_translation(english)
        .order_by("order")
        .values_list("string__data", "translation")
    )
    texts = list(ENGLISH.values())
    assert list(rows) == [
        ("Deklarējiet dzīvesvietu 30 dienu laikā.", None),
        (list(ENGLISH)[1], texts[1]),
        (list(ENGLISH)[2], texts[2]),
    ]

    _translate(
        source, english, {"Deklarējiet dzīvesvietu 30 dienu laikā.": "Declare it in 30 days."}
    )
    translation.save_target(publish=True)
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    assert en.introduction.startswith("<p>Declare it in 30 days. You can apply ")
    assert en.introduction.endswith("from 1 January 2026.</p>")


def test_a_paragraph_of_one_sentence_is_localizes_own_segment_beside_split_ones():
    html = '<p>Viens. Divi.</p><p>Tikai <a href="/x">viens</a> teikums</p>'
    template, strings = sentence_segments.extract_strings(html)
    assert strings[2] == paragraph_strings(html)[1][1]
    assert [value.data for value, _attrs in strings] == [
        "Viens.",
        "Divi.",
        'Tikai <a id="a1">viens</a> teikums',
    ]
    assert template == (
        '<p><text position="0"></text> <text position="1"></text></p>'
        '<p><text position="2"></text></p>'
    )


def test_rich_text_in_streamfield_blocks_is_split_too(catalogue):
    lv = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    lv.body = [("rich_text", "<p>Pirmais solis. Otrais solis.</p><ul><li>Viens. Divi.</li></ul>")]
    lv.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(lv)
    body = (
        StringSegment.objects.filter(source=source, context__path__startswith="body")
        .order_by("order")
        .values_list("string__data", flat=True)
    )
    assert list(body) == ["Pirmais solis.", "Otrais solis.", "Viens.", "Divi."]


def test_paragraph_translations_made_before_are_carried_to_the_sentences(catalogue, monkeypatch):
    """The migration path: sources extracted before had one segment per paragraph, translated
    whole. ``split_translations_into_sentences`` gives each sentence its translated sentence
    (links renumbered per sentence) and extracts the sources again, so the editor sees
    sentences already translated and nothing reverts to Latvian on the next save."""
    english = Locale.objects.get(language_code="en")
    lv = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    lv.introduction = LATVIAN + "<p>Viens. Divi.</p>"
    with monkeypatch.context() as before:  # localize's own extraction, as before the upgrade
        before.setattr(localize_extract, "extract_strings", paragraph_strings)
        lv.save_revision().publish()
        source, _created = TranslationSource.update_or_create_from_instance(lv)
    translation = Translation.objects.get_or_create(source=source, target_locale=english)[0]
    paragraphs = _intro_segments(source)
    assert len(paragraphs) == 2
    _translate(
        source,
        english,
        {
            paragraphs[0]: " ".join(ENGLISH.values()),
            paragraphs[1]: "One and two.",  # another number of sentences: translated again
        },
    )

    out = StringIO()
    call_command("split_translations_into_sentences", stdout=out)
    assert out.getvalue().splitlines() == [
        "sentence translations carried: 3; sources re-extracted: 1; "
        "paragraphs left to translate again: 1",
        "  left: Dzīvesvietas deklarēšana (introduction): Viens. Divi.",
    ]
    again = StringIO()
    call_command("split_translations_into_sentences", stdout=again)  # nothing new to carry
    assert again.getvalue().startswith("sentence translations carried: 0;")

    rows = (
        StringSegment.objects.filter(source=source, context__path="introduction")
        .annotate_translation(english)
        .order_by("order")
        .values_list("string__data", "translation")
    )
    assert list(rows) == [*ENGLISH.items(), ("Viens.", None), ("Divi.", None)]
    assert not StringTranslation.objects.filter(has_error=True).exists()

    translation.save_target(publish=True)
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    assert en.introduction == (
        "<p>Declare your residence within a month. "
        f'You can apply <a href="{LINK}">online</a>, e.g. with eParaksts. '
        "The fee is <b>1.5 EUR</b> from 1 January 2026.</p><p>Viens. Divi.</p>"
    )
