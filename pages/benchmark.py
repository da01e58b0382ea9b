"""Benchmark my company: the questionnaire, then where the firm stands against every mapped
figure, its maturity score by pillar, next steps, a share link and a one-page PDF.

The whole state is in the URL (``?b=<token>&lang=``): nothing is stored on the server.
"""

from __future__ import annotations

import streamlit as st

from adoption.benchmark import (
    comparison_notes,
    method_text,
    next_steps,
    pillar_caption,
    pillar_chart,
    position,
    position_caption,
    position_chart,
    score,
)
from adoption.i18n import t
from adoption.report import build_pdf
from adoption.urlstate import PARAM, decode, describe_problems, encode
from pages import _questionnaire as qw
from pages import _ui as ui

PREFIX = "bq_"
IN_GROUP_ICON = ":material/check_circle:"
OUT_GROUP_ICON = ":material/radio_button_unchecked:"

ui.require_router()
ds = ui.dataset()
questionnaire = ui.questionnaire()
lang = ui.lang()

# A share link seeds the widgets once; afterwards the widgets are the truth.
if not any(key in st.session_state for key in qw.widget_keys(questionnaire, PREFIX)):
    initial, problems = decode(st.query_params.get(PARAM), questionnaire)
    qw.seed(questionnaire, PREFIX, initial)
    for message in describe_problems(problems, questionnaire, lang):
        st.warning(message, icon="⚠️")

st.title(ui.tr("benchpage.title"))
st.caption(ui.tr("benchpage.intro"))

ask, result = st.tabs([ui.tr("benchpage.questions"), ui.tr("benchpage.result")])
with ask:
    state = qw.render(questionnaire, lang, prefix=PREFIX)
    st.button(
        ui.tr("benchpage.restart"),
        on_click=qw.clear,
        args=(questionnaire, PREFIX),
        icon=":material/restart_alt:",
    )

token = encode(state, questionnaire)
if state.answers or any(vars(state.profile).values()):
    st.query_params[PARAM] = token
elif PARAM in st.query_params:
    del st.query_params[PARAM]
share_url = f"{(st.context.url or '').rstrip('/')}?lang={lang}&{PARAM}={token}"

answered = score(questionnaire, state.answers)
with ask:
    if state.answers:
        st.info(ui.tr("benchpage.score_hint", score=answered.overall), icon=":material/insights:")

with result:
    if not state.answers:
        st.info(ui.tr("benchpage.empty"), icon=":material/edit_note:")
        st.stop()

    top, chart_col = st.columns([1, 2], gap="large")
    with top:
        ui.big_number(
            t("bench.score.out_of", lang, score=answered.overall), ui.tr("bench.score.overall")
        )
        st.markdown(f"**{ui.tr('benchpage.stage', stage=answered.stage_label(lang))}**")
        st.caption(ui.tr(f"bench.stage_help.{answered.stage}"))
        st.caption(ui.tr("bench.score.answered", answered=answered.answered, total=answered.total))
        if answered.answered < answered.total:
            st.caption(ui.tr("bench.score.partial"))
    with chart_col:
        ui.chart(pillar_chart(answered, lang), key="bench_pillars")
        st.caption(pillar_caption(lang))
    with st.expander(ui.tr("bench.method.title"), icon=":material/calculate:"):
        st.write(method_text(lang))

    st.subheader(ui.tr("bench.position.title"))
    for note in comparison_notes(questionnaire, state.profile, lang):
        st.caption(note)
    positions = position(ds, questionnaire, state.answers, state.profile, lang)
    answered_positions = [p for p in positions if p.in_group is not None]
    groups = [
        (ui.tr("benchpage.headlines"), [p for p in answered_positions if p.headline]),
        (ui.tr("benchpage.others"), [p for p in answered_positions if not p.headline]),
    ]
    for heading, items in groups:
        if not items:
            continue
        st.markdown(f"#### {heading}")
        # One block per group: each statement with, underneath, its population and source.
        with st.container(border=True):
            st.markdown(
                "\n\n".join(
                    f"{IN_GROUP_ICON if item.in_group else OUT_GROUP_ICON} {item.sentence}  \n"
                    f":gray[{item.comparison_basis} · {item.organisation} · "
                    f"{ui.tr('grade.' + item.grade)}]"
                    for item in items
                )
            )
    if answered_positions:
        ui.chart(position_chart(answered_positions, lang), key="bench_positions")
        st.caption(position_caption(answered_positions, lang))

    st.subheader(ui.tr("bench.next_steps.title"))
    for number, step in enumerate(next_steps(ds, questionnaire, state.answers, lang), start=1):
        st.markdown(
            f"**{number}. {step.practice}** — {step.text}  \n:gray[{step.attribution(lang)}]"
        )

    st.subheader(ui.tr("benchpage.share"))
    st.caption(ui.tr("benchpage.share_help"))
    st.code(share_url, language=None, wrap_lines=True)
    st.download_button(
        ui.tr("benchpage.pdf"),
        data=lambda: build_pdf(ds, questionnaire, state.answers, state.profile, lang, share_url),
        file_name=ui.tr("report.file_name"),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )
