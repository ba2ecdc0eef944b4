"""Where a paragraph of editorial text splits into sentences, the Latvian way and conservatively.

Translation segments are sentences (``catalogue_pages.sentence_segments``), so that changing
one sentence of an introduction leaves the translations of the others in place. A wrong split
costs more than a missed one: a sentence cut after "piem." or "2026." reaches the translator as
two fragments that cannot be translated on their own, while a missed split only keeps two
sentences in one segment, as before. So the splitter splits only where it is sure:

* after ``.``, ``!`` or ``?`` (and any closing quotes or brackets), followed by ordinary
  whitespace (a non-breaking space is a deliberate join) and a capital letter (after any
  opening quote or bracket): "1. janvārī", "2026. gada" and a sentence starting with a digit
  never split;
* never after a number ("1.5.", "2026."), a single letter (initials: "J. Bērziņš"), a word with
  a dot inside it ("t.sk.", "u.c.", "www.latvija.gov.lv.") or a known abbreviation
  (:data:`ABBREVIATIONS`: "piem.", "utt.", "Nr.", "tālr.", English "etc.", ...);
* never on an ellipsis;
* in HTML, never inside an inline tag: if ``<b>`` or ``<a>`` spans a sentence boundary, the
  sentences stay together, so every sentence holds whole tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Abbreviations that end with a dot and are often followed by a capitalised word (a name, a
#: title), lower case, without the final dot. Dotted ones ("t.sk.", "u.c.") need no entry: a
#: word with a dot inside never ends a sentence here.
ABBREVIATIONS = frozenset(
    {
        # Latvian
        "apm",
        "aptuv",
        "arh",
        "biedr",
        "dz",
        "dzim",
        "doc",
        "dr",
        "el",
        "gs",
        "iel",
        "izd",
        "k-sa",
        "kab",
        "kor",
        "lpp",
        "mg",
        "min",
        "nod",
        "nov",
        "nr",
        "pag",
        "piem",
        "pils",
        "pl",
        "plkst",
        "pr",
        "prof",
        "red",
        "resp",
        "sk",
        "skat",
        "st",
        "str",
        "tālr",
        "tel",
        "tūkst",
        "utml",
        "utt",
        "vsk",
        "zv",
        # English (the splitter also reads English translations)
        "approx",
        "dept",
        "etc",
        "incl",
        "jr",
        "mr",
        "mrs",
        "ms",
        "no",
        "sr",
        "vs",
    }
)

#: Characters that end a sentence (an ellipsis does not: it is as often mid-sentence).
TERMINALS = ".!?"
#: Closing quotes and brackets that may follow the terminal: 'Tā teica „Jā!” Tad ...'.
CLOSERS = "\"')]»”’"
#: Opening quotes and brackets that may come before the next sentence's capital letter.
OPENERS = "\"'([«„“‘"
#: Whitespace between sentences: ordinary only, a non-breaking space is a deliberate join.
SPACE = " \t\r\n"

_TAG = re.compile(r"<[^>]*>")
_VOID = frozenset({"br", "img", "hr", "wbr"})
_WORD_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph and the whitespace between it and the next one."""

    text: str
    space_after: str = ""


def split(text: str) -> list[str]:
    """The sentences of a plain-text paragraph (``"A. B."`` → ``["A.", "B."]``)."""
    return [sentence.text for sentence in split_html(text)]


def split_html(html: str) -> list[Sentence]:
    """The sentences of an inline-HTML paragraph, each holding whole tags; the whitespace
    between sentences is kept, so ``"".join(s.text + s.space_after ...)`` is ``html`` exactly."""
    visible, depths, positions = _visible(html)
    sentences: list[Sentence] = []
    start = 0
    for cut_start, cut_end in _boundaries(visible, depths):
        html_start, html_end = positions[cut_start], positions[cut_end - 1] + 1
        if _TAG.search(html, html_start, html_end):
            continue  # a tag between the sentences: not plain whitespace
        around = html[positions[cut_start - 1] + 1 : positions[cut_end]]
        if any(_tag_name(tag) in _VOID for tag in _TAG.findall(around)):
            continue  # a line break (or an image) at the boundary: the author's own layout
        sentences.append(Sentence(html[start:html_start], html[html_start:html_end]))
        start = html_end
    sentences.append(Sentence(html[start:], ""))
    return sentences


def _visible(html: str) -> tuple[str, list[int], list[int]]:
    """The text of ``html`` without tags, the inline-tag depth of each of its characters and
    each character's index in ``html``."""
    chars: list[str] = []
    depths: list[int] = []
    positions: list[int] = []
    depth = 0
    index = 0
    for match in _TAG.finditer(html):
        for offset, char in enumerate(html[index : match.start()]):
            chars.append(char)
            depths.append(depth)
            positions.append(index + offset)
        tag = match.group(0)
        name = _tag_name(tag)
        if tag.startswith("</"):
            depth -= 1
        elif name not in _VOID and not tag.endswith("/>") and not tag.startswith("<!"):
            depth += 1
        index = match.end()
    for offset, char in enumerate(html[index:]):
        chars.append(char)
        depths.append(depth)
        positions.append(index + offset)
    return "".join(chars), depths, positions


def _tag_name(tag: str) -> str:
    inner = tag.strip("</>").split(maxsplit=1)
    return inner[0].lower() if inner else ""


def _boundaries(text: str, depths: list[int]) -> list[tuple[int, int]]:
    """The whitespace runs of ``text`` (start, end) that separate two sentences."""
    found: list[tuple[int, int]] = []
    for match in re.finditer(f"[{SPACE}]+", text):
        start, end = match.start(), match.end()
        if any(depths[i] for i in range(start, end)):
            continue
        if _ends_sentence(text[:start]) and _starts_sentence(text[end:]):
            found.append((start, end))
    return found


def _ends_sentence(before: str) -> bool:
    stripped = before.rstrip(CLOSERS)
    if not stripped or stripped[-1] not in TERMINALS:
        return False
    if stripped.endswith(".."):
        return False  # an ellipsis
    if stripped[-1] in "!?":
        return True
    word_match = _WORD_BEFORE.search(stripped[:-1])
    if word_match is None:
        return False  # a lone dot
    word = word_match.group(1).lstrip(OPENERS)
    if not word:
        return False
    if any(char.isdigit() for char in word):
        return False  # "2026.", "1.5.", "3.punkts."
    if "." in word:
        return False  # "t.sk.", "u.c.", an address
    if len(word) == 1:
        return False  # an initial: "J. Bērziņš"
    return word.lower() not in ABBREVIATIONS


def _starts_sentence(after: str) -> bool:
    rest = after.lstrip(OPENERS)
    return bool(rest) and rest[0].isupper()
