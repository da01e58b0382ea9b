"""The projector's slides as HTML: join, one question, closing; sized for a room.

Slides are drawn for a 1920×1080 screen read from the back of a room: there every text is
at least :data:`MIN_TEXT_PX` (32 px: the qualifiers, sources, counts' words) and every
number at least :data:`NUMBER_PX` (the browser test measures them). Every length is written
in design pixels (:func:`u`) that follow the screen, as a slide deck does: a 1280×720
projector shows the same slide at two thirds of the size, which fills the same share of the
wall, and a 4:3 screen shows it at full width, centred between two bands. Below half size
(a phone opening the presenter link) the slide stops shrinking, so its text stays readable
there, and it scrolls. A question slide fills the 16:9 area: the room, then the published
figure, then the source, spread over the whole height.

Nothing on a slide is a control: the facilitator's own page, the keys and a presentation
clicker move the deck (:mod:`adoption_ui.projector`). User text (the session title) and data
text are escaped here; ``st.html`` sanitises too.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from itertools import groupby

from adoption import palette
from adoption.i18n import fmt_number, round_half_up, t, tn
from adoption.peers import RoomAmongPeers, room_lines
from adoption.workshop import PublishedFigure, RoomPillars, RoomQuestion

MIN_TEXT_PX = 32  # the smallest text on a slide: qualifiers, sources, notes
NOTE_PX = MIN_TEXT_PX
NAME_PX = 40  # a bar's name: "This room", the figure's population
TITLE_PX = 56  # the question
NUMBER_PX = 120  # the room's numbers
QR_PX = 460  # the join slide's QR code
RESULT_QR_PX = 400  # the closing slide's QR code
PAD_Y, PAD_X = 40, 64  # the slide's margins
SLIDE_H = 1080 - 2 * PAD_Y  # the slide's height inside its margins
BAR_PX = 100  # a bar's thickness on a question slide
VALUE_PX = 460  # the slot of a bar's value: "16,93 %" at NUMBER_PX


def u(design_px: float) -> str:
    """A length of ``design_px`` pixels on the 1920×1080 design, scaled to the screen."""
    return f"calc({design_px:g} * var(--u))"


# The projector is the session and nothing else. Streamlit's own options do the hiding: the
# presenter link opens the page in Streamlit's embed mode (``embed=true``, see
# :func:`adoption.workshop.presenter_link`: no top bar, main menu or "running" indicator),
# and ``st.navigation(position="hidden")`` in app.py leaves out the app's navigation. The
# styles below touch only the page's own keyed containers. The slide (:data:`DECK_KEY`)
# covers the screen and centres the 16:9 design in it, with margins in design pixels, as a
# deck does (Streamlit's page margins do not follow the screen's size). Its QR codes are
# drawn in HTML (:func:`qr_code`) at the slide's scale, and a notice on it is slide text
# too (:func:`notice`), not a Streamlit alert in page-sized type. The deck
# never scrolls on a projector (a scrolling box is one more thing a click could focus and
# frame); on a phone, where the slide stops shrinking, it lies in the page, which scrolls.
DECK_KEY = "ws_pres_deck"
PROJECTOR_CSS = f"""
<style>
:root {{ --u: max(0.5px, min(calc(100vh / 1080), calc(100vw / 1920))); }}
.st-key-{DECK_KEY} {{
  position: fixed; inset: 0; overflow: hidden; padding: {u(PAD_Y)} {u(PAD_X)};
  background: {palette.WHITE}; justify-content: center; }}
