"""The room report (PDF) of a workshop: the room against the published figures.

Built with the executive report's page (:class:`adoption.report._Report`: fpdf2, the bundled
fonts, no network): the session's title, date and participant count, then every question
with the room's share beside the published figure for its population (or the spread of
answers when no figure applies), the pillar averages, and the sources. The minimum group
size holds here as on the projector: a question answered by fewer people shows its count
only.

The title is whatever the facilitator typed: it is shaped and printed in any script the
bundled fonts cover (Chinese, Japanese, Korean, Arabic set right to left, emoji), and a
line under it says how many of its characters none of them can draw. What the room alone
answered (its pillar averages, its spread of answers) is drawn in the room's colour, never
in the colour of a published figure. A question's block (its label, bars and source) never
breaks across pages, nor does a source; a heading stays with what follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from adoption import palette
from adoption.i18n import fmt_number, format_date, round_half_up, typeset
from adoption.i18n import t as text
from adoption.i18n import tn as plural
from adoption.peers import RoomAmongPeers, room_lines
from adoption.report import INK, LINE_FACTOR, MUTED, REPLACEMENT, _Report
from adoption.workshop import RoomPillars, RoomQuestion

__all__ = ["build_room_pdf"]

ROOM = palette.rgb(palette.ROOM)
FIGURE = palette.rgb(palette.FIGURE)
TRACK = palette.rgb(palette.TRACK)
BAR_H = 4.0
BAR_GAP = 1.5
LABEL_W = 62.0
LABEL_SIZE = 8.5
VALUE_W = 16.0
TITLE_SIZE = 16.0
SOURCE_SIZE = 8.0
BULLET_W = 3.0


@dataclass(frozen=True)
class _Line:
    """A paragraph of a block, ``before`` mm below what precedes it."""

    text: str
    size: float
    bold: bool = False
    colour: tuple[int, int, int] = INK
    before: float = 0.0


@dataclass(frozen=True)
class _Bar:
    """A labelled horizontal bar on 0–100, with its value at the end."""

    label: str
    share: float
    value: str
    colour: tuple[int, int, int]


_Part = _Line | _Bar


def build_room_pdf(
    title: str,
    code: str,
    respondents: int,
    questions: Sequence[RoomQuestion],
    pillars: RoomPillars,
    lang: str,
    *,
    min_group: int,
    today: date | None = None,
    peers: RoomAmongPeers | None = None,
) -> bytes:
    """The A4 room report in ``lang`` (``fr`` or ``en``), as PDF bytes; ``peers``: the
    room among everyone who answered here, as the closing slide says it (None: left out)."""
    lang = "en" if lang == "en" else "fr"
    pdf = _Report(lang)
    pdf.set_title(f"{text('ws.report.title', lang)} · {title}")  # the metadata keeps it whole
    pdf.set_lang(lang)
    pdf.set_creator("SME AI Adoption Benchmark")

    pdf.para(text("ws.report.title", lang), 9, colour=MUTED)
    printed, unprintable = pdf.any_script(title, bold=True)
    pdf.para(printed, TITLE_SIZE, bold=True, any_script=True)
    if unprintable:
        note = plural("ws.report.unprintable", unprintable, lang, mark=REPLACEMENT)
        pdf.para(note, 8, colour=MUTED)
    day = format_date(today or date.today(), lang)
    pdf.para(plural("ws.report.meta", respondents, lang, date=day, code=code), 9, colour=MUTED)
    pdf.ln(1)
    pdf.para(text("ws.pres.caveat", lang), 8, colour=MUTED)

    averages = _pillar_parts(pillars, lang, min_group)
    if peers is not None and not pillars.suppressed:
        title_line, line, who = room_lines(peers, lang)
        averages += [
            _Line(title_line, 10, bold=True, before=3.0),
            _Line(line, 9),
            _Line(who, 8, colour=MUTED),
        ]
    pdf.heading(text("ws.report.pillars", lang), then=_height(pdf, averages))
    _draw(pdf, averages)

    blocks = [_question_parts(item, lang, min_group) for item in questions]
    first = _height(pdf, blocks[0]) if blocks else 0.0
    pdf.heading(text("ws.report.questions", lang), then=first)
    for block in blocks:
        pdf.keep(_height(pdf, block))
        _draw(pdf, block)

    sources = list(
        dict.fromkeys(
            f"{item.figure.organisation}, {item.figure.period_text} · {item.figure.label}"
            for item in questions
            if item.figure is not None
        )
    )
    if sources:
        # The heading goes to the next page with the first source rather than end a page.
        first = pdf.height_of(sources[0], SOURCE_SIZE, pdf.width - BULLET_W)
        pdf.heading(text("ws.report.sources", lang), then=first)
        for line in sources:
            _bullet(pdf, line)
    return bytes(pdf.output())


def _bullet(pdf: _Report, line: str) -> None:
    """A source, its bullet hanging in the margin; never broken across pages."""
    pdf.keep(pdf.height_of(line, SOURCE_SIZE, pdf.width - BULLET_W))
    y = pdf.get_y()
    pdf.style(SOURCE_SIZE)
    pdf.cell(BULLET_W, SOURCE_SIZE * LINE_FACTOR, "•")
    pdf.set_xy(pdf.l_margin + BULLET_W, y)
    pdf.para(line, SOURCE_SIZE, x=pdf.l_margin + BULLET_W, w=pdf.width - BULLET_W)


def _score(value: float, lang: str) -> str:
    return fmt_number(round_half_up(value), lang)


def _pillar_parts(pillars: RoomPillars, lang: str, min_group: int) -> list[_Part]:
    """The room's average per pillar, in the room's colour: no published figure has one."""
    if pillars.suppressed or pillars.overall is None:
        missing = max(1, min_group - pillars.respondents)
        return [_Line(plural("ws.slides.too_few", missing, lang), 9, colour=MUTED)]
    parts: list[_Part] = [
        _Bar(text(f"bench.pillar.{pillar}", lang), value, _score(value, lang), ROOM)
        for pillar, value in pillars.pillars.items()
    ]
    overall = _score(pillars.overall, lang)
    parts.append(_Line(f"{text('ws.pres.overall_label', lang)} · {overall}/100", 10, bold=True))
    parts.append(_Line(text("ws.pres.pillars_note", lang), 8, colour=MUTED))
    return parts


def _question_parts(item: RoomQuestion, lang: str, min_group: int) -> list[_Part]:
    """One question's block: its label, then the room beside the published figure, or the
    room's spread of answers (in the room's colour) when no figure applies."""
    parts: list[_Part] = [_Line(item.label, 9.5, bold=True, before=1.0)]
    if item.suppressed:
        hidden = plural("ws.pres.hidden", item.answered, lang, min=min_group)
        return [*parts, _Line(hidden, 8, colour=MUTED)]
    answered = plural("ws.pres.answered", item.answered, lang)
    if item.figure is not None and item.share is not None:
        figure = item.figure
        group = text("ws.pres.room_group", lang, group=item.group_answers)
        room = f"{text('ws.pres.room', lang)} ({group}, {answered})"
        source = f"{figure.organisation}, {figure.period_text} · {figure.label}"
        return [
            *parts,
            _Bar(room, item.share, item.share_text or "", ROOM),
            _Bar(figure.population, figure.value, figure.value_text, FIGURE),
            _Line(text("ws.slides.source", lang, source=source), 7, colour=MUTED),
        ]
    parts.append(_Line(f"{text('ws.pres.no_figure', lang)} ({answered})", 8, colour=MUTED))
    parts += [_Bar(o.label, o.share, o.share_text, ROOM) for o in item.options]
    return parts


def _bar_height(pdf: _Report, bar: _Bar) -> float:
    return max(pdf.height_of(bar.label, LABEL_SIZE, LABEL_W), BAR_H) + BAR_GAP


def _height(pdf: _Report, parts: Sequence[_Part]) -> float:
    """How tall ``parts`` are drawn by :func:`_draw`, in mm."""
    return sum(
        _bar_height(pdf, part)
        if isinstance(part, _Bar)
        else part.before + pdf.height_of(part.text, part.size, pdf.width, bold=part.bold)
        for part in parts
    )


def _draw(pdf: _Report, parts: Sequence[_Part]) -> None:
    for part in parts:
        if isinstance(part, _Bar):
            _draw_bar(pdf, part)
        else:
            pdf.ln(part.before)
            pdf.para(part.text, part.size, bold=part.bold, colour=part.colour)


def _draw_bar(pdf: _Report, bar: _Bar) -> None:
    y = pdf.get_y()
    pdf.style(LABEL_SIZE)
    pdf.set_xy(pdf.l_margin, y)
    label = typeset(bar.label, pdf.lang_code)
    pdf.multi_cell(LABEL_W, LABEL_SIZE * LINE_FACTOR, label, align="L")
    below = pdf.get_y()
    x = pdf.l_margin + LABEL_W + 2
    width = pdf.width - LABEL_W - VALUE_W - 4
    pdf.set_fill_color(*TRACK)
    pdf.rect(x, y, width, BAR_H, style="F")
    pdf.set_fill_color(*bar.colour)
    pdf.rect(x, y, width * max(0.0, min(100.0, bar.share)) / 100, BAR_H, style="F")
    pdf.style(9, bold=True)
    pdf.set_xy(x + width + 2, y)
    pdf.cell(VALUE_W, BAR_H, typeset(bar.value, pdf.lang_code), align="R")
    pdf.set_y(max(below, y + BAR_H) + BAR_GAP)
