"""Translation segments are sentences: wagtail-localize's rich-text extraction, split further.

wagtail-localize makes one segment per block of rich text (a paragraph, a list item), so
changing one word of an introduction meant translating the whole paragraph again. Here each
such segment is cut into its sentences (``catalogue_pages.sentences``): a changed sentence is
a new segment, and the unchanged ones keep their translations through localize's own string
memory (a ``StringTranslation`` is found by the sentence's text, the field and the locale).

How: localize turns rich text into a *template* (the HTML with ``<text position="N">`` where
each string goes) and the strings (``wagtail_localize.strings.extract_strings``), and puts the
translated strings back into the template (``restore_strings``). :func:`extract_strings` cuts
each string at its sentence boundaries and puts one ``<text>`` per sentence into the template,
with the whitespace between sentences left in the template. Reassembly needs no change:
``restore_strings`` fills any template, so a translated paragraph is the translated sentences
joined by the source's whitespace, and an untranslated one is the source paragraph exactly.
Each sentence holds whole tags (a tag spanning a boundary keeps its sentences together), and
its link attributes are numbered on its own (``<a id="a1">``), so a sentence's text does not
depend on the links of its neighbours.

The wagtail-localize internal used (the one name replaced, pinned by
``tests/catalogue_pages/test_sentence_segments.py``): ``wagtail_localize.segments.extract``
calls ``extract_strings`` by its module-level name for both ``RichTextField`` and
``RichTextBlock``; :func:`install` (from ``CataloguePagesConfig.ready``) points that name here.
Every rich text localize translates is segmented the same way, page fields and StreamField
blocks alike.

Translations made before (one segment per paragraph) are carried to the sentences by
:func:`carry_paragraph_translations` (the ``split_translations_into_sentences`` command):
where the translated paragraph has as many sentences as its source, each source sentence gets
the translated sentence in its place; otherwise the paragraph is translated again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, PageElement
from django.db import transaction
from wagtail_localize.models import String, StringTranslation, TranslationSource
from wagtail_localize.segments import extract as localize_extract
from wagtail_localize.strings import StringValue
from wagtail_localize.strings import extract_strings as paragraph_strings

from catalogue_pages.sentences import split_html

Strings = list[tuple[StringValue, dict]]


def extract_strings(html: str | None) -> tuple[str, Strings]:
    """localize's ``extract_strings``, one string per sentence instead of per paragraph."""
    template, strings = paragraph_strings(html)
    split = [split_html(value.render_html(attrs)) for value, attrs in strings]
    if all(len(sentences) == 1 for sentences in split):
        return template, strings
    soup = BeautifulSoup(template, "html.parser")
    sentence_strings: Strings = []
    for element in soup.find_all("text"):
        pieces: list[PageElement | str] = []
        position = int(str(element["position"]))
        sentences = split[position]
        for sentence in sentences:
            text = soup.new_tag("text")
            text["position"] = str(len(sentence_strings))
            if len(sentences) == 1:  # unsplit: localize's own string, so its translation holds
                sentence_strings.append(strings[position])
            else:
                sentence_strings.append(StringValue.from_source_html(sentence.text))
            pieces.append(text)
            if sentence.space_after:
                pieces.append(NavigableString(sentence.space_after))
        element.replace_with(*pieces)
    return str(soup), sentence_strings


def install() -> None:
    """Make wagtail-localize extract sentences (idempotent; called once the apps are ready)."""
    localize_extract.extract_strings = extract_strings


def _source_sentences(data: str) -> list[tuple[str, dict[str, str]]]:
    """The sentences of a paragraph string as sentence extraction makes them, each with how
    the paragraph's link ids became the sentence's (``a2`` in the paragraph, ``a1`` alone)."""
    sentences = []
    for sentence in split_html(data):
        value, attrs = StringValue.from_source_html(sentence.text)
        sentences.append((value.data, {old["id"]: new for new, old in attrs.items()}))
    return sentences


def _renumbered(translated: str, ids: dict[str, str]) -> str | None:
    """A translated sentence with the paragraph's link ids replaced by the sentence's; None
    when it names a link its source sentence does not hold (the translator moved it)."""
    soup = BeautifulSoup(translated, "html.parser")
    for element in soup.find_all(id=True):
        old = str(element["id"])
        if old not in ids:
            return None
        element["id"] = ids[old]
    return str(soup)


def _carried(source: str, translated: str) -> list[tuple[str, str]]:
    """(source sentence, translated sentence) pairs of a paragraph, or none when the two do
    not split alike."""
    sources = _source_sentences(source)
    targets = [sentence.text for sentence in split_html(translated)]
    if len(sources) < 2 or len(targets) != len(sources):
        return []
    pairs = []
    for (sentence, ids), target in zip(sources, targets, strict=True):
        renumbered = _renumbered(target, ids)
        if renumbered is None:
            return []
        pairs.append((sentence, renumbered))
    return pairs


@dataclass
class Carried:
    """What :func:`carry_paragraph_translations` did: sentence translations written, and the
    paragraphs left to translate again (the page and the field)."""

    written: int = 0
    left: list[str] = field(default_factory=list)


@transaction.atomic
def carry_paragraph_translations() -> Carried:
    """Give each sentence of a paragraph translated as one segment the matching translated
    sentence, where the source and the translation have as many sentences. Sentence
    translations already made are kept, so it can run again, before the sources are
    refreshed or after; a paragraph is *left* while any of its sentences has no translation."""
    carried = Carried()
    translations = StringTranslation.objects.filter(has_error=False).select_related(
        "translation_of", "context"
    )
    for translation in translations.iterator():
        if len(split_html(translation.translation_of.data)) < 2:
            continue
        pairs = _carried(translation.translation_of.data, translation.data)
        for source_sentence, target_sentence in pairs:
            string = String.from_value(
                translation.translation_of.locale_id, StringValue(source_sentence)
            )
            _, created = StringTranslation.objects.get_or_create(
                translation_of=string,
                locale_id=translation.locale_id,
                context_id=translation.context_id,
                defaults={
                    "data": target_sentence,
                    "translation_type": translation.translation_type,
                    "tool_name": translation.tool_name,
                    "last_translated_by_id": translation.last_translated_by_id,
                },
            )
            carried.written += int(created)
        if not pairs and not _all_translated(translation):
            carried.left.append(_where(translation))
    return carried


def _all_translated(paragraph: StringTranslation) -> bool:
    """Whether every sentence of a paragraph has a translation already (made by hand since)."""
    for sentence, _ids in _source_sentences(paragraph.translation_of.data):
        if not StringTranslation.objects.filter(
            translation_of__data=sentence,
            translation_of__locale_id=paragraph.translation_of.locale_id,
            locale_id=paragraph.locale_id,
            context_id=paragraph.context_id,
        ).exists():
            return False
    return True


def _where(paragraph: StringTranslation) -> str:
    context = paragraph.context
    if context is None:
        return paragraph.translation_of.data[:60]
    source = TranslationSource.objects.filter(object_id=context.object_id).first()
    name = source.object_repr if source is not None else str(context.object_id)
    return f"{name} ({context.path}): {paragraph.translation_of.data[:60]}"


def resegment_sources() -> int:
    """Extract again, as sentences, the segments of every source that has text to translate
    (from the content localize stored, so no source reads as changed); returns how many."""
    sources = TranslationSource.objects.filter(stringsegment__isnull=False).distinct()
    count = 0
    for source in sources.iterator():
        source.refresh_segments()
        count += 1
    return count