@media (max-width: 959px), (max-height: 539px) {{
  .st-key-{DECK_KEY} {{
    position: static; overflow: visible; justify-content: flex-start; padding: {u(16)}; }}
}}
</style>
"""


def qr_code(modules: Sequence[Sequence[bool]], label: str, px: int) -> str:
    """A QR code ``px`` design pixels wide, drawn in HTML: one row of modules per line, its
    dark and light runs as the hard stops of one gradient (a few dozen elements, not one per
    module). ``label`` is its text alternative."""
    size = len(modules)
    rows = []
    for row in modules:
        stops, start = [], 0
        for dark, run in groupby(row):
            end = start + len(list(run))
            colour = palette.INK if dark else palette.WHITE
            stops.append(f"{colour} {100 * start / size:.4f}% {100 * end / size:.4f}%")
            start = end
        rows.append(
            f"<div style='height:{u(px / size)};"
            f"background:linear-gradient(to right,{','.join(stops)})'></div>"
        )
    return (
        f"<div role='img' aria-label='{html.escape(label)}' style='width:{u(px)};"
        f"margin:0 auto;line-height:0'>{''.join(rows)}</div>"
    )


def notice(value: str) -> str:
    """A problem the room should see (the database not answering), in slide type."""
    return (
        f"<div role='status' style='border:{u(3)} solid {palette.ORANGE};"
        f"border-radius:{u(12)};padding:{u(16)} {u(28)};font-size:{u(NOTE_PX + 4)};"
        f"color:{palette.INK};line-height:1.25'>⚠ {html.escape(value)}</div>"
    )


def _text(value: str, px: int, *, weight: int = 600, colour: str = palette.INK) -> str:
    return (
        f"<div style='font-size:{u(px)};font-weight:{weight};color:{colour};line-height:1.2'>"
        f"{html.escape(value)}</div>"
    )


def _note(value: str, *, extra: str = "") -> str:
    """A qualifier: muted, :data:`NOTE_PX`."""
    return (
        f"<div style='font-size:{u(NOTE_PX)};font-weight:400;color:{palette.MUTED};"
        f"line-height:1.25;{extra}'>{html.escape(value)}</div>"
    )


_MARK = "\x00"


def _counted(key: str, count: int, lang: str, *, px: int = NUMBER_PX + 24) -> str:
    """A plural sentence ("{n} answers") with its number in big type above the words."""
    before, _, after = tn(key, count, lang, n=_MARK).partition(_MARK)
    return _number(fmt_number(count, lang, 0), f"{before}{after}".strip(), px=px)


def _number(value: str, label: str, *, px: int = NUMBER_PX + 24) -> str:
    return (
        "<div style='text-align:center'>"
        f"<div style='font-size:{u(px)};font-weight:800;color:{palette.INK};"
        f"line-height:1'>{html.escape(value)}</div>"
        f"{_text(label, NOTE_PX + 4, colour=palette.MUTED)}</div>"
    )


def _head(name: str, note: str) -> str:
    """A bar's name in bold and its qualifier beside it, wrapping under it if long."""
    note_html = (
        f"<span style='font-size:{u(NOTE_PX)};font-weight:400;color:{palette.MUTED}'>"
        f"{html.escape(note)}</span>"
        if note
        else ""
    )
    return (
        f"<div style='display:flex;flex-wrap:wrap;column-gap:{u(20)};align-items:baseline;"
        f"line-height:1.2'><span style='font-size:{u(NAME_PX)};font-weight:700;"
        f"color:{palette.INK}'>{html.escape(name)}</span>{note_html}</div>"
    )


def _track(
    inner: str, value: str, *, thick: int = BAR_PX, dashed: bool = False, slot: int = VALUE_PX
) -> str:
    """A bar's track (``inner``: its fill, or a message) with the value at its end, in a
    slot of fixed width (``slot`` design pixels): the tracks of one slide are all the same
    length, so their bars compare."""
    border = f"border:{u(3)} dashed {palette.BORDER};" if dashed else ""
    return (
        f"<div style='display:flex;align-items:center;gap:{u(32)};margin-top:{u(10)}'>"
        f"<div style='flex:1 1 0;min-width:0;"
        f"background:{palette.WHITE if dashed else palette.TRACK};"
        f"{border}min-height:{u(thick)};border-radius:{u(12)};display:flex;"
        f"align-items:center;box-sizing:border-box'>{inner}</div>"
        f"<div style='flex:0 0 {u(slot)};display:flex;justify-content:flex-end'>{value}</div>"
        "</div>"
    )


