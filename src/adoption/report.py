"""The executive report (PDF) of a benchmark, built locally with fpdf2: what the page says.

No network, no browser, no image export: the pillar chart is drawn with rectangles. The
text is set in DejaVu Sans, shipped inside the package (``adoption/fonts/``, with its
licence), never taken from the machine: French narrow no-break spaces, « œ », « ≈ », « → »,
curly quotes and dashes print the same on a laptop, a Mac, Windows or a bare container.
Text typed by a person (a workshop's title) may be in any script: :meth:`_Report.para`
with ``any_script`` shapes it (Arabic joined and right to left, through HarfBuzz) and
draws what DejaVu lacks with the bundled fallbacks, Droid Sans Fallback (Chinese,
Japanese, Korean) and Noto Emoji; a character none of them has is printed as
:data:`REPLACEMENT` and counted, so that the page can say so.

The page is set as a French document is: a narrow no-break space before ``: ; ? ! %``
(:func:`adoption.i18n.typeset`), never a break there; a short paragraph never breaks
across pages and a long one leaves at least two lines on each (no orphan, no widow); a
heading never ends a page.

Every figure printed comes from ``data/`` through :mod:`adoption.benchmark`, and carries
its source on the line below it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from adoption import palette
from adoption.benchmark import Answers, Comparison, NextStep, Profile, status
from adoption.dataset import Dataset
from adoption.i18n import format_date, quoted, typeset
from adoption.i18n import t as text
from adoption.i18n import tn as plural
from adoption.peers import PeerView, peer_lines
from adoption.progress import Progress, compare, dates_line
from adoption.questionnaire import PILLARS, Questionnaire
from adoption.standing import OfficialBlock, ReferenceGroup, Result, Stated, result
from adoption.urlstate import State

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")  # regular, bold
FONT_FAMILY = "DejaVu"
# Tried in this order for a character DejaVu Sans lacks, and loaded only then (Droid takes
# half a second): (file, family). Neither has a bold face: a bold title falls back to them.
FALLBACK_FONTS = (
    ("DroidSansFallback.ttf", "DroidFallback"),  # Chinese, Japanese, Korean
    ("NotoEmoji-Regular.ttf", "NotoEmoji"),  # emoji, in outline
)
REPLACEMENT = "\ufffd"  # what a character no bundled font can draw is printed as
# Characters a shaper draws as nothing: joiners, variation selectors (the emoji and text
# presentation selectors), direction marks, tags (subdivision flags). They need no glyph.
_INVISIBLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xE0000, 0xE0FFF),
)

INK = palette.rgb(palette.INK)
MUTED = palette.rgb(palette.MUTED)
RULE = palette.rgb(palette.BORDER)
MARGIN = 14.0
PAGE_BOTTOM = 297.0 - 10.0
LINE_FACTOR = 0.42  # line height in mm per point of font size
FOOTER_RULE = 2.0
HEADING_HEIGHT = 10.0
STEP_GAP = 1.5
WHOLE_LINES = 4  # a paragraph of up to this many lines never breaks across pages
AFTER_HEADING = 8.0  # mm of text a heading keeps below it on its page, at the least


class _Report(FPDF):
    """FPDF with the report's font handling and a few layout helpers."""

    def __init__(self, lang: str = "fr") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang_code = lang
        self._fallbacks: tuple[str, ...] = ()
        self._measured: dict[tuple[str, float, float, bool, float, bool], list[str]] = {}
        regular, bold = (FONT_DIR / name for name in FONT_FILES)
        self.add_font(FONT_FAMILY, "", regular)
        self.add_font(FONT_FAMILY, "B", bold)
        self.set_margins(MARGIN, 12, MARGIN)
        # Rows and steps move whole to the next page (see keep); a long paragraph may break.
        self.set_auto_page_break(True, margin=297.0 - PAGE_BOTTOM)
        self.alias_nb_pages()
        self.add_page()

    def footer(self) -> None:
        self.set_y(-8)
        self.style(6.5, colour=MUTED)
        label = text("report.page", self.lang_code, n=self.page_no(), total="{nb}")
        self.cell(self.width, 4, label, align="R")

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one (or it is new)."""
        if self.room() < height and not self.at_top():
            self.add_page()

    def at_top(self) -> bool:
        return self.get_y() <= self.t_margin + 0.01

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def style(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    def any_script(self, value: str, *, bold: bool = False) -> tuple[str, int]:
        """``value`` ready to print whatever its script (in bold with ``bold``): the
        fallback fonts it needs are loaded, and each character that no bundled font can draw
        is replaced by :data:`REPLACEMENT`. Returns the text and how many were replaced."""
        if not self._missing(value, bold):
            return value, 0
        # The smaller font first: an emoji title never waits for Droid to load.
        for name, family in sorted(FALLBACK_FONTS, key=lambda f: (FONT_DIR / f[0]).stat().st_size):
            if not self._missing(value, bold):
                break
            if family not in self._fallbacks:
                self.add_font(family, "", FONT_DIR / name)
                self._fallbacks = tuple(
                    f for _, f in FALLBACK_FONTS if f in {*self._fallbacks, family}
                )
                # A bold title falls back to these regular faces rather than to nothing.
                self.set_fallback_fonts(self._fallbacks, exact_match=False)
                self._measured.clear()  # widths measured before may change
        missing = self._missing(value, bold)
        replaced = sum(c in missing for c in value)
        return "".join(REPLACEMENT if c in missing else c for c in value), replaced

    def _missing(self, value: str, bold: bool) -> set[str]:
        """The characters of ``value`` that neither the face in use nor a loaded fallback
        font can draw (fpdf2 would leave them out without a word)."""
        keys = {FONT_FAMILY.lower() + ("B" if bold else ""), *(f.lower() for f in self._fallbacks)}
        maps = [getattr(self.fonts[key], "cmap", {}) for key in keys if key in self.fonts]
        return {c for c in set(value) if not _invisible(c) and not any(ord(c) in m for m in maps)}

    @contextmanager
    def _shaping(self, on: bool) -> Iterator[None]:
        """Text shaping (HarfBuzz) for the duration: joins Arabic, sets right-to-left runs
        right to left, draws emoji sequences. Only typed text needs it: it is slower."""
        if not on:
            yield
            return
        self.set_text_shaping(True)
        try:
            yield
        finally:
            self.set_text_shaping(False)

    def para(
        self,
        value: str,
        size: float,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        x: float | None = None,
        w: float | None = None,
        line: float | None = None,
        any_script: bool = False,
    ) -> None:
        """A paragraph, set the language's way: never broken across pages when it has up
        to :data:`WHOLE_LINES` lines, else with at least two lines on each page.
        ``any_script``: typed text, shaped (see :meth:`any_script`, called beforehand)."""
        width = w if w is not None else self.width
        step = line if line is not None else size * LINE_FACTOR
        value = typeset(value, self.lang_code)
        lines = self._lines(value, size, width, bold=bold, step=step, shaped=any_script)
        fits = int((self.room() + 0.01) // step)
        if len(lines) > fits:
            if self.at_top():
                pass  # taller than a page: fpdf2 breaks it where it must
            elif len(lines) <= WHOLE_LINES or fits < 2:
                self.add_page()
            else:
                # No widow: the part carried over keeps two lines at least.
                first = min(fits, len(lines) - 2)
                self._write(
                    "\n".join(lines[:first]), size, bold, colour, x, width, step, any_script
                )
                self.add_page()
                value = "\n".join(lines[first:])
        self._write(value, size, bold, colour, x, width, step, any_script)

    def _write(
        self,
        value: str,
        size: float,
        bold: bool,
        colour: tuple[int, int, int],
        x: float | None,
        w: float,
        step: float,
        shaped: bool,
    ) -> None:
        self.style(size, bold, colour)
        if x is not None:
            self.set_x(x)
        with self._shaping(shaped):
            self.multi_cell(w, step, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _lines(
        self, value: str, size: float, w: float, *, bold: bool, step: float, shaped: bool
    ) -> list[str]:
        """The lines ``value`` (already typeset) takes at ``size`` in a ``w`` mm column.

        Remembered: a block is measured to keep it on one page, then drawn (fpdf2 measures
        text one character at a time)."""
        key = (value, size, w, bold, step, shaped)
        known = self._measured.get(key)
        if known is not None:
            return known
        self.style(size, bold)
        with self._shaping(shaped):
            lines = self.multi_cell(w, step, value, dry_run=True, output="LINES")
        # fpdf annotates one return type for every `output` mode; "LINES" gives the list.
        if not isinstance(lines, list):
            raise TypeError(f"multi_cell(output='LINES') gave a {type(lines).__name__}")
        self._measured[key] = [str(line) for line in lines]
        return self._measured[key]

    def height_of(
        self, value: str, size: float, w: float, *, bold: bool = False, any_script: bool = False
    ) -> float:
        step = size * LINE_FACTOR
        lines = self._lines(
            typeset(value, self.lang_code), size, w, bold=bold, step=step, shaped=any_script
        )
        return len(lines) * step

    def heading(self, value: str, size: float = 11, *, then: float = AFTER_HEADING) -> None:
        """A heading and its rule, on the page where ``then`` mm of what follows fit too."""
        self.keep(HEADING_HEIGHT + then)
        self.ln(2.5)
        self.style(size, bold=True)
        self.cell(
            self.width, 6, typeset(value, self.lang_code), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)

    def room(self) -> float:
        return PAGE_BOTTOM - self.get_y()


def _invisible(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _INVISIBLE)


def build_pdf(
    dataset: Dataset,
    questionnaire: Questionnaire,
    answers: Answers,
    profile: Profile,
    lang: str,
    share_url: str | None,
    *,
    earlier: State | None = None,
    answered_on: date | None = None,
    earlier_on: date | None = None,
    printed_on: date | None = None,
    view: Result | None = None,
    pillars: Sequence[str] = PILLARS,
    peers: PeerView | None = None,
) -> bytes:
    """The A4 report in ``lang`` (``fr`` or ``en``), as PDF bytes.

    It says what the result page says, in the same order (:func:`adoption.standing.result`):
    the date of the answers (``answered_on``, today by default), the score, the stage and
    what the next one takes, the progress since ``earlier`` (answered on ``earlier_on``)
    when given, the firm's own population, the firms like it who answered here (``peers``,
    as the page computed them: left out when the page could not read them), the next
    steps, the method and the link that reopens the result, then, in smaller type, the
    references to other populations. A row or a step never breaks across pages; a heading
    never ends a page.

    ``view``: the result already computed in ``lang`` for these answers (a workshop
    participant's, on the session's questions); ``pillars``: the pillars to draw (a session
    that asked only some draws only those; one that asked none that score has no score).
    """
    lang = "en" if lang == "en" else "fr"
    printed_on = printed_on or date.today()
    answered_on = answered_on or printed_on
    view = view or result(dataset, questionnaire, answers, profile, lang)
    clean_profile = profile.cleaned(questionnaire)

    pdf = _Report(lang)
    pdf.set_title(text("report.title", lang))
    pdf.set_lang(lang)
    pdf.set_creator("SME AI Adoption Benchmark")

    _header(pdf, questionnaire, clean_profile, view, lang, answered_on, printed_on)
    if pillars:
        _score_block(pdf, view, lang, pillars)
    else:  # a workshop that asked only opinions: there is nothing to score
        pdf.ln(3)
        pdf.para(text("bench.score.none", lang), 9.5, bold=True)
    if earlier is not None and earlier.answers:
        current = State(questionnaire.valid_answers(answers), clean_profile)
        progress = compare(questionnaire, earlier, current, lang)
        _progress(pdf, questionnaire, progress, lang, earlier_on, answered_on)
    _own_population(pdf, view, lang)
    if peers is not None:
        _peers(pdf, questionnaire, peers, lang)
    _steps(pdf, view.steps, lang)
    # The method and the link close the report proper; the references follow as an annex.
    _footer(pdf, share_url, lang)
    _references(pdf, view.references, lang)
    return bytes(pdf.output())


def _header(
    pdf: _Report,
    questionnaire: Questionnaire,
    profile: Profile,
    view: Result,
    lang: str,
    answered_on: date,
    printed_on: date,
) -> None:
    pdf.style(18, bold=True)
    pdf.cell(pdf.width, 9, text("report.title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.para(text("report.subtitle", lang, date=format_date(printed_on, lang)), 9, colour=MUTED)
    unknown = text("bench.profile.unknown", lang)
    labels = {}
    for field in ("size", "sector", "country"):
        code = getattr(profile, field)
        options = {c.code: c.label(lang) for c in questionnaire.profile_options(field)}
        labels[field] = options.get(code, unknown) if code else unknown
    line = " · ".join(
        text("report.profile_item", lang, field=text(f"bench.profile.{field}", lang), value=value)
        for field, value in labels.items()
    )
    pdf.ln(1)
    pdf.para(line, 9.5, bold=True)
    answered, total = view.score.answered, view.score.total
    dated = text("benchpage.dated", lang, date=format_date(answered_on, lang))
    answers = plural("bench.score.answered", answered, lang, total=total)
    pdf.para(f"{dated} · {answers}", 8.5, colour=MUTED)


def _score_block(pdf: _Report, view: Result, lang: str, shown: Sequence[str]) -> None:
    overall, stage, pillars = view.score.overall, view.score.stage, view.score.pillars
    pdf.ln(3)
    top = pdf.get_y()
    box_w, box_h = 52.0, 37.0
    pdf.set_fill_color(*palette.rgb(palette.PANEL))
    pdf.rect(pdf.l_margin, top, box_w, box_h, style="F")
    pdf.set_xy(pdf.l_margin + 3, top + 3)
    pdf.style(8.5, colour=MUTED)
    pdf.cell(box_w - 6, 4, text("bench.score.overall", lang))
    pdf.set_xy(pdf.l_margin + 3, top + 8)
    pdf.style(26, bold=True, colour=palette.rgb(palette.FIRM))
    pdf.cell(box_w - 6, 12, text("bench.score.out_of", lang, score=overall))
    pdf.set_xy(pdf.l_margin + 3, top + 21)
    pdf.style(10.5, bold=True)
    pdf.cell(box_w - 6, 5, text(f"bench.stage.{stage}", lang))
    pdf.set_xy(pdf.l_margin + 3, top + 27)
    pdf.para(
        text(f"bench.stage_help.{stage}", lang), 7.5, colour=MUTED, x=pdf.l_margin + 3, w=box_w - 6
    )

    # Pillar bars: label column, a 0–100 track, the value at the end of the bar.
    left = pdf.l_margin + box_w + 8
    label_w = 30.0
    track_x = left + label_w
    track_w = pdf.w - pdf.r_margin - track_x - 10
    pdf.set_xy(left, top)
    pdf.style(9.5, bold=True)
    pdf.cell(0, 5, text("report.pillars", lang))
    row_h = 6.4
    y = top + 7
    for pillar in shown:
        value = pillars[pillar]
        pdf.set_xy(left, y)
        pdf.style(8.5)
        pdf.cell(label_w, 4.5, text(f"bench.pillar.{pillar}", lang))
        pdf.set_fill_color(*palette.rgb(palette.TRACK))
        pdf.rect(track_x, y + 0.5, track_w, 3.6, style="F")
        if value:
            pdf.set_fill_color(*palette.rgb(palette.FIRM))
            pdf.rect(track_x, y + 0.5, track_w * value / 100, 3.6, style="F")
        pdf.set_xy(track_x + track_w + 1.5, y)
        pdf.style(8.5, bold=True)
        pdf.cell(9, 4.5, text("bench.pillar.not_applicable", lang) if value is None else str(value))
        y += row_h
    # Stage thresholds as ticks under the tracks, so the bars read against the stages.
    pdf.set_draw_color(*MUTED)
    pdf.style(6.5, colour=MUTED)
    for mark in (0, 25, 50, 75, 100):
        x = track_x + track_w * mark / 100
        pdf.line(x, y - 0.5, x, y + 0.8)
        pdf.set_xy(x - 4, y + 0.8)
        pdf.cell(8, 3, str(mark), align="C")
    pdf.set_y(max(top + box_h, y + 4))
    if view.next_stage:
        pdf.para(view.next_stage, 8.5, bold=True)
    pdf.para(text("bench.caption.pillars", lang), 7, colour=MUTED)


@dataclass(frozen=True)
class _RowStyle:
    """The look of a comparison row: the firm's own figures large, references small."""

    marker_w: float
    marker_h: float
    value_size: float
    body_size: float
    note_size: float
    body_colour: tuple[int, int, int]


