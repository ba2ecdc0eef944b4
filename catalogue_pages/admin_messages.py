"""Wagtail and wagtail-localize strings the editors see that have no Latvian upstream.

Wagtail's Latvian catalogue covers a few hundred of its strings; with Latvian now an admin
language (``WAGTAILADMIN_PERMITTED_LANGUAGES``) the screens editors and reviewers use most
would stay half English. Listing the msgids here (``gettext_noop``: nothing is translated at
import) puts them in the project's catalogue, which Django reads before the apps' own
(``LOCALE_PATHS``), so their Latvian comes from ``locale/lv``. Add a msgid here when an editor
screen shows English; drop it when Wagtail ships a Latvian one.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

WAGTAIL_MSGIDS = (
    # page header, lock and status (wagtail, wagtail.admin)
    gettext_noop("Cancel scheduled publish"),
    gettext_noop("Locked by schedule"),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop("%(time_period)s ago"),
    gettext_noop("Visible to all"),
    gettext_noop("Visit the live page"),
    gettext_noop("In Moderation"),
    gettext_noop("Published"),
    # review (wagtail's group approval task)
    gettext_noop("Request changes"),
    gettext_noop("Approve with comment"),
    # menus and side panels
    gettext_noop("History"),
    gettext_noop("Comments"),
    gettext_noop("Reports"),
    gettext_noop("Help"),
    gettext_noop("Usage"),
    # wagtail-localize and simple translation
    gettext_noop("Translate"),
    gettext_noop("Translations"),
    gettext_noop("Sync translated pages"),
)
