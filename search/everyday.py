"""Everyday words people type for services the register names formally; built in, per language.

Why built in (beside editors' ``Synonym`` rows): a fresh portal, the demo included, should
already know that "autovadītāja tiesības" is the driving licence. Groups are symmetric, as
editors' synonyms are, so every term here is specific: a common word ("uzņēmums") would
expand half of all queries. Editors add their own in the admin; these cannot be removed there.
"""

from __future__ import annotations

from dataclasses import dataclass

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


#: People's words for life events, one way: when a query holds one of ``words`` (folded, a
#: word starting with it and at most three letters longer), the register's own vocabulary in
#: ``means`` is searched too (an extra clause that can match on its own), and ``absorbs``
#: (who it happened to: "father", "tētis") stops counting as a word that must match.
#: Latvian words match with their endings; English ones exactly, unless written ``word*``.
#: One way, unlike the synonym groups: "address" means the residence declaration to a
#: resident, while "declaration" must not mean "address".
@dataclass(frozen=True)
class EverydayWord:
    words: tuple[str, ...]
    means: str
    absorbs: tuple[str, ...] = ()


_RELATIVES_LV = (
    "tetis", "tevs", "teva", "mamma", "mammu", "mate", "mates", "virs", "sieva", "vectevs",
    "vecmamina", "vecmamm", "brali", "bralis", "masa", "dels", "meita", "tuvinieks", "tuvinieka",
)  # fmt: skip
_RELATIVES_EN = (
    "father", "dad", "mother", "mum", "mom", "husband", "wife", "grandfather", "grandmother",
    "grandpa", "grandma", "brother", "sister", "son", "daughter", "relative", "parent", "partner",
)  # fmt: skip

EVERYDAY_WORDS: dict[str, list[EverydayWord]] = {
    "lv": [
        EverydayWord(
            ("nomir", "miris", "mirusi", "mirus", "mirst", "nave", "naves", "aizgaja muziba"),
            "miršanas reģistrācija apbedīšanas pabalsts apgādnieka zaudējuma pensija",
            _RELATIVES_LV,
        ),
        EverydayWord(
            (
                "parcel",
                "parvac",
                "adrese",
                "adresi",
                "adreses",
                "dzivesvietas maina",
                "dzivoklis",
                "dzivokli",
                "mainiju dzivesvietu",
            ),
            "dzīvesvietas deklarēšana",
        ),  # fmt: skip
        EverydayWord(
            ("piedzim", "jaundzim", "mazulis", "mazuli", "zidain", "bebis", "dzemdib"),
            "bērna dzimšanas reģistrācija piedzimšanas pabalsts",
            _RELATIVES_LV,
        ),
        EverydayWord(
            ("kazas", "kazu", "apprec", "precet", "precos", "precej", "laulat"), "laulības"
        ),
        EverydayWord(
            ("grutniec", "gaidu bernu", "gaidam bernu", "esmu stavokli"), "maternitātes pabalsts"
        ),
        EverydayWord(("saslim", "slims", "slimoj"), "slimības pabalsts"),
        EverydayWord(("darzin", "bernudarz"), "bērnudārzs"),
        EverydayWord(("ire", "iri", "ires", "irei", "nevaru samaksat"), "mājokļa pabalsts"),
        EverydayWord(
            ("zaudeju darbu", "bez darba", "atlaists", "atlaida", "atlaiz"),
            "bezdarbnieka statuss pabalsts",
        ),
        EverydayWord(("atraitn", "baren"), "apgādnieka zaudējuma pensija"),
        EverydayWord(("kucen", "kakis", "kaki", "kaken", "suns", "suni", "sunit"), "dzīvnieka"),
        EverydayWord(("pazaud", "nozag", "zadz"), "nozaudētas nozagtas"),
        # "Nauda bērēm", "finansiāla palīdzība": money from the state is a "pabalsts"; the
        # word itself need not match (no service is named after money).
        EverydayWord(("naud", "finansial"), "pabalsts", ("naud", "finansial")),
        EverydayWord(("pensija", "pensijas"), "vecuma pensija"),
        EverydayWord(("firma", "firmu", "firmas", "biznes"), "uzņēmums komersants"),
        EverydayWord(("dibin", "atvert", "sakt"), "reģistrācija"),
        EverydayWord(("slegt", "sledz", "aizvert", "beigt"), "likvidācija"),
        EverydayWord(("masin", "auto", "automasin"), "transportlīdzeklis"),
        EverydayWord(("pardod", "nopirk", "nopirku", "pirkt", "pirku"), "īpašnieka maiņa"),
        EverydayWord(("skola", "skolu", "skolas", "pirmklasniek"), "skolēna uzņemšana 1. klasē"),
    ],
    "en": [
        EverydayWord(
            ("died", "dead", "death", "dies", "passed away", "deceased"),
            "death funeral survivor",
            _RELATIVES_EN,
        ),
        EverydayWord(
            ("moved", "moving", "move house", "relocat*", "address", "new flat", "new home"),
            "declaring place of residence",
        ),
        EverydayWord(
            ("baby", "babies", "newborn", "born", "birth"),
            "child's birth childbirth benefit",
            _RELATIVES_EN,
        ),
        EverydayWord(("wedding", "marry", "married", "marrying", "wed"), "marriage"),
        EverydayWord(("pregnan*", "expecting a baby"), "maternity benefit"),
        EverydayWord(("sick", "ill", "illness", "sick leave", "sick note"), "sickness benefit"),
        EverydayWord(("nursery", "daycare", "day care", "preschool"), "kindergarten"),
        EverydayWord(("rent", "cannot pay rent", "afford"), "housing benefit"),
        EverydayWord(
            ("lost my job", "fired", "laid off", "redundan*", "jobless", "out of work"),
            "unemployed unemployment benefit",
        ),
        EverydayWord(("widow*", "orphan*"), "survivor's pension"),
        # "Money for …", "financial help": what the state pays is a benefit or an allowance.
        EverydayWord(
            ("money", "cash", "financial*"), "benefit allowance", ("money", "cash", "financial")
        ),
        EverydayWord(("stolen", "stole", "lost"), "lost stolen"),
        EverydayWord(("retire", "retiring", "retirement", "retired"), "old-age pension"),
        EverydayWord(("start", "starting", "open", "set up"), "registering"),
        EverydayWord(("close", "closing", "shut"), "winding up insolvency"),
        EverydayWord(("car", "cars"), "vehicle"),
        EverydayWord(("sell", "selling", "sold", "buy", "bought", "buying"), "owner"),
        EverydayWord(("dog", "cat", "puppy", "kitten"), "pet"),
        EverydayWord(("kid", "kids", "child", "children", "son", "daughter"), "child children"),
        EverydayWord(("school",), "pupil year 1"),
    ],
}

