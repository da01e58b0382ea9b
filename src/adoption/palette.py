"""The app's one palette: every colour the charts, the PDF and the pages use.

Bars take the Okabe–Ito colours, which stay distinct for readers with the common
colour-vision deficiencies; text takes dark greys that keep at least 4.5:1 on white.
Colours are named for their role, so a chart, the PDF and the projector agree on what
blue or grey means.
"""

from __future__ import annotations

# Okabe–Ito
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PINK = "#CC79A7"

# Neutrals
INK = "#1F2933"  # body text: 14.7:1 on white
MUTED = "#52606D"  # secondary text: 6.6:1 on white
NEUTRAL = "#9AA5B1"  # bars for what is not highlighted
GRID = "#EBF0F8"  # chart grid and axis lines
TRACK = "#E4E7EB"  # the empty part of a progress bar, unanswered bars
PANEL = "#EEF3F9"  # background of a highlighted box
BORDER = "#D1D5DB"
WHITE = "#FFFFFF"
FOCUS = "#005A8C"  # the keyboard focus ring: 7.4:1 on white, 3:1 at least on every fill used

SEQUENCE = (BLUE, ORANGE, SKY, GREEN, VERMILLION, PINK)

# How a published figure was obtained (see data/README.md, "grade").
GRADE = {
    "primary": BLUE,
    "relayed": SKY,
    "derived": PINK,
    "article_claim": ORANGE,
}

# Where a firm stands against a published figure (adoption.benchmark.status).
STATUS = {
    "in": BLUE,
    "out": NEUTRAL,
    "reference": SKY,
    "unanswered": TRACK,
}

FIRM = BLUE  # the firm's own score
# Everything a workshop room answered (its share beside a figure, its spread of answers,
# its pillar averages), on the projector and in the room report: never the blue of a
# published figure, nor a grade's or a status's colour.
ROOM = VERMILLION
FIGURE = BLUE  # a published figure beside the room
HIGHLIGHT = VERMILLION  # France and the EU among countries
REFERENCE = SKY  # tables shown for reference (Eurostat barriers, technologies)


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` → ``(0, 114, 178)``, for the PDF."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
