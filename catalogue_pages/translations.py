"""English editorial text through wagtail-localize: keeping sources current and saying when a
translation is out of date.

Latvian pages are the source locale. Each Latvian register page has a wagtail-localize
``TranslationSource`` and its English page a ``Translation`` (written in bulk by the sync,
``catalogue_pages.bulk``). Register fields are not translatable (``translatable_fields`` lists only
editorial fields), so a translation moves only editorial text and the English register text
keeps coming from the register.

wagtail-localize itself never says that a source changed after a translation was made. We
do: a translation is *out of date* when its source was updated (a Latvian editorial change
was published, or the register changed the Latvian page) after the translation was last
written into the English page (wagtail-localize's ``TranslationLog``).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from wagtail.models import Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import Translation, TranslationLog, TranslationSource

SOURCE_LANGUAGE = "lv"

UP_TO_DATE = "up-to-date"
OUT_OF_DATE = "out-of-date"
NOT_TRANSLATED = "not-translated"


def has_editorial_content(page: Page) -> bool:
    """True if any translatable field of ``page`` holds text (else there is nothing to extract)."""
    for field in get_translatable_fields(type(page)):
        value = getattr(page, field.field_name, None)
        if value is None:
            continue
        if hasattr(value, "raw_data"):  # StreamValue
            if len(value.raw_data):
                return True
        elif str(value).strip():
            return True
    return False


def refresh_source(page: Page) -> bool:
    """After a Latvian page was published: bring its translation source up to date, so the
    English translation shows the new segments and reads as out of date. Returns whether a
    source was refreshed (pages never submitted for translation have none)."""
    if page.locale.language_code != SOURCE_LANGUAGE:
        return False
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return False
    source.update_from_db()
    return True


def _last_translated(translation: Translation) -> datetime | None:
    return TranslationLog.objects.filter(
        source_id=translation.source_id, locale_id=translation.target_locale_id
    ).aggregate(last=Max("created_at"))["last"]


def status_of(translation: Translation) -> str:
    """``up-to-date``, ``out-of-date`` (source changed since it was last translated) or
    ``not-translated`` (never written into the target page by localize's editor)."""
    last = _last_translated(translation)
    if last is None:
        return NOT_TRANSLATED
    changed = TranslationSource.objects.filter(pk=translation.source_id).values_list(
        "last_updated_at", flat=True
    )[0]
    if changed > last:
        return OUT_OF_DATE
    return UP_TO_DATE


def translation_into(page: Page) -> Translation | None:
    """The enabled Translation whose target is ``page`` (an English page), if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def translations_of(page: Page) -> list[Translation]:
    """Enabled Translations whose source is ``page`` (a Latvian page)."""
    return list(
        Translation.objects.filter(
            source__object_id=page.translation_key,
            source__locale_id=page.locale_id,
            enabled=True,
        ).select_related("source", "target_locale")
    )


def out_of_date_translations(page: Page) -> list[Translation]:
    """The translations this page is part of (as source or target) that are out of date."""
    target = translation_into(page)
    candidates = [target] if target is not None else translations_of(page)
    return [t for t in candidates if status_of(t) == OUT_OF_DATE]