OWN = _RowStyle(20, 8, 11, 8.5, 7, INK)
REFERENCE = _RowStyle(13, 5, 7, 7, 6.5, MUTED)


def _marker(pdf: _Report, comparison: Comparison, x: float, y: float, look: _RowStyle) -> None:
    # A reference is marked as one, even another measure of a population holding the firm.
    state = "reference" if look is REFERENCE else status(comparison)
    # White on the blue of "in the group" (5.1:1); dark ink on the lighter colours.
    ink = palette.rgb(palette.WHITE) if state == "in" else INK
    pdf.set_fill_color(*palette.rgb(palette.STATUS[state]))
    pdf.rect(x, y, look.marker_w, look.marker_h, style="F")
    pdf.set_xy(x, y + (look.marker_h - look.value_size * 0.5) / 2)
    pdf.style(look.value_size, bold=True, colour=ink)
    pdf.cell(
        look.marker_w,
        look.value_size * 0.5,
        typeset(comparison.value_text, pdf.lang_code),
        align="C",
    )


def _source_line(comparison: Comparison, lang: str) -> str:
    source = comparison.organisation
    if comparison.source_title and comparison.source_title not in source:
        source = f"{source}, {quoted(comparison.source_title, lang)}"
    return text(
        "report.source_line",
        lang,
        basis=comparison.reason_text,
        source=source,
        period=comparison.period_text,
        grade=text(f"grade.{comparison.grade}", lang),
    )


