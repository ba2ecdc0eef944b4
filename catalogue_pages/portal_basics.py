"""The portal information pages a national portal must have, created once in lv and en.

Their text is a starting point editors own afterwards (so it lives here as data, not gettext):
running ``create_portal_pages`` again never overwrites an edited page. A fresh deployment
(migrate + sync, no demo commands) gets them from its first sync (``ensure_first_portal_basics``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale

from catalogue_pages.models import InfoPage
from catalogue_pages.site_tree import ensure_site_tree


@dataclass(frozen=True)
class Basic:
    slug: str
    footer_order: int
    title: dict[str, str]
    body: dict[str, str]
    show_site_map: bool = False


BASICS = [
    Basic(
        "pieejamiba",
        1,
        {"lv": "Piekļūstamības paziņojums", "en": "Accessibility statement"},
        {
            "lv": "<p>Portāls veidots atbilstoši tīmekļa satura piekļūstamības vadlīnijām "
            "<b>WCAG 2.2 AA līmenī</b>: to var lietot ar tastatūru, ekrāna lasītāju un "
            "palielinājumu, arī telefonā un bez JavaScript. Katru izmaiņu pārbauda "
            "automātiski (axe-core) un pārlūkā.</p>"
            "<h2>Ja kaut kas nedarbojas</h2><p>Ja kāda lapas daļa jums nav pieejama, rakstiet "
            'uz <a href="mailto:piekluvamiba@portals.example">piekluvamiba@portals.example</a> '
            "vai zvaniet +371 67 000 000 (darba dienās 8.30–17.00). Norādiet lapas adresi un "
            "to, kas nedarbojās; atbildēsim 5 darba dienu laikā un, ja vajag, sniegsim "
            "informāciju citā veidā.</p><p>Paziņojums pārskatīts 01.12.2026.</p>",
            "en": "<p>The portal is built to the Web Content Accessibility Guidelines "
            "<b>WCAG 2.2 at level AA</b>: you can use it with a keyboard, a screen reader and "
            "zoom, on a phone and without JavaScript. Every change is checked automatically "
            "(axe-core) and in a browser.</p>"
            "<h2>If something does not work</h2><p>If part of a page is not accessible to you, "
            'write to <a href="mailto:piekluvamiba@portals.example">'
            "piekluvamiba@portals.example</a> or call +371 67 000 000 (working days "
            "8.30–17.00). Tell us the page address and what did not work; we answer within "
            "5 working days and can give you the information another way.</p>"
            "<p>Statement reviewed on 1 December 2026.</p>",
        },
    ),
    Basic(
        "privatums",
        2,
        {"lv": "Privātuma paziņojums", "en": "Privacy notice"},
        {
            "lv": "<p>Pakalpojumu aprakstus var lasīt un meklēt bez pieteikšanās; mēs "
            "neizmantojam reklāmas vai izsekošanas sīkdatnes. Meklēšanas vaicājumus un "
            "atsauksmes glabājam bez personas datiem, lai uzlabotu portālu.</p>"
            "<h2>Pieprasījumi starp iestādēm</h2><p>Ja iestādes darbinieks iesniedz "
            "pieprasījumu, glabājam kontaktpersonas vārdu, e-pastu, tālruni un pieprasījuma "
            "saturu, lai pakalpojuma sniedzējs to varētu izpildīt (VDAR 6. panta 1. punkta "
            "e) apakšpunkts). Datus redz tikai pieprasītāja un sniedzēja iestāde.</p>"
            "<h2>Jūsu tiesības</h2><p>Jūs varat pieprasīt piekļuvi saviem datiem, to labošanu "
            'vai dzēšanu: <a href="mailto:dati@portals.example">dati@portals.example</a>.</p>',
            "en": "<p>You can read and search the service descriptions without signing in; we "
            "use no advertising or tracking cookies. Search queries and feedback are kept "
            "without personal data, to improve the portal.</p>"
            "<h2>Requests between institutions</h2><p>When an institution's employee sends a "
            "request, we keep the contact person's name, e-mail, phone and the request, so "
            "that the provider can fulfil it (GDPR Article 6(1)(e)). Only the requesting and "
            "the providing institution see them.</p>"
            "<h2>Your rights</h2><p>You can ask to see, correct or delete your data: "
            '<a href="mailto:dati@portals.example">dati@portals.example</a>.</p>',
        },
    ),
    Basic(
        "kontakti",
        3,
        {"lv": "Kontakti un palīdzība", "en": "Contact and help"},
        {
            "lv": "<p>Par konkrētu pakalpojumu jautājiet iestādei, kas to sniedz: tās "
            "kontakti ir katra pakalpojuma lapas beigās.</p><h2>Par portālu</h2><p>E-pasts "
            '<a href="mailto:palidziba@portals.example">palidziba@portals.example</a>, '
            "tālrunis +371 67 000 000, darba dienās 8.30–17.00.</p>",
            "en": "<p>For a particular service, ask the institution that provides it: its "
            "contacts are at the end of every service page.</p><h2>About the portal</h2>"
            '<p>E-mail <a href="mailto:palidziba@portals.example">palidziba@portals.example'
            "</a>, phone +371 67 000 000, working days 8.30–17.00.</p>",
        },
    ),
    Basic(
        "lapas-karte",
        4,
        {"lv": "Lapas karte", "en": "Site map"},
        {"lv": "<p>Visas portāla sadaļas vienuviet.</p>", "en": "<p>Every part of the portal.</p>"},
        show_site_map=True,
    ),
]


@transaction.atomic
def ensure_portal_basics() -> list[InfoPage]:
    """Create the missing information pages (published) in lv and en; returns all of them."""
    tree = ensure_site_tree()
    pages: list[InfoPage] = []
    for basic in BASICS:
        source = None
        for code, home in tree.home.items():
            page = InfoPage.objects.child_of(home).filter(slug=basic.slug).first()
            if page is None:
                page = InfoPage(
                    title=basic.title.get(code, basic.title["lv"]),
                    slug=basic.slug,
                    body=basic.body.get(code, basic.body["lv"]),
                    show_site_map=basic.show_site_map,
                    footer_order=basic.footer_order,
                    locale=Locale.objects.get(language_code=code),
                )
                if source is not None:
                    page.translation_key = source.translation_key
                home.add_child(instance=page)
                page.save_revision().publish()
            source = source or page
            pages.append(page)
    return pages


def ensure_first_portal_basics() -> list[InfoPage]:
    """Create the information pages on a portal that has none yet (its first sync).

    Why only then: the accessibility statement and privacy notice must be in the footer of a
    fresh deployment without anyone running a demo command, but once the portal has its pages
    they belong to the editors; a page an editor deleted on purpose is not brought back by the
    next nightly sync, and nothing existing is ever rewritten.
    """
    if InfoPage.objects.exists():
        return []
    return ensure_portal_basics()