#: Words that carry no service ("kas jādara", "my"): left out of the words that must match,
#: unless nothing else is left.
FILLER_WORDS: dict[str, frozenset[str]] = {
    "lv": frozenset((
        "kas", "jadara", "darit", "ko", "man", "mans", "mana", "mani", "manu", "musu", "es",
        "mes", "ka", "ir", "vajag", "jaiet", "kur", "gribu", "gribam", "velos", "tagad", "ar",
    )),
    "en": frozenset((
        "my", "i", "we", "our", "me", "what", "how", "do", "to", "need", "should", "want",
        "when", "someone", "have", "had", "are", "having", "got", "after", "the", "a", "an",
        "of", "for", "is", "was", "with", "can", "please", "help",
    )),
}  # fmt: skip


def _starts(word: str, part: str, inflected: bool) -> bool:
    """``word`` is ``part`` or, in an inflected language or for a ``part*``, an inflection of
    it (longer stems allow longer endings)."""
    if part.endswith("*"):
        part, inflected = part[:-1], True
    if word == part:
        return True
    if not inflected:
        return False
    room = 6 if len(part) >= 5 else 3
    return len(part) >= 4 and word.startswith(part) and len(word) - len(part) <= room


def _matches(word_list: list[str], trigger: str, inflected: bool) -> tuple[int, int] | None:
    """The span of ``word_list`` (folded words) a folded trigger (one or more words) covers."""
    parts = trigger.split()
    n = len(parts)
    for i in range(len(word_list) - n + 1):
        window = word_list[i : i + n]
        if all(_starts(w, p, inflected) for w, p in zip(window, parts, strict=True)):
            return i, i + n
    return None


def understand(words: list[str], language: str) -> tuple[list[str], list[bool]]:
    """(register phrases the query means, which of its folded ``words`` must still match)."""
    means: list[str] = []
    keep = [w not in FILLER_WORDS.get(language, frozenset()) for w in words]
    for rule in EVERYDAY_WORDS.get(language, []):
        for trigger in rule.words:
            if _matches(words, trigger, language == "lv") is None:
                continue
            if rule.means not in means:
                means.append(rule.means)
            for j, w in enumerate(words):
                if any(w == a or (w.startswith(a) and len(w) - len(a) <= 2) for a in rule.absorbs):
                    keep[j] = False
            break
    return means, keep
