"""Every chart builder of adoption.charts with typical inputs from the fixture dataset,
shared by the chart and chart-image tests (test modules do not import from each other)."""

from __future__ import annotations

from collections.abc import Callable

import fixtures
from adoption.benchmark import Profile, breakdown, score
from adoption.charts import (
    Chart,
    breakdown_chart,
    country_chart,
    figure_bars,
    own_chart,
    pillar_bars,
    pillar_chart,
    progress_chart,
    series_chart,
)
from adoption.keyfigures import key_figures
from adoption.progress import compare
from adoption.standing import result
from adoption.urlstate import State

DATASET = fixtures.dataset()
QUESTIONNAIRE = fixtures.questionnaire()
MIXED = {"q_genai": "yes", "q_strategy": "no", "q_frequency": "weekly", "q_policy": "yes"}
FIRM = Profile(size="50-249", sector="industry", country="FR")


def _builders() -> dict[str, Callable[[str], Chart]]:
    page = key_figures(DATASET)
    table = breakdown(DATASET, QUESTIONNAIRE, "barriers", FIRM, "en")
    assert table is not None

    return {
        "figure_bars": lambda lang: figure_bars(page.spread, DATASET, lang),
        "series_chart": lambda lang: series_chart(page.series, DATASET, lang),
        "country_chart": lambda lang: country_chart(page.europe, DATASET, lang),
        "breakdown_chart": lambda lang: breakdown_chart(table, DATASET, lang),
        "pillar_chart": lambda lang: pillar_chart(score(QUESTIONNAIRE, MIXED), lang),
        "own_chart": lambda lang: own_chart(
            result(DATASET, QUESTIONNAIRE, MIXED, FIRM, lang).official[0], DATASET, lang
        ),
        "progress_chart": lambda lang: progress_chart(
            compare(
                QUESTIONNAIRE,
                State({}, FIRM),
                State(QUESTIONNAIRE.valid_answers(MIXED), FIRM),
                lang,
            ),
            lang,
            ("before", "after"),
        ),
        "pillar_bars": lambda lang: pillar_bars({"use": 50, "strategy": 12.5}, lang, large=True),
    }


BUILDERS = _builders()