def _row_parts(item: Stated, lang: str, look: _RowStyle) -> list[tuple[str, float, bool]]:
    """(text, size, bold) of a row's lines: the sentence, its series, its source (a
    reference's source follows its sentence, in the same small type)."""
    source = _source_line(item.comparison, lang)
    if look is REFERENCE:
        parts = [(f"{item.comparison.sentence} {source}", look.body_size, False)]
        if item.context:
            parts.append((item.context, look.note_size, True))
        return parts
    parts = [(item.comparison.sentence, look.body_size, False)]
    if item.context:
        parts.append((item.context, look.note_size + 0.5, True))
    parts.append((source, look.note_size, False))
    return parts


def _comparison_row(pdf: _Report, item: Stated, lang: str, look: _RowStyle = OWN) -> None:
    top = pdf.get_y()
    x = pdf.l_margin + look.marker_w + 4
    w = pdf.width - look.marker_w - 4
    _marker(pdf, item.comparison, pdf.l_margin, top, look)
    pdf.set_xy(x, top)
    for index, (value, size, bold) in enumerate(_row_parts(item, lang, look)):
        colour = look.body_colour if index == 0 else MUTED
        pdf.para(value, size, bold=bold, colour=colour, x=x, w=w)
    pdf.set_y(max(pdf.get_y(), top + look.marker_h) + (1.8 if look is OWN else 1.0))


