"""Tests for adoption.room_report: the room report prints whatever title the facilitator
typed, is set as a French document is set, keeps its blocks and headings whole, and draws
what the room alone answered in the room's colour."""

from __future__ import annotations

import dataclasses
import io
import random
import re
from collections.abc import Sequence

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

import fixtures
from adoption import palette, report, room_report
from adoption.i18n import NNBSP, typeset
from adoption.i18n import tn as plural
from adoption.peers import RoomAmongPeers, room_lines
from adoption.room_report import build_room_pdf
from adoption.workshop import RoomPillars, RoomQuestion, room_pillars, room_questions

DATASET = fixtures.dataset()
QUESTIONNAIRE = fixtures.questionnaire()
PUNCTUATION = ":;?!%"


def _room(people: int, seed: int = 7) -> list[dict[str, str]]:
    chance = random.Random(seed)  # noqa: S311 - made-up answers
    return [{q.id: chance.choice(q.codes) for q in QUESTIONNAIRE.questions} for _ in range(people)]


ROOM = _room(6)
PILLARS = room_pillars(QUESTIONNAIRE, ROOM)


def _items(lang: str) -> list[RoomQuestion]:
    return room_questions(DATASET, QUESTIONNAIRE, ROOM, lang)


def _pdf(
    title: str,
    lang: str = "fr",
    items: Sequence[RoomQuestion] | None = None,
    pillars: RoomPillars = PILLARS,
) -> bytes:
    chosen = _items(lang) if items is None else items
    return build_room_pdf(title, "K7MQ4P", 6, chosen, pillars, lang, min_group=5)


def _lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, as pypdf reads them."""
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(pdf)).pages]


def _title_lines(pdf: bytes) -> list[str]:
    """The lines between the report's name and the line of date, count and code."""
    first = _lines(pdf)[0]
    end = next(i for i, line in enumerate(first) if "K7MQ4P" in line)
    return [line.strip() for line in first[1:end]]


FRENCH_120 = (
    "Atelier des dirigeants de PME de la région lyonnaise : où en sommes-nous avec l'IA "
    "générative ? Bilan et suite, mai 2026"
)
TITLES = {
    "arabic": "ورشة الذكاء الاصطناعي للشركات الصغيرة والمتوسطة",
    "chinese": "中小企业人工智能研讨会：我们走到哪一步了？",
    "japanese": "中小企業のAIワークショップ",
    "korean": "중소기업 AI 워크숍",
    "emoji": "Atelier IA 🚀🤖 ❤️ 👩🏽‍💻",
    "french-120": FRENCH_120,
}


def test_the_french_title_is_120_characters_long() -> None:
    assert len(FRENCH_120) == 120  # the longest title a session may have (store.TITLE_MAX)


@pytest.mark.parametrize("name", sorted(TITLES))
def test_any_title_prints_as_typed(name: str, system_fonts_hidden: None) -> None:
    title = TITLES[name]
    pdf = _pdf(title)
    # Read back as typed: nothing dropped (CJK used to come out blank, emoji were lost),
    # Arabic in its own order (it came out reversed), French with its narrow spaces.
    assert " ".join(_title_lines(pdf)) == typeset(title, "fr")
    assert "\ufffd" not in " ".join(_title_lines(pdf))
    assert "polices du rapport" not in "\n".join(_lines(pdf)[0])


def test_arabic_letters_are_joined() -> None:
    pdf = _pdf(TITLES["arabic"])
    # Shaped text draws the letters' joining forms (initial, medial, final), which DejaVu
    # names by their presentation-form code points; unshaped text draws isolated letters.
    names: set[str] = set()
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        data = descriptor["/FontFile2"].get_object().get_data()
        names |= set(TTFont(io.BytesIO(data)).getGlyphOrder())
    forms = {n for n in names if re.fullmatch(r"uniF[BE][0-9A-F]{2}", n)}
    assert len(forms) >= 10, sorted(names)


