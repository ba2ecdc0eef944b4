"""Sentence segments in wagtail-localize's own translation editor (its JavaScript), in a real
browser: after one sentence of a translated three-sentence introduction changed, the editor
shows three segments, the two unchanged ones already translated and only the changed one to
translate (issue 21, item 3)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from catalogue_pages.models import ServicePage
from tests.factories import ServicePageFactory
from tests.plugins.browser import sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

FIRST, SECOND, THIRD = (
    "Deklarējiet dzīvesvietu mēneša laikā.",
    "Iesniegumu var iesniegt <b>tiešsaistē</b> vai klātienē.",
    "Maksa ir 1.5 EUR no 2026. gada 1. janvāra.",
)
ENGLISH = {
    FIRST: "Declare your residence within a month.",
    SECOND: "You can apply <b>online</b> or in person.",
    THIRD: "The fee is 1.5 EUR from 1 January 2026.",
}
CHANGED = "Iesniegumu var iesniegt tikai <b>tiešsaistē</b>."
CHANGED_ENGLISH = "You can only apply online."


def test_a_changed_sentence_is_the_only_one_to_translate_again(browser, live_server):
    from catalogue_pages.site_tree import ensure_site_tree

    tree = ensure_site_tree()
    english = Locale.objects.get(language_code="en")
    lv = ServicePageFactory(
        title="Dzīvesvietas deklarēšana", slug="deklaresana", identifier="PAK-1"
    )
    en = ServicePageFactory(
        title="Declaring your place of residence",
        slug="deklaresana",
        identifier="PAK-1",
        locale=english,
        parent=tree.services["en"],
        translation_key=lv.translation_key,
    )
    lv = ServicePage.objects.get(pk=lv.pk)
    lv.introduction = f"<p>{FIRST} {SECOND} {THIRD}</p>"
    lv.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(lv)
    Translation.objects.create(source=source, target_locale=english)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            data=ENGLISH[segment.string.data],
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    # The Latvian editor changes the second sentence; publishing refreshes the source.
    lv = ServicePage.objects.get(pk=lv.pk)
    lv.introduction = f"<p>{FIRST} {CHANGED} {THIRD}</p>"
    lv.save_revision().publish()

    admin = User.objects.create_superuser("admins", password="pw-123456")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # stable labels for the selectors below
    profile.save()
    context = browser.new_context()
    page = sign_in_to_admin(context, live_server.url, "admins")

    page.goto(f"{live_server.url}/admin/pages/{en.pk}/edit/")
    # Three segments: the sentences of the one paragraph, each with its own source text.
    for source_text in ("Deklarējiet dzīvesvietu mēneša laikā.", "Iesniegumu var iesniegt tikai"):
        page.get_by_text(source_text).first.wait_for()
    page.get_by_text("Maksa ir 1.5 EUR no 2026. gada 1. janvāra.").first.wait_for()
    # The unchanged two are prefilled with their translations; only the changed one is open.
    page.get_by_text(ENGLISH[FIRST]).wait_for()
    page.get_by_text(ENGLISH[THIRD]).wait_for()
    translate = page.get_by_role("button", name="Translate", exact=True)
    assert translate.count() == 1
    assert page.get_by_text("You can apply").count() == 0  # the old sentence is gone

    translate.click()
    page.locator("textarea").first.fill(CHANGED_ENGLISH)
    with page.expect_response(lambda r: "/strings/" in r.url and r.request.method == "PUT"):
        page.get_by_role("button", name="Save", exact=True).first.click()
    page.get_by_text(CHANGED_ENGLISH).wait_for()
    assert page.get_by_role("button", name="Translate", exact=True).count() == 0
    context.close()

    translation = Translation.objects.get(source=source, target_locale=english)
    translation.save_target(publish=True)
    en.refresh_from_db()
    assert en.introduction == (
        "<p>Declare your residence within a month. You can only apply online. "
        "The fee is 1.5 EUR from 1 January 2026.</p>"
    )