def _row_height(pdf: _Report, item: Stated, lang: str, look: _RowStyle = OWN) -> float:
    w = pdf.width - look.marker_w - 4
    body = sum(
        pdf.height_of(value, size, w, bold=bold)
        for value, size, bold in _row_parts(item, lang, look)
    )
    return max(body, look.marker_h) + (1.8 if look is OWN else 1.0)


def _rows(
    pdf: _Report, title: str | None, rows: Sequence[Stated], lang: str, look: _RowStyle = OWN
) -> None:
    """A sub-heading (kept with the first row) and its rows, none cut across pages."""
    if not rows:
        return
    if title:
        pdf.keep(6 + _row_height(pdf, rows[0], lang, look))
        pdf.para(title, look.body_size + 0.5, bold=True)
        pdf.ln(0.8)
    for row in rows:
        pdf.keep(_row_height(pdf, row, lang, look))
        _comparison_row(pdf, row, lang, look)


def _notes(pdf: _Report, lines: Sequence[str], size: float = 7.5) -> None:
    for line in lines:
        pdf.keep(pdf.height_of(line, size, pdf.width))
        pdf.para(line, size, colour=MUTED)


def _own_population(pdf: _Report, view: Result, lang: str) -> None:
    """The firm's own population: the page's "Where your firm stands", in its order."""
    first = view.own_population()
    opening = _row_height(pdf, first[0], lang) if first else 8.0
    pdf.keep(HEADING_HEIGHT + opening + 8)
    pdf.heading(text("benchpage.own_title", lang))
    _notes(pdf, view.notes)
    for block in view.official:
        _official(pdf, block, lang)
    _rows(pdf, text("benchpage.own_other", lang) if view.official else None, view.own, lang)
    if not view.own and not any(b.lead for b in view.official):
        _notes(pdf, [text("benchpage.own_none", lang)], 8.5)


