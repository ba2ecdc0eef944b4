"""Wagtail and wagtail-localize strings the editors see that have no Latvian upstream.

Wagtail's Latvian catalogue covers a few hundred of its strings; with Latvian now an admin
language (``WAGTAILADMIN_PERMITTED_LANGUAGES``) the screens editors and reviewers use most
would stay half English. Listing the msgids here (``gettext_noop``: nothing is translated at
import) puts them in the project's catalogue, which Django reads before the apps' own
(``LOCALE_PATHS``), so their Latvian comes from ``locale/lv``. Add a msgid here when an editor
screen shows English; drop it when Wagtail ships a Latvian one. The strings Wagtail's
scripts write (its ``djangojs`` domain) are listed the same way in
``static/catalogue_pages/admin/wagtail_js_messages.js``.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_MSGIDS = (
    # page header, lock and status (wagtail, wagtail.admin)
    gettext_noop("Cancel scheduled publish"),
    gettext_noop("Locked by schedule"),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop("%(time_period)s ago"),
    gettext_noop("%(time_period)s ago by %(user_display_name)s"),
    gettext_noop("at %(time)s"),
    gettext_noop("at %(time)s by %(user_display_name)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("just now"),
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
    # dashboard, menu, search and history (found by the Latvian journey test,
    # tests/catalogue_pages/test_admin_latvian_browser.py)
    gettext_noop("Snippets"),
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Page types"),
    gettext_noop("More actions"),
    gettext_noop("Draft saved"),
    gettext_noop("page log entry"),
    gettext_noop("page log entries"),
    gettext_noop("Privacy and access"),
    gettext_noop("Task submitted by"),
    gettext_noop("'%(workflow)s' started. Next step '%(task)s'"),
    # wagtail-localize and simple translation
    gettext_noop("Translate"),
    gettext_noop("Translations"),
    gettext_noop("Sync translated pages"),
)

#: Counts Wagtail prints with a plural form.
WAGTAIL_PLURALS = (
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages", "counter"),
)

#: Django's pieces of a time span (``django.utils.timesince``). Wagtail's admin shows them only
#: inside "%(time_period)s ago" ("pirms %(time_period)s"), so their Latvian is the form "pirms"
#: takes: "pirms 1 minūtes", "pirms 19 minūtēm". Django's own Latvian catalogue also lists its
#: plural forms in another order than its plural formula, which printed "pirms 19 minūte" and
#: "pirms 1 minūšu". ``"0 minutes"`` is what Wagtail compares with to say "just now".
TIME_STRINGS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    gettext_noop("0 minutes"),
)
