"""Where editorial text splits into sentences (translation segments): the Latvian way, and
never where in doubt — a missed split keeps two sentences in one segment, a wrong one hands
the translator fragments."""

from __future__ import annotations

import pytest

from catalogue_pages.sentences import Sentence, split, split_html


def test_a_paragraph_of_three_sentences_is_three_sentences():
    assert split("Pirmais teikums. Otrais teikums! Vai trešais?") == [
        "Pirmais teikums.",
        "Otrais teikums!",
        "Vai trešais?",
    ]


def test_one_sentence_and_empty_text_stay_whole():
    assert split("Tikai viens teikums.") == ["Tikai viens teikums."]
    assert split("Bez punkta beigās") == ["Bez punkta beigās"]
    assert split("") == [""]


@pytest.mark.parametrize(
    "text",
    [
        # Latvian abbreviations, followed by a capital (a name, a title) or not
        "Iesniedziet pasi, dzimšanas apliecību u.c. Dokumentus pieņem klātienē.",
        "Var pieteikties dažādās iestādēs, piem. Rīgas valstspilsētas pašvaldībā.",
        "Visi dokumenti, t.sk. Valsts ieņēmumu dienesta izziņa, ir obligāti.",
        "Nepieciešama pase, apliecība utt. Tālāk iesniegumu izskata.",
        "Pakalpojums ir bez maksas, t.i. Valsts to apmaksā.",
        "Sazinieties pa tālr. 67209400 vai e-pastu.",
        "Skatīt Noteikumu Nr. 12 trešo punktu.",
        "Pieņemšana no plkst. Deviņiem līdz pieciem.",
        "Iesniegumu paraksta Prof. Bērziņš.",
        # numbers, dates and ordinals
        "Maksa ir 1.5 EUR par lapu.",
        "Termiņš ir 2026. Gada beigas.",
        "Pieteikumus pieņem līdz 1. janvārim.",
        "Kārtība mainās no 2026. gada 1. janvāra.",
        "Skatīt 3. Punktu.",
        # initials, addresses, ellipses, a non-breaking space
        "Iesniegumu izskata J. Bērziņš.",
        "Vairāk vietnē www.latvija.gov.lv. Tur ir arī veidlapa.",
        "Iesniegums… Tad gaidiet atbildi.",
        "Pirmais teikums.\u00a0Otrais teikums.",
        # no capital after the dot: not a new sentence
        "Dokumenti (piem. pase). un citi.",
        "Sākums. 2. solis ir pēc tam.",
    ],
)
def test_abbreviations_numbers_dates_and_doubtful_dots_do_not_split(text):
    assert split(text) == [text]


def test_english_abbreviations_do_not_split():
    assert split("Bring your ID, passport etc. The office checks them.") == [
        "Bring your ID, passport etc. The office checks them."
    ]
    assert split("Call Mr. Smith. He answers.") == ["Call Mr. Smith.", "He answers."]


def test_closing_quotes_and_opening_quotes_around_a_boundary():
    assert split("Atbilde ir „Jā.” „Nē” nav atbilde.") == ["Atbilde ir „Jā.”", "„Nē” nav atbilde."]
    assert split("Iesniedziet (klātienē). Tad gaidiet.") == [
        "Iesniedziet (klātienē).",
        "Tad gaidiet.",
    ]


def test_the_whitespace_between_sentences_is_kept_so_the_paragraph_reassembles_exactly():
    html = "Pirmais.  Otrais.\nTrešais."
    sentences = split_html(html)
    assert sentences == [
        Sentence("Pirmais.", "  "),
        Sentence("Otrais.", "\n"),
        Sentence("Trešais.", ""),
    ]
    assert "".join(s.text + s.space_after for s in sentences) == html


def test_inline_markup_inside_a_sentence_stays_in_it():
    html = 'Pirmais <b>svarīgais</b> teikums. Otrais ar <a href="/x">saiti</a>. Trešais.'
    assert [s.text for s in split_html(html)] == [
        "Pirmais <b>svarīgais</b> teikums.",
        'Otrais ar <a href="/x">saiti</a>.',
        "Trešais.",
    ]


def test_a_sentence_wholly_in_a_tag_is_a_sentence():
    assert [s.text for s in split_html("<b>Svarīgi.</b> Iesniedziet laikus.")] == [
        "<b>Svarīgi.</b>",
        "Iesniedziet laikus.",
    ]


def test_a_tag_spanning_a_boundary_keeps_its_sentences_together():
    html = "Pirmais <b>teikums. Otrais</b> teikums. Trešais."
    assert [s.text for s in split_html(html)] == [
        "Pirmais <b>teikums. Otrais</b> teikums.",
        "Trešais.",
    ]
    linked = '<a href="/x">Pirmais. Otrais.</a> Trešais.'
    assert [s.text for s in split_html(linked)] == ['<a href="/x">Pirmais. Otrais.</a>', "Trešais."]


def test_a_line_break_between_sentences_does_not_split():
    assert [s.text for s in split_html("Pirmais. <br/>Otrais.")] == ["Pirmais. <br/>Otrais."]


def test_a_line_break_inside_a_sentence_does_not_open_a_tag():
    assert [s.text for s in split_html("Pirmā<br/>rinda. Otrais.")] == [
        "Pirmā<br/>rinda.",
        "Otrais.",
    ]
