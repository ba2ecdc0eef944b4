"""Everyday words people type for services the register names formally; built in, per language.

Why built in (beside editors' ``Synonym`` rows): a fresh portal, the demo included, should
already know that "autovadītāja tiesības" is the driving licence. Groups are symmetric, as
editors' synonyms are, so every term here is specific: a common word ("uzņēmums") would
expand half of all queries. Editors add their own in the admin; these cannot be removed there.
"""

from __future__ import annotations

EVERYDAY_SYNONYMS: dict[str, list[list[str]]] = {
    "lv": [
        [
            "vadītāja apliecība",
            "autovadītāja tiesības",
            "vadītāja tiesības",
            "braukšanas tiesības",
            "autovadītāja apliecība",
            "šofera tiesības",
        ],
        ["personas apliecība", "ID karte", "eID karte"],
        ["bēres", "apbedīšana"],
        ["dekrēts", "bērna kopšanas atvaļinājums"],
        ["slimības lapa", "darbnespējas lapa"],
        ["startup", "jaunuzņēmums"],
    ],
    "en": [
        ["driving licence", "driving license", "driver's license", "driver licence"],
        ["id card", "identity card"],
        ["startup", "start-up"],
        ["funeral", "burial"],
        ["wedding", "marriage"],
    ],
}


def everyday_groups(language: str) -> list[list[str]]:
    """The built-in synonym groups of a language (empty for a language without any)."""
    return [list(group) for group in EVERYDAY_SYNONYMS.get(language, [])]