def _peers(pdf: _Report, questionnaire: Questionnaire, view: PeerView, lang: str) -> None:
    """Firms like this one who answered here: the page's block, said as a self-selected
    group before any figure."""
    lines = peer_lines(view, questionnaire, lang)
    pdf.keep(HEADING_HEIGHT + 24)
    pdf.heading(lines.title)
    _notes(pdf, [lines.caveat], 8)
    if lines.waiting is not None:
        _notes(pdf, [lines.waiting], 8.5)
    if lines.group is not None:
        pdf.keep(pdf.height_of(lines.group, 9, pdf.width, bold=True))
        pdf.para(lines.group, 9, bold=True)
    if lines.fallback is not None:
        _notes(pdf, [lines.fallback])
    for line in lines.standings:
        item = f"• {line}"
        pdf.keep(pdf.height_of(item, 8.5, pdf.width))
        pdf.para(item, 8.5)
    if lines.shares:
        pdf.ln(1)
        pdf.para(text("peers.shares_title", lang), 8.5, bold=True)
        for line in lines.shares:
            item = f"• {line}"
            pdf.keep(pdf.height_of(item, 7.5, pdf.width))
            pdf.para(item, 7.5)
    _notes(pdf, [lines.method], 7)


def _official(pdf: _Report, block: OfficialBlock, lang: str) -> None:
    _notes(pdf, block.gaps)
    if block.lead is not None:
        _rows(pdf, None, [block.lead], lang)
    _rows(pdf, text("benchpage.frame_title", lang), [Stated(c) for c in block.frame], lang)
    _rows(pdf, text("benchpage.nearest_title", lang), [Stated(c) for c in block.nearest], lang)


