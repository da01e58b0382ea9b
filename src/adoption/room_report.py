"""The room report (PDF) of a workshop: the room against the published figures.

Built with the executive report's page (:class:`adoption.report._Report`: fpdf2, the bundled
DejaVu font, no network): the session's title, date and participant count, then every
question with the room's share beside the published figure for its population (or the
spread of answers when no figure applies), the pillar averages, and the sources. The
minimum group size holds here as on the projector: a question answered by fewer people
shows its count only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from adoption import palette
from adoption.i18n import fmt_number, format_date, round_half_up
from adoption.i18n import t as text
from adoption.i18n import tn as plural
from adoption.report import MUTED, _Report
from adoption.workshop import RoomPillars, RoomQuestion

__all__ = ["build_room_pdf"]

ROOM = palette.rgb(palette.ROOM)
FIGURE = palette.rgb(palette.FIGURE)
TRACK = palette.rgb(palette.TRACK)
BAR_H = 4.0
LABEL_W = 62.0
VALUE_W = 16.0


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
) -> bytes:
    """The A4 room report in ``lang`` (``fr`` or ``en``), as PDF bytes."""
    lang = "en" if lang == "en" else "fr"
    pdf = _Report(lang)
    pdf.set_title(f"{text('ws.report.title', lang)} · {title}")
    pdf.set_lang(lang)
    pdf.set_creator("SME AI Adoption Benchmark")

    pdf.para(text("ws.report.title", lang), 9, colour=MUTED)
    pdf.para(title, 16, bold=True)
    day = format_date(today or date.today(), lang)
    pdf.para(plural("ws.report.meta", respondents, lang, date=day, code=code), 9, colour=MUTED)
    pdf.ln(1)
    pdf.para(text("ws.pres.caveat", lang), 8, colour=MUTED)

    pdf.heading(text("ws.report.pillars", lang))
    if pillars.suppressed or pillars.overall is None:
        missing = max(1, min_group - pillars.respondents)
        pdf.para(plural("ws.slides.too_few", missing, lang), 9, colour=MUTED)
    else:
        for pillar, value in pillars.pillars.items():
            _bar(pdf, text(f"bench.pillar.{pillar}", lang), value, _score(value, lang), FIGURE)
        overall = _score(pillars.overall, lang)
        pdf.para(f"{text('ws.pres.overall_label', lang)} · {overall}/100", 10, bold=True)
        pdf.para(text("ws.pres.pillars_note", lang), 8, colour=MUTED)

    pdf.heading(text("ws.report.questions", lang))
    sources: dict[str, None] = {}
    for item in questions:
        _question(pdf, item, lang, min_group)
        if item.figure is not None:
            figure = item.figure
            sources[f"{figure.organisation}, {figure.period_text}: {figure.label}"] = None

    pdf.heading(text("ws.report.sources", lang))
    for line in sources:
        pdf.para(f"• {line}", 8)
    return bytes(pdf.output())


def _score(value: float, lang: str) -> str:
    return fmt_number(round_half_up(value), lang)


def _bar(pdf: _Report, label: str, share: float, value: str, colour: tuple[int, int, int]) -> None:
    """A labelled horizontal bar on 0–100, with its value at the end."""
    pdf.keep(BAR_H + 3)
    y = pdf.get_y()
    pdf.style(8.5)
    pdf.set_xy(pdf.l_margin, y)
    pdf.multi_cell(LABEL_W, 3.6, label, align="L")
    below = pdf.get_y()
    x = pdf.l_margin + LABEL_W + 2
    width = pdf.width - LABEL_W - VALUE_W - 4
    pdf.set_fill_color(*TRACK)
    pdf.rect(x, y, width, BAR_H, style="F")
    pdf.set_fill_color(*colour)
    pdf.rect(x, y, width * max(0.0, min(100.0, share)) / 100, BAR_H, style="F")
    pdf.style(9, bold=True)
    pdf.set_xy(x + width + 2, y)
    pdf.cell(VALUE_W, BAR_H, value, align="R")
    pdf.set_y(max(below, y + BAR_H) + 1.5)


def _question(pdf: _Report, item: RoomQuestion, lang: str, min_group: int) -> None:
    pdf.keep(pdf.height_of(item.label, 9.5, pdf.width, bold=True) + 16)
    pdf.ln(1)
    pdf.para(item.label, 9.5, bold=True)
    if item.suppressed:
        pdf.para(plural("ws.pres.hidden", item.answered, lang, min=min_group), 8, colour=MUTED)
        return
    answered = plural("ws.pres.answered", item.answered, lang)
    if item.figure is not None and item.share is not None:
        figure = item.figure
        group = text("ws.pres.room_group", lang, group=item.group_answers)
        room = f"{text('ws.pres.room', lang)} ({group}, {answered})"
        _bar(pdf, room, item.share, item.share_text or "", ROOM)
        _bar(pdf, figure.population, figure.value, figure.value_text, FIGURE)
        source = f"{figure.organisation}, {figure.period_text} · {figure.label}"
        pdf.para(text("ws.slides.source", lang, source=source), 7, colour=MUTED)
        return
    pdf.para(f"{text('ws.pres.no_figure', lang)} ({answered})", 8, colour=MUTED)
    for option in item.options:
        _bar(pdf, option.label, option.share, option.share_text, FIGURE)