def test_a_character_no_font_has_is_replaced_and_said(system_fonts_hidden: None) -> None:
    pdf = _pdf("Atelier สวัสดี")  # Thai: no bundled font has it
    lines = _lines(pdf)[0]
    assert lines[1] == "Atelier " + "\ufffd" * 6
    note = plural("ws.report.unprintable", 6, "fr", mark="\ufffd")
    assert typeset(note, "fr") in lines
    english = _lines(_pdf("Atelier สวัสดี", "en"))[0]
    assert plural("ws.report.unprintable", 6, "en", mark="\ufffd") in english


def test_a_latin_report_loads_no_fallback_font() -> None:
    # Droid Sans Fallback takes half a second to load: only a title that needs it pays.
    fonts = PdfReader(io.BytesIO(_pdf("Atelier"))).pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_reads_the_title_and_the_questions(lang: str) -> None:
    items = _items(lang)
    text = "\n".join("\n".join(page) for page in _lines(_pdf("Club <Lyon>", lang)))
    flat = re.sub(r"[\s\u202f\u00a0]+", " ", text)
    for item in items:
        assert re.sub(r"[\s\u202f\u00a0]+", " ", item.label)[:40] in flat, item.question_id


# --------------------------------------------------------------------------- typography


def test_a_french_report_keeps_its_narrow_no_break_spaces() -> None:
    pages = _lines(_pdf("Atelier IA : où en sommes-nous ? Lyon ; 2026 !"))
    text = "\n".join("\n".join(page) for page in pages)
    for mark in PUNCTUATION:
        assert f"{NNBSP}{mark}" in text, mark
    # Every : ; ? ! % has its narrow no-break space before it, none a plain space or none.
    assert re.findall(rf"[^{NNBSP}][{re.escape(PUNCTUATION)}]", text) == []
    assert "Sources" in text


def _stranded(lines: Sequence[str]) -> list[str]:
    return [line for line in lines if line.strip() and line.strip()[0] in PUNCTUATION]


def test_a_question_mark_never_starts_a_line() -> None:
    # Titles whose "?" falls at the end of a line: with a plain space, the "?" would go
    # to the next line alone. Find them by measuring the plain-space text.
    pdf = report._Report("fr")
    pdf.style(room_report.TITLE_SIZE, bold=True)
    risky = []
    for extra in range(60):
        title = f"Atelier {'a' * extra} où en sommes-nous ?"
        lines = pdf.multi_cell(pdf.width, 6, title, dry_run=True, output="LINES")
        if isinstance(lines, list) and str(lines[-1]).strip() == "?":
            risky.append(title)
    assert risky, "no title found that a plain space would break before its '?'"
    for title in risky[:3]:
        printed = _title_lines(_pdf(title))
        assert _stranded(printed) == [], printed
        assert printed[-1].endswith(f"{NNBSP}?")


def test_no_line_of_the_report_starts_with_punctuation() -> None:
    for lang in ("fr", "en"):
        for page in _lines(_pdf(FRENCH_120, lang)):
            assert _stranded(page) == [], page


# --------------------------------------------------------------------------- page breaks


class _Asked(Exception):
    """Raised where the "Sources" heading is asked for: measures a layout cheaply."""


def _room_before_sources(
    title: str, items: Sequence[RoomQuestion], pillars: RoomPillars
) -> tuple[float, float]:
    """(room left on the page, room the heading's first source needs) where the report
    asks for its "Sources" heading."""
    seen: list[tuple[float, float]] = []

    def heading(self: report._Report, value: str, size: float = 11, *, then: float = 8) -> None:
        if value == "Sources":
            seen.append((self.room(), then))
            raise _Asked
        ORIGINAL_HEADING(self, value, size, then=then)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report._Report, "heading", heading)
        with pytest.raises(_Asked):
            _pdf(title, items=items, pillars=pillars)
    return seen[0]


ORIGINAL_HEADING = report._Report.heading