def _references(pdf: _Report, groups: Sequence[ReferenceGroup], lang: str) -> None:
    """The other populations, after the next steps and in smaller type, grouped by why."""
    if not groups:
        return
    first = groups[0].items[0]
    pdf.keep(HEADING_HEIGHT + 6 + _row_height(pdf, first, lang, REFERENCE))
    count = sum(len(group.items) for group in groups)
    pdf.heading(text("benchpage.references", lang, n=count), size=9.5)
    for group in groups:
        _rows(pdf, group.title, group.items, lang, REFERENCE)


def _progress(
    pdf: _Report,
    questionnaire: Questionnaire,
    progress: Progress,
    lang: str,
    before: date | None,
    after: date,
) -> None:
    pdf.heading(text("bench.progress.report_title", lang))
    pdf.para(dates_line(before, after, lang), 8.5, colour=MUTED)
    overall = text(
        "bench.progress.overall",
        lang,
        before=progress.before.overall,
        after=progress.after.overall,
        delta=f"{progress.overall_delta:+d}",
    )
    pdf.para(overall, 9.5, bold=True)
    na = text("bench.pillar.not_applicable", lang)
    pillars = " · ".join(
        text(
            "bench.progress.pillar",
            lang,
            pillar=text(f"bench.pillar.{change.pillar}", lang),
            before=na if change.before is None else change.before,
            after=na if change.after is None else change.after,
        )
        for change in progress.pillars
    )
    pdf.para(pillars, 8.5)
    for change in progress.answers:
        line = "• " + change.sentence(questionnaire.question(change.question_id), lang)
        pdf.keep(pdf.height_of(line, 8, pdf.width))
        pdf.para(line, 8)
    if not progress.answers:
        pdf.para(text("bench.progress.no_change", lang), 8, colour=MUTED)


