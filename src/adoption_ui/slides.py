"""The projector's slides as HTML: join, one question, closing; sized for a room.

Slides are drawn for a 1920×1080 screen read from the back of a room: there every text is
at least :data:`MIN_TEXT_PX` and every number at least :data:`NUMBER_PX` (the browser test
measures them). Every length is written in design pixels (:func:`u`) that follow the
screen, as a slide deck does: a 1280×720 projector shows the same slide at two thirds of
the size, which fills the same share of the wall, and a 4:3 screen shows it at full width
with a band below. Below half size (a phone opening the presenter link) the slide stops
shrinking, so its text stays readable there.
User text (the session title) and data text are escaped here; ``st.html`` sanitises too.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from adoption import palette
from adoption.i18n import fmt_number, round_half_up, t, tn
from adoption.workshop import RoomPillars, RoomQuestion

MIN_TEXT_PX = 24  # the smallest text on a slide
QR_PX = 460
NUMBER_PX = 96  # the room's numbers
LABEL_PX = 32
TITLE_PX = 48


def u(design_px: float) -> str:
    """A length of ``design_px`` pixels on the 1920×1080 design, scaled to the screen."""
    return f"calc({design_px:g} * var(--u))"


# The projector is the session and nothing else. Streamlit's own options do the hiding: the
# presenter link opens the page in Streamlit's embed mode (``embed=true``, see
# :func:`adoption.workshop.presenter_link`: no top bar, main menu or "running" indicator),
# and ``st.navigation(position="hidden")`` in app.py leaves out the app's navigation. The
# styles below touch only the page's own keyed containers. The slide (:data:`DECK_KEY`)
# fills the screen with margins in design pixels, as a deck does (Streamlit's page margins
# do not follow the screen's size); its notices and button labels get projector-sized
# type, its buttons (:data:`CONTROLS_KEY`) a projector-sized target, its QR code
# (:data:`QR_KEY`) the slide's size.
DECK_KEY = "ws_pres_deck"
CONTROLS_KEY = "ws_pres_controls"
QR_KEY = "ws_pres_qr"
PROJECTOR_CSS = f"""
<style>
:root {{ --u: max(0.5px, min(calc(100vh / 1080), calc(100vw / 1920))); }}
.st-key-{DECK_KEY} {{
  position: fixed; inset: 0; overflow: auto; padding: {u(24)} {u(48)} {u(16)};
  background: {palette.WHITE}; }}
.st-key-{DECK_KEY} :is(p, button span) {{
  font-size: {u(LABEL_PX - 4)} !important; line-height: 1.2; }}
.st-key-{CONTROLS_KEY} button {{ min-height: {u(64)}; padding: {u(8)} {u(32)}; }}
.st-key-{QR_KEY} img {{ width: {u(QR_PX)} !important; height: auto; }}
</style>
"""


def _text(value: str, px: int, *, weight: int = 600, colour: str = palette.INK) -> str:
    return (
        f"<div style='font-size:{u(px)};font-weight:{weight};color:{colour};line-height:1.2'>"
        f"{html.escape(value)}</div>"
    )


_MARK = "\x00"


def _counted(key: str, count: int, lang: str) -> str:
    """A plural sentence ("{n} answers") with its number in big type above the words."""
    before, _, after = tn(key, count, lang, n=_MARK).partition(_MARK)
    return _number(fmt_number(count, lang, 0), f"{before}{after}".strip())


def _number(value: str, label: str) -> str:
    return (
        "<div style='text-align:center'>"
        f"<div style='font-size:{u(NUMBER_PX + 24)};font-weight:800;color:{palette.INK};"
        f"line-height:1'>{html.escape(value)}</div>"
        f"{_text(label, LABEL_PX, colour=palette.MUTED)}</div>"
    )


def _bar(
    name: str,
    note: str,
    share: float,
    value_text: str,
    colour: str,
    *,
    thick: int = 80,
    space: int = 22,
) -> str:
    """One big bar: its name (and note) above, the bar (``thick`` design pixels, ``space``
    above the name), the value at the end."""
    width = max(0.0, min(100.0, share))
    note_html = _text(note, MIN_TEXT_PX + 4, weight=400, colour=palette.MUTED) if note else ""
    return (
        f"<div style='margin-top:{u(space)}'>"
        f"<div style='display:flex;gap:{u(18)};align-items:baseline'>"
        f"{_text(name, LABEL_PX + 4, weight=700)}{note_html}</div>"
        f"<div style='display:flex;align-items:center;gap:{u(28)};margin-top:{u(6)}'>"
        f"<div style='flex:1 1 auto;background:{palette.TRACK};height:{u(thick)};"
        f"border-radius:{u(10)}'>"
        f"<div style='width:{width:.1f}%;background:{colour};height:100%;border-radius:{u(10)}'>"
        "</div></div>"
        f"<div style='flex:0 0 {u(260)};text-align:right;font-size:{u(NUMBER_PX)};font-weight:800;"
        f"color:{palette.INK};line-height:1'>{html.escape(value_text)}</div>"
        "</div></div>"
    )


def join_slide(title: str, address: str, code: str, lang: str) -> str:
    """The first slide's text: how to join (address and code); the page puts the QR code
    beside it (the HTML sanitiser drops inline SVG and data images) and the count below."""
    return (
        f"{_text(title, TITLE_PX, weight=800)}"
        f"<div style='height:{u(28)}'></div>"
        f"{_text(t('ws.slides.open', lang), LABEL_PX, colour=palette.MUTED)}"
        f"<div style='font-family:ui-monospace,Menlo,Consolas,monospace;font-size:{u(64)};"
        f"font-weight:700;color:{palette.INK};overflow-wrap:anywhere;line-height:1.15'>"
        f"{html.escape(address)}</div>"
        f"<div style='height:{u(20)}'></div>"
        f"{_text(t('ws.slides.then_code', lang), LABEL_PX, colour=palette.MUTED)}"
        f"<div style='font-family:ui-monospace,Menlo,Consolas,monospace;font-size:{u(140)};"
        f"font-weight:800;letter-spacing:0.1em;color:{palette.INK};line-height:1.05;"
        f"white-space:nowrap'>{html.escape(code)}</div>"
    )


def scan_caption(lang: str) -> str:
    return _centred(t("ws.slides.or_scan", lang), weight=600)


def join_count(count: int, notes: Sequence[str], lang: str) -> str:
    """How many answered, in large type, and what the room turned away."""
    lines = "".join(_text(n, MIN_TEXT_PX, weight=400, colour=palette.MUTED) for n in notes)
    return _counted("ws.slides.people", count, lang) + lines


def _centred(value: str, *, weight: int = 400) -> str:
    inner = _text(value, LABEL_PX, weight=weight, colour=palette.MUTED)
    return f"<div style='text-align:center'>{inner}</div>"


def question_slide(
    item: RoomQuestion, position: int, total: int, revealed: bool, min_group: int, lang: str
) -> str:
    """One question: the room's answer against the published figure, once revealed."""
    head = _text(
        t("ws.slides.position", lang, i=position, total=total), LABEL_PX, colour=palette.MUTED
    ) + _text(item.label, TITLE_PX, weight=800)
    count = _counted("ws.slides.answers_word", item.answered, lang)
    if item.suppressed:
        missing = max(1, min_group - item.answered)
        body = count + _centred(tn("ws.slides.too_few", missing, lang))
    elif not revealed:
        body = count + _text(
            t("ws.slides.hidden", lang), LABEL_PX, weight=400, colour=palette.MUTED
        )
    else:
        body = _revealed(item, lang)
    return f"{head}<div style='margin-top:{u(18)}'>{body}</div>"