def _fill(share: float, colour: str, thick: int) -> str:
    width = max(0.0, min(100.0, share))
    return (
        f"<div style='align-self:stretch;width:{width:.1f}%;background:{colour};"
        f"min-height:{u(thick)};border-radius:{u(12)}'></div>"
    )


def _big(value: str, px: int = NUMBER_PX) -> str:
    return (
        f"<div style='font-size:{u(px)};font-weight:800;color:{palette.INK};line-height:1;"
        f"white-space:nowrap'>{html.escape(value)}</div>"
    )


def _bar(
    name: str,
    note: str,
    share: float,
    value_text: str,
    colour: str,
    *,
    thick: int = BAR_PX,
    sub: str = "",
) -> str:
    """One big bar: its name and qualifier above (then ``sub``, a second qualifier line),
    the bar (``thick`` design pixels), the value at its end."""
    sub_html = _note(sub) if sub else ""
    number = _big(value_text, NUMBER_PX if thick >= BAR_PX else NUMBER_PX - 24)
    bar = _track(_fill(share, colour, thick), number, thick=thick)
    return f"<div>{_head(name, note)}{sub_html}{bar}</div>"


def join_slide(title: str, address: str, code: str, lang: str, *, scan_only: bool = False) -> str:
    """The first slide's text: how to join (address and code); the page puts the QR code
    beside it (the HTML sanitiser drops inline SVG and data images) and the count below.

    ``scan_only``: a session with a cap, whose seats are for phones that scan the code on
    the screen (a typed code is refused there): the slide says to scan, and nothing else.
    """
    mono = "font-family:ui-monospace,Menlo,Consolas,monospace"
    if scan_only:
        return (
            f"{_text(title, TITLE_PX, weight=800)}"
            f"<div style='height:{u(40)}'></div>"
            f"{_text(t('ws.slides.scan_only', lang), NAME_PX + 12, weight=600)}"
        )
    return (
        f"{_text(title, TITLE_PX, weight=800)}"
        f"<div style='height:{u(40)}'></div>"
        f"{_text(t('ws.slides.open', lang), NAME_PX, colour=palette.MUTED)}"
        f"<div style='{mono};font-size:{u(72)};font-weight:700;color:{palette.INK};"
        f"overflow-wrap:anywhere;line-height:1.15'>{html.escape(address)}</div>"
        f"<div style='height:{u(32)}'></div>"
        f"{_text(t('ws.slides.then_code', lang), NAME_PX, colour=palette.MUTED)}"
        # On a phone the code keeps to the screen's width (the slide no longer shrinks).
        f"<div style='{mono};font-size:min({u(140)},14vw);font-weight:800;letter-spacing:0.1em;"
        f"color:{palette.INK};line-height:1.05;white-space:nowrap'>{html.escape(code)}</div>"
    )


def scan_caption(lang: str) -> str:
    return _centred(t("ws.slides.or_scan", lang), weight=600)


def join_count(count: int, notes: Sequence[str], lang: str) -> str:
    """How many answered, in large type, and what the room turned away."""
    lines = "".join(_note(n, extra="text-align:center") for n in notes)
    return _counted("ws.slides.people", count, lang) + lines


def _centred(value: str, *, weight: int = 400) -> str:
    inner = _text(value, NAME_PX, weight=weight, colour=palette.MUTED)
    return f"<div style='text-align:center'>{inner}</div>"


