"""Lists sorted by name follow the Latvian alphabet, not character codes (issue 19, item 6):
"Aizbildnības…" before "ALTUM…", "Bērna…" before "Brīvpusdienas…", whatever the database."""

from __future__ import annotations

import re

import pytest

from catalogue_pages.latvian import by_title
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

TITLES = [
    "ALTUM aizdevums",
    "Brīvpusdienas skolēniem",
    "Aizbildnības nodibināšana",
    "Bērna reģistrācija",
]
EXPECTED = [
    "Aizbildnības nodibināšana",
    "ALTUM aizdevums",
    "Bērna reģistrācija",
    "Brīvpusdienas skolēniem",
]


def _titles(html: str) -> list[str]:
    return [
        t for t in re.findall(r'<a href="/lv/pakalpojumi/[^"]+">([^<]+)</a>', html) if t in TITLES
    ]


@pytest.fixture
def alphabet(catalogue):  # type: ignore[no-untyped-def]
    for n, title in enumerate(TITLES):
        ServicePageFactory(
            title=title,
            slug=f"alfabets-{n}",
            identifier=f"PAK-LV-{n}",
            competent_authority=catalogue.institution,
            for_citizens=True,
            is_online=True,
            related_identifiers=[],
        )
    page = catalogue.citizen_only
    page.related_identifiers = [f"PAK-LV-{n}" for n in range(len(TITLES))]
    page.save_revision().publish()
    return catalogue


def test_the_key_orders_the_latvian_way():
    assert by_title(TITLES, str) == EXPECTED


@pytest.mark.parametrize(
    "path",
    [
        "/lv/iedzivotajiem/",  # the cached catalogue order
        "/lv/iedzivotajiem/?online=1",  # a filtered page
        "/lv/iestades/pmlp/",  # an institution's services
        "/lv/pakalpojumi/dzivesvietas-deklaresana/",  # related services
    ],
)
def test_lists_by_name_follow_the_latvian_alphabet(client, alphabet, path):
    response = client.get(path)
    assert response.status_code == 200
    assert _titles(response.content.decode()) == EXPECTED, path


def _rank_tuple(text: str) -> tuple[int, ...]:
    """The rule, spelled out: each character's rank, letters by the Latvian alphabet."""
    from catalogue_pages.latvian import _RANK

    return tuple(
        (_RANK.get(char, 100 + ord(char)) if char.isalpha() else ord(char)) for char in text.upper()
    )


@pytest.mark.django_db(databases=[])
def test_the_sort_key_orders_as_the_alphabet_rule_whatever_the_characters():
    """The key is a string computed in C (a filtered catalogue page sorts thousands of titles);
    it must order exactly as the rank-per-character rule: prefixes first, case ignored,
    Latvian letters in their order, other letters after them, digits and marks by code."""
    import random

    from catalogue_pages.latvian import sort_key

    chars = "aāAĀbcčČdeēfgģhiījkķlļmnņoprsštuūvzžqwxy ,.-0123456789„”()ßΩéǅ!"
    rnd = random.Random(23)
    texts = ["", " ", "A", "a", "Ā", "Zāģēšana 02", "zāģēšana 1", "Čeks", "cēks", "ALTUM"]
    texts += ["".join(rnd.choice(chars) for _ in range(rnd.randint(0, 10))) for _ in range(3000)]
    assert sorted(texts, key=sort_key) == sorted(texts, key=_rank_tuple)
    for a, b in zip(texts, texts[1:], strict=False):
        assert (sort_key(a) < sort_key(b)) == (_rank_tuple(a) < _rank_tuple(b)), (a, b)
        assert (sort_key(a) == sort_key(b)) == (_rank_tuple(a) == _rank_tuple(b)), (a, b)
    assert sorted(TITLES, key=sort_key) == EXPECTED