def _revealed(item: RoomQuestion, lang: str) -> str:
    answered = tn("ws.pres.answered", item.answered, lang)
    if item.figure is not None and item.share is not None:
        figure = item.figure
        room = t("ws.pres.room_group", lang, group=item.group_answers)
        source = f"{figure.organisation}, {figure.period_text} · {figure.label}"
        return (
            _bar(
                t("ws.pres.room", lang),
                f"{room} · {answered}",
                item.share,
                item.share_text or "",
                palette.ROOM,
            )
            + _bar(figure.population, "", figure.value, figure.value_text, palette.FIGURE)
            + f"<div style='margin-top:{u(22)};white-space:nowrap;overflow:hidden;"
            "text-overflow:ellipsis'>"
            + _text(
                t("ws.slides.source", lang, source=source),
                MIN_TEXT_PX,
                weight=400,
                colour=palette.MUTED,
            )
            + "</div>"
        )
    rows = "".join(
        _bar(option.label, "", option.share, option.share_text, palette.ROOM)
        for option in item.options
    )
    return (
        _text(
            f"{t('ws.pres.no_figure', lang)} · {answered}",
            MIN_TEXT_PX + 4,
            weight=400,
            colour=palette.MUTED,
        )
        + rows
    )


def closing_slide(title: str, pillars: RoomPillars, min_group: int, lang: str) -> str:
    """The last slide: the room's average score per pillar, and overall."""
    head = _text(title, LABEL_PX, colour=palette.MUTED) + _text(
        t("ws.slides.closing", lang), TITLE_PX, weight=800
    )
    if pillars.suppressed or pillars.overall is None:
        missing = max(1, min_group - pillars.respondents)
        return head + _text(
            tn("ws.slides.too_few", missing, lang),
            LABEL_PX,
            weight=400,
            colour=palette.MUTED,
        )
    rows = "".join(
        _bar(
            t(f"bench.pillar.{p}", lang),
            "",
            v,
            fmt_number(round_half_up(v), lang),
            palette.ROOM,
            thick=56,  # five pillars and the buttons fit a 16:9 screen
            space=12,
        )
        for p, v in pillars.pillars.items()
    )
    overall = fmt_number(round_half_up(pillars.overall), lang)
    return (
        head
        + f"<div style='display:flex;gap:{u(64)};align-items:center'>"
        + f"<div style='flex:1 1 auto'>{rows}</div>"
        + f"<div style='flex:0 0 {u(360)}'>{_number(overall, t('ws.pres.overall_label', lang))}"
        + _text(t("ws.pres.pillars_note", lang), MIN_TEXT_PX, weight=400, colour=palette.MUTED)
        + "</div></div>"
    )


def slide_names(labels: Mapping[int, str], total: int, lang: str) -> list[str]:
    """What each slide is called on the facilitator's page: welcome, Q1…, summary."""
    names = [t("ws.slides.start", lang)]
    names += [f"{i}. {labels.get(i, '')}" for i in range(1, total - 1)]
    names.append(t("ws.slides.end", lang))
    return names