def question_slide(
    item: RoomQuestion,
    position: int,
    total: int,
    revealed: bool,
    min_group: int,
    lang: str,
    *,
    room: str = "",
    relation: str = "",
) -> str:
    """One question, filling the 16:9 area: the room's answer (once revealed, and only
    from ``min_group`` answers), the published figure for the room's population (always),
    the source. ``room`` says who the room is, ``relation`` how the figure's population
    stands to it (see :func:`adoption.workshop.describe_room` and
    :func:`adoption.workshop.figure_relation`).
    """
    head = (
        _note(t("ws.slides.position", lang, i=position, total=total))
        + f"<div style='margin-top:{u(6)}'>{_text(item.label, TITLE_PX, weight=800)}</div>"
    )
    parts = [f"<div>{head}</div>", _room_part(item, revealed, min_group, lang, room)]
    if item.figure is not None:
        parts.append(_figure_part(item.figure, relation))
        source = f"{item.figure.organisation}, {item.figure.period_text} · {item.figure.label}"
        parts.append(
            _note(
                t("ws.slides.source", lang, source=source),
                extra="white-space:nowrap;overflow:hidden;text-overflow:ellipsis",
            )
        )
    else:
        parts.append("<div></div>")  # keeps the room's answers mid-slide
    return (
        f"<div style='height:{u(SLIDE_H)};display:flex;flex-direction:column;"
        f"justify-content:space-between;gap:{u(16)}'>{''.join(parts)}</div>"
    )


def _room_part(item: RoomQuestion, revealed: bool, min_group: int, lang: str, room: str) -> str:
    """The room: its count and a message while hidden or too few, its share once revealed;
    for a question without a published figure, the spread of its answers."""
    answered = tn("ws.pres.answered", item.answered, lang)
    name = t("ws.pres.room", lang)
    # Who the room is matters beside a figure; without one, say there is none.
    room = room if item.figure is not None else t("ws.pres.no_figure", lang)
    if item.suppressed or not revealed:
        if item.suppressed:
            missing = max(1, min_group - item.answered, item.admitted_missing)
            message = tn("ws.slides.too_few", missing, lang)
        else:
            message = t("ws.slides.hidden", lang)
        inner = (
            f"<div style='padding:{u(12)} {u(28)};font-size:{u(NOTE_PX + 4)};"
            f"color:{palette.MUTED};line-height:1.2'>{html.escape(message)}</div>"
        )
        count = _counted("ws.slides.answers_word", item.answered, lang, px=NUMBER_PX)
        body = _track(inner, count, dashed=True)
        return f"<div>{_head(name, '')}{_note(room) if room else ''}{body}</div>"
    if item.figure is not None and item.share is not None:
        group = t("ws.pres.room_group", lang, group=item.group_answers)
        return _bar(
            name,
            f"{group} · {answered}",
            item.share,
            item.share_text or "",
            palette.ROOM,
            sub=room,
        )
    rows = "".join(
        _bar(option.label, "", option.share, option.share_text, palette.ROOM, thick=56)
        for option in item.options
    )
    return (
        f"<div>{_head(name, answered)}{_note(room) if room else ''}"
        f"<div style='display:flex;flex-direction:column;gap:{u(8)};margin-top:{u(16)}'>"
        f"{rows}</div></div>"
    )


def _figure_part(figure: PublishedFigure, relation: str) -> str:
    """The published figure, always shown: its population, how it stands to the room
    (the room's own population, or a reference and why), the bar and the value. A
    reference is drawn in the reference colour, the room's own population in the figure's."""
    colour = palette.FIGURE if figure.member else palette.REFERENCE
    return _bar(figure.population, "", figure.value, figure.value_text, colour, sub=relation)


def closing_slide(
    title: str,
    pillars: RoomPillars,
    min_group: int,
    lang: str,
    peers: RoomAmongPeers | None = None,
) -> str:
    """The last slide's left part: the room's average score per pillar, and overall; then,
    when the pool allows it (``peers``), the room's median among everyone who answered
    here."""
    head = _note(title) + _text(t("ws.slides.closing", lang), TITLE_PX, weight=800)
    if pillars.suppressed or pillars.overall is None:
        missing = max(1, min_group - pillars.respondents, pillars.admitted_missing)
        message = _text(
            tn("ws.slides.too_few", missing, lang), NAME_PX, weight=400, colour=palette.MUTED
        )
        return f"{head}<div style='margin-top:{u(48)}'>{message}</div>"
    # With the pool's lines below, the pillars' bars are slimmer so that all of it fits.
    thick, number, gap = (40, 72, 8) if peers is not None else (64, 88, 14)
    rows = "".join(
        _pillar(
            t(f"bench.pillar.{p}", lang),
            v,
            fmt_number(round_half_up(v), lang),
            thick=thick,
            number=number,
        )
        for p, v in pillars.pillars.items()
    )
    overall = fmt_number(round_half_up(pillars.overall), lang)
    average = (
        f"<div style='display:flex;align-items:baseline;gap:{u(24)};margin-top:{u(20)}'>"
        f"<span style='font-size:{u(NUMBER_PX - 24)};font-weight:800;color:{palette.INK};"
        f"line-height:1'>{html.escape(overall)}</span>"
        f"{_text(t('ws.pres.overall_label', lang), NAME_PX, colour=palette.MUTED)}</div>"
    )
    return (
        f"{head}<div style='display:flex;flex-direction:column;gap:{u(gap)};"
        f"margin-top:{u(20)}'>{rows}</div>{average}{_note(t('ws.pres.pillars_note', lang))}"
        f"{_room_peers(peers, lang) if peers is not None else ''}"
    )


def _room_peers(view: RoomAmongPeers, lang: str) -> str:
    """The room against the pool: a heading, the comparison, who the firms are (a
    self-selected group), set apart by a rule."""
    title, line, who = room_lines(view, lang)
    return (
        f"<div style='margin-top:{u(28)};padding-top:{u(20)};"
        f"border-top:{u(3)} solid {palette.BORDER}'>"
        f"{_text(title, NAME_PX, weight=700)}"
        f"{_text(line, NAME_PX, weight=400)}"
        f"{_note(who)}</div>"
    )


def _pillar(name: str, value: float, value_text: str, *, thick: int = 64, number: int = 88) -> str:
    """One pillar of the closing slide on one line: its name, its bar (``thick`` design
    pixels), its score (``number`` pixels)."""
    bar = _track(_fill(value, palette.ROOM, thick), _big(value_text, number), thick=thick, slot=150)
    return (
        f"<div style='display:flex;align-items:center;gap:{u(24)}'>"
        f"<div style='flex:0 0 {u(300)};font-size:{u(NAME_PX)};font-weight:700;"
        f"color:{palette.INK};line-height:1.1'>{html.escape(name)}</div>"
        f"<div style='flex:1 1 0;min-width:0'>{bar}</div></div>"
    )


def closing_count(count: int, lang: str) -> str:
    """How many took part, in big type."""
    return _counted("ws.slides.people", count, lang)


def own_result_title(lang: str) -> str:
    """Above the closing slide's QR code."""
    inner = _text(t("ws.slides.own_result", lang), NAME_PX, weight=700)
    return f"<div style='text-align:center'>{inner}</div>"


def own_result(link: str, lang: str) -> str:
    """Under the closing slide's QR code: on which phone each participant finds their own
    result, and the link written out for typing."""
    mono = "font-family:ui-monospace,Menlo,Consolas,monospace"
    return (
        "<div style='text-align:center'>"
        f"{_note(t('ws.slides.own_result_note', lang))}"
        f"<div style='{mono};font-size:{u(40)};font-weight:700;color:{palette.INK};"
        f"overflow-wrap:anywhere;line-height:1.2;margin-top:{u(6)}'>{html.escape(link)}</div>"
        "</div>"
    )


def slide_names(labels: Mapping[int, str], total: int, lang: str) -> list[str]:
    """What each slide is called on the facilitator's page: welcome, Q1…, summary."""
    names = [t("ws.slides.start", lang)]
    names += [f"{i}. {labels.get(i, '')}" for i in range(1, total - 1)]
    names.append(t("ws.slides.end", lang))
    return names