def _source_of(step: NextStep, lang: str) -> str:
    return text("report.step_source", lang, source=step.source_title)


def _step_title(step: NextStep, number: int, lang: str) -> str:
    return f"{number}. {step.practice} ({text(f'bench.pillar.{step.pillar}', lang)})"


def _step_height(pdf: _Report, step: NextStep, number: int, lang: str) -> float:
    inner = pdf.width - 4
    return (
        pdf.height_of(_step_title(step, number, lang), 9, pdf.width, bold=True)
        + pdf.height_of(step.text, 8.5, inner)
        + pdf.height_of(_source_of(step, lang), 7, inner)
        + STEP_GAP
    )


def _steps(pdf: _Report, steps: Sequence[NextStep], lang: str) -> None:
    if not steps:
        return
    pdf.keep(HEADING_HEIGHT + _step_height(pdf, steps[0], 1, lang))
    pdf.heading(text("bench.next_steps.title", lang))
    for number, step in enumerate(steps, start=1):
        pdf.keep(_step_height(pdf, step, number, lang))
        pdf.para(_step_title(step, number, lang), 9, bold=True)
        pdf.para(step.text, 8.5, x=pdf.l_margin + 4, w=pdf.width - 4)
        pdf.para(_source_of(step, lang), 7, colour=MUTED, x=pdf.l_margin + 4, w=pdf.width - 4)
        pdf.ln(STEP_GAP)


def _footer_parts(share_url: str | None, lang: str) -> list[tuple[str, float, str | None]]:
    """(text, font size, link) of the closing lines, most important first."""
    parts: list[tuple[str, float, str | None]] = []
    if share_url:
        parts.append((text("report.share", lang, url=share_url), 7.5, share_url))
    method = f"{text('report.method', lang)} — {text('report.method_short', lang)}"
    parts.append((method, 6.8, None))
    parts.append((text("report.footer", lang), 6.5, None))
    return parts


def _footer_height(pdf: _Report, share_url: str | None, lang: str) -> float:
    return FOOTER_RULE + sum(
        pdf.height_of(value, size, pdf.width) for value, size, _ in _footer_parts(share_url, lang)
    )


def _footer(pdf: _Report, share_url: str | None, lang: str) -> None:
    pdf.keep(_footer_height(pdf, share_url, lang))
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
    pdf.ln(FOOTER_RULE)
    parts = _footer_parts(share_url, lang)
    order = [parts[1], parts[0], parts[2]] if share_url else parts  # method, link, footer
    for value, size, link in order:
        if link is None:
            pdf.para(value, size, colour=MUTED)
            continue
        pdf.style(size, colour=palette.rgb(palette.FIRM))
        pdf.multi_cell(
            pdf.width,
            size * LINE_FACTOR,
            typeset(value, lang),
            link=link,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
