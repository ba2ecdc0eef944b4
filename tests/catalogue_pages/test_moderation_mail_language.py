"""Wagtail's moderation e-mails reach Latvian editors in Latvian (issue 19, item 6).

Wagtail's own Latvian catalogue lacks its workflow notifications, so the theme words them
(``themes/default/templates/wagtailadmin/notifications/``) and the portal's catalogue holds
them in both languages; a user who chose English in the admin still gets English.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.users.models import UserProfile

from catalogue_pages.workflow import REVIEWERS, ensure_moderation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _submit(catalogue, reviewer_language: str = ""):  # type: ignore[no-untyped-def]
    workflow = ensure_moderation()
    reviewer = UserFactory(username="recenzents", email="recenzents@iestade.example")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    if reviewer_language:
        profile = UserProfile.get_for_user(reviewer)
        profile.preferred_language = reviewer_language
        profile.save()
    editor = UserFactory(username="redaktors", email="redaktors@iestade.example", is_superuser=True)
    page = catalogue.citizen_only
    page.save_revision(user=editor)
    mail.outbox.clear()
    workflow.start(page, editor)
    return [m for m in mail.outbox if m.to == ["recenzents@iestade.example"]]


def test_a_latvian_reviewer_is_asked_in_latvian(catalogue):
    messages = _submit(catalogue)
    assert messages, "the reviewer is told a page waits for review"
    message = messages[0]
    assert "Dzīvesvietas deklarēšana" in message.subject
    assert "gaida jūsu pārskatīšanu" in message.subject
    assert message.body.strip().startswith("Labdien")
    assert "submitted" not in message.body and "&quot;" not in message.body


def test_a_reviewer_who_chose_english_gets_english(catalogue):
    message = _submit(catalogue, reviewer_language="en")[0]
    assert "is waiting for your review" in message.subject