@pytest.mark.slow  # searches the room sizes for the layout: some 40 reports built and read
def test_the_sources_heading_never_ends_a_page() -> None:
    """A layout where the heading alone would fit at the bottom of a page and its first
    source would not: the heading goes to the next page with it."""
    source = next(item for item in _items("fr") if item.figure is not None)
    short = dataclasses.replace(source, label="Question", suppressed=True, answered=3)
    pillars = dataclasses.replace(PILLARS, suppressed=True, pillars={}, overall=None)
    layouts = [
        (" ".join(["Atelier"] * words), [*[short] * padding, source])
        for padding in range(14, 34)  # short questions before the one with a source
        for words in (1, 12, 24)  # a title of one, two or three lines
    ]
    for title, items in layouts:
        left, then = _room_before_sources(title, items, pillars)
        if report.HEADING_HEIGHT <= left < report.HEADING_HEIGHT + then:
            break
    else:
        pytest.fail("no layout put the heading at the bottom of a page")
    body = [
        [line for line in page if not line.startswith("Page ")]
        for page in _lines(_pdf(title, items=items, pillars=pillars))
    ]
    at = next(i for i, page in enumerate(body) if "Sources" in page)
    assert at > 0 and body[at][0] == "Sources"  # moved to the top of the next page
    assert body[at][1].startswith("•")  # with its first source
    assert body[at - 1][-1] != "Sources"


@pytest.mark.slow  # three rooms' reports built and read line by line
def test_no_heading_is_the_last_line_of_a_page() -> None:
    headings_text = {"Maturité moyenne de la salle, par pilier (sur 100)", "Question par question"}
    for people in (3, 6, 12):
        room = _room(people, seed=people)
        items = room_questions(DATASET, QUESTIONNAIRE, room, "fr")
        pdf = build_room_pdf(
            FRENCH_120,
            "K7MQ4P",
            people,
            items,
            room_pillars(QUESTIONNAIRE, room),
            "fr",
            min_group=5,
        )
        for page in _lines(pdf):
            body = [line for line in page if not line.startswith("Page ")]
            assert body[-1] not in {*headings_text, "Sources"}, body[-3:]


def test_a_question_block_never_breaks_across_pages() -> None:
    pages = _lines(_pdf(FRENCH_120, items=_items("fr") * 2))
    for page in pages[1:]:
        # A page starts with a question (bold label) or a heading, never with the tail
        # of the previous question: its source line or one of its bars.
        assert not page[0].startswith("Source"), page[:2]


# --------------------------------------------------------------------------- colours


def test_the_room_has_its_own_colour() -> None:
    published = {
        palette.FIGURE,
        palette.FIRM,
        palette.REFERENCE,
        *palette.GRADE.values(),
        *palette.STATUS.values(),
    }
    assert palette.ROOM not in published


def _fills(pdf: bytes) -> set[tuple[float, float, float]]:
    content = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)
    return {
        (float(r), float(g), float(b))
        for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
    }


def _rgb(colour: str) -> tuple[float, float, float]:
    r, g, b = palette.rgb(colour)
    return (round(r / 255, 2), round(g / 255, 2), round(b / 255, 2))


def test_room_only_charts_are_drawn_in_the_room_colour() -> None:
    # Only the room's own answers: no question has a published figure.
    items = [dataclasses.replace(item, figure=None) for item in _items("fr")]
    fills = {tuple(round(v, 2) for v in fill) for fill in _fills(_pdf("Atelier", items=items))}
    assert _rgb(palette.ROOM) in fills
    assert _rgb(palette.FIGURE) not in fills  # nothing in the published figure's blue
    with_figures = {tuple(round(v, 2) for v in f) for f in _fills(_pdf("Atelier"))}
    assert _rgb(palette.FIGURE) in with_figures  # the published figures themselves


# --------------------------------------------------------------------------- peers


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_room_among_the_pool_is_said_as_on_the_closing_slide(lang: str) -> None:
    peers = RoomAmongPeers(64, 6, 40, 70, 200, ("2026-09", "2026-11"))
    items = _items(lang)
    with_peers = build_room_pdf("Club", "K7MQ4P", 6, items, PILLARS, lang, min_group=5, peers=peers)
    flat = re.sub(r"[\s\u202f\u00a0]+", " ", "\n".join("\n".join(p) for p in _lines(with_peers)))
    for line in room_lines(peers, lang):
        assert re.sub(r"[\s\u202f\u00a0]+", " ", line) in flat
    without = "\n".join("\n".join(p) for p in _lines(_pdf("Club", lang)))
    assert room_lines(peers, lang)[0] not in without
