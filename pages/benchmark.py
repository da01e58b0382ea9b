"""Benchmark my company: the questionnaire, then where the firm stands against every mapped
figure, its maturity score by pillar, next steps, a share link and a one-page PDF.

The whole state is in the URL (``?b=<token>&lang=``): nothing is stored on the server.
"""

from __future__ import annotations

import streamlit as st

from adoption.benchmark import (
    Comparison,
    breakdown,
    method_text,
    pillar_caption,
    position_caption,
    result,
    score,
)
from adoption.charts import breakdown_chart, pillar_chart, position_chart
from adoption.i18n import t
from adoption.progress import compare
from adoption.questionnaire import PILLARS
from adoption.report import build_pdf
from adoption.urlstate import (
    FORMAT,
    PARAM,
    State,
    decode,
    describe_problems,
    encode,
    token_from_link,
)
from adoption.workshop import escape_markdown
from pages import _questionnaire as qw
from pages import _ui as ui

PREFIX = "bq_"
IN_GROUP_ICON = ":material/check_circle:"
OUT_GROUP_ICON = ":material/radio_button_unchecked:"
REFERENCE_ICON = ":material/info:"


def comparison_lines(items: list[Comparison]) -> str:
    """One Markdown block: each statement with, underneath, whose population it is and the
    source. Only a population the firm belongs to gets the in/out icon."""

    def icon(item: Comparison) -> str:
        if not item.member:
            return REFERENCE_ICON
        return IN_GROUP_ICON if item.in_group else OUT_GROUP_ICON

    return "\n\n".join(
        f"{icon(item)} {escape_markdown(item.sentence)}  \n"
        f":gray[{escape_markdown(item.reason_text)} · {escape_markdown(item.organisation)} · "
        f"{ui.tr('grade.' + item.grade)}]"
        for item in items
    )


QUESTIONS, RESULT = "questions", "result"
VIEW_PARAM = "view"  # ?view=result: the share link opens on the result
EARLIER_PARAM = "b0"  # ?b0=<token>: an earlier result to show the progress against


def comparison_block(heading: str, items: list[Comparison]) -> None:
    if items:
        st.header(heading, anchor=False)
        with st.container(border=True):
            st.markdown(comparison_lines(items))


def erase(keys: list[str]) -> None:
    """Keep the answers for "undo", then empty every widget (a button callback)."""
    st.session_state["bench_undo"] = {key: st.session_state.get(key) for key in keys}
    st.session_state.update(dict.fromkeys(keys))
    st.session_state.pop("bench_confirm", None)


def undo() -> None:
    st.session_state.update(st.session_state.pop("bench_undo", {}))


def restart_controls(keys: list[str], answered: bool) -> None:
    """ "Start again" asks first; once emptied, the answers can be brought back until the
    user answers again."""
    if st.session_state.get("bench_undo") and not answered:
        with st.container(border=True):
            st.write(ui.tr("benchpage.erased"))
            st.button(ui.tr("benchpage.undo"), on_click=undo, icon=":material/undo:")
        return
    st.session_state.pop("bench_undo", None)  # answering again ends the undo
    if not st.session_state.get("bench_confirm"):
        st.button(
            ui.tr("benchpage.restart"),
            on_click=st.session_state.update,
            kwargs={"bench_confirm": True},
            icon=":material/restart_alt:",
        )
        return
    with st.container(border=True):
        st.markdown(f"**{ui.tr('benchpage.restart_title')}**")
        st.write(ui.tr("benchpage.restart_confirm"))
        left, right = st.columns(2)
        left.button(ui.tr("benchpage.restart_yes"), type="primary", on_click=erase, args=(keys,))
        right.button(
            ui.tr("benchpage.restart_no"),
            on_click=st.session_state.pop,
            args=("bench_confirm", None),
        )


def keep_earlier() -> None:
    st.session_state["bench_earlier"] = st.session_state.get("bench_earlier_input", "")


def progress_section(today: State) -> None:
    """The earlier link's input, then the change overall, per pillar and per answer."""
    st.caption(ui.tr("bench.progress.help"))
    if "bench_earlier_input" not in st.session_state:
        st.session_state["bench_earlier_input"] = st.session_state["bench_earlier"]
    st.text_input(
        ui.tr("bench.progress.input"),
        key="bench_earlier_input",
        on_change=keep_earlier,
        max_chars=2000,
        placeholder="https://…?b=3.…",
    )
    if not earlier_token:
        return
    for message in describe_problems(earlier_problems, questionnaire, lang):
        st.warning(message, icon="⚠️")
    if not earlier.answers:
        st.info(ui.tr("bench.progress.empty_link"))
        return
    progress = compare(questionnaire, earlier, today, lang)
    overall = ui.tr(
        "bench.progress.overall",
        before=progress.before.overall,
        after=progress.after.overall,
        delta=f"{progress.overall_delta:+d}",
    )
    na = ui.tr("bench.pillar.not_applicable")
    pillars = [
        ui.tr(
            "bench.progress.pillar",
            pillar=ui.tr(f"bench.pillar.{change.pillar}"),
            before=na if change.before is None else change.before,
            after=na if change.after is None else change.after,
        )
        for change in progress.pillars
    ]
    st.markdown(f"**{overall}**\n\n" + "\n".join(f"- {line}" for line in pillars))
    st.markdown(f"**{ui.tr('bench.progress.answers')}**")
    if not progress.answers:
        st.caption(ui.tr("bench.progress.no_change"))
    st.markdown(
        "\n".join(
            "- " + escape_markdown(c.sentence(questionnaire.question(c.question_id), lang))
            for c in progress.answers
        )
    )


ui.require_router()
ds = ui.dataset()
questionnaire = ui.questionnaire()
lang = ui.lang()
keys = qw.widget_keys(questionnaire, PREFIX)

# A share link seeds the widgets once; afterwards the widgets are the truth.
if not any(key in st.session_state for key in keys):
    initial, problems = decode(st.query_params.get(PARAM), questionnaire)
    qw.seed(questionnaire, PREFIX, initial)
    for message in describe_problems(problems, questionnaire, lang):
        st.warning(message, icon="⚠️")
    if "bench_view" not in st.session_state:
        asked = st.query_params.get(VIEW_PARAM) == RESULT and bool(initial.answers)
        st.session_state["bench_view"] = RESULT if asked else QUESTIONS

# The earlier result (progress over time) travels in its own parameter, b0.
if "bench_earlier" not in st.session_state:
    st.session_state["bench_earlier"] = str(st.query_params.get(EARLIER_PARAM) or "")

st.title(ui.tr("benchpage.title"))
st.caption(ui.tr("benchpage.intro"))

# The open tab is kept by code, not by label, so switching the language keeps the view; a
# tab change reruns the page and only the open tab's content is computed.
labels = {QUESTIONS: ui.tr("benchpage.questions"), RESULT: ui.tr("benchpage.result")}
ask, result_tab = st.tabs(
    list(labels.values()),
    default=labels[st.session_state.get("bench_view", QUESTIONS)],
    key=f"bench_tab_{lang}",
    on_change="rerun",
)
st.session_state["bench_view"] = RESULT if result_tab.open else QUESTIONS

with ask:
    # Always drawn, even behind the result tab: a widget not drawn in a run loses its value.
    state = qw.render(questionnaire, lang, prefix=PREFIX)
    restart_controls(keys, bool(state.answers or any(vars(state.profile).values())))

token = encode(state, questionnaire)
if state.answers or any(vars(state.profile).values()):
    st.query_params[PARAM] = token
elif PARAM in st.query_params:
    del st.query_params[PARAM]
if result_tab.open:
    st.query_params[VIEW_PARAM] = RESULT
elif VIEW_PARAM in st.query_params:
    del st.query_params[VIEW_PARAM]
earlier_token = token_from_link(st.session_state["bench_earlier"])
earlier, earlier_problems = decode(earlier_token, questionnaire)
if earlier.answers and FORMAT not in earlier_problems:
    st.query_params[EARLIER_PARAM] = earlier_token
elif EARLIER_PARAM in st.query_params:
    del st.query_params[EARLIER_PARAM]
share_url = (
    f"{(st.context.url or '').rstrip('/')}?lang={lang}&{PARAM}={token}&{VIEW_PARAM}={RESULT}"
)
if EARLIER_PARAM in st.query_params:
    share_url += f"&{EARLIER_PARAM}={earlier_token}"

answered = score(questionnaire, state.answers)
with ask:
    if state.answers:
        st.info(ui.tr("benchpage.score_hint", score=answered.overall), icon=":material/insights:")

if not result_tab.open:
    st.stop()

with result_tab:
    if not state.answers:
        st.info(ui.tr("benchpage.empty"), icon=":material/edit_note:")
        st.stop()

    # 1. The score, the stage, one line per pillar.
    top, lines = st.columns([1, 2], gap="large")
    with top:
        ui.big_number(
            t("bench.score.out_of", lang, score=answered.overall), ui.tr("bench.score.overall")
        )
        st.markdown(f"**{ui.tr('benchpage.stage', stage=answered.stage_label(lang))}**")
        st.caption(ui.tr(f"bench.stage_help.{answered.stage}"))
    with lines:
        ui.score_lines(
            [(ui.tr(f"bench.pillar.{pillar}"), answered.pillars[pillar]) for pillar in PILLARS]
        )
        st.caption(ui.trn("bench.score.answered", answered.answered, total=answered.total))

    # 2. The four headline figures; 3. next steps; 4. progress; 5. one comparison per question.
    view = result(ds, questionnaire, state.answers, state.profile, lang)
    comparison_block(ui.tr("benchpage.headlines"), list(view.headlines))

    with st.container(key="bench_next_steps"):
        st.header(ui.tr("bench.next_steps.title"), anchor=False)
        for number, step in enumerate(view.steps, 1):
            st.markdown(
                f"**{number}. {step.practice}** — {step.text}  \n:gray[{step.attribution(lang)}]"
            )

    if st.toggle(ui.tr("bench.progress.title"), value=bool(earlier_token), key="bench_progress"):
        with st.container(border=True):
            progress_section(state)

    for note in view.notes:
        st.caption(note)
    comparison_block(ui.tr("benchpage.per_question"), list(view.per_question))
    others = list(view.others)
    answered = view.score

    # Behind toggles rather than expanders: an expander's content is built (and sent) on
    # every rerun even when closed; a toggle left off builds nothing.
    if st.toggle(ui.tr("benchpage.all_comparisons", n=len(others)), key="bench_all"):
        with st.container(border=True):
            ui.chart(
                pillar_chart(answered, lang),
                "bench_pillars",
                title=ui.tr("report.pillars"),
                source=pillar_caption(lang),
            )
            st.caption(pillar_caption(lang))
            if answered.answered < answered.total:
                st.caption(ui.tr("bench.score.partial"))
            st.caption(ui.tr("benchpage.all_comparisons_help"))
            if others:
                st.markdown(comparison_lines(others))
            chart_items = [*view.headlines, *view.per_question]
            if chart_items:
                caption = position_caption(chart_items, lang)
                ui.chart(
                    position_chart(chart_items, lang),
                    "bench_positions",
                    title=ui.tr("benchpage.per_question"),
                    source=caption,
                )
                st.caption(caption)
            st.markdown(f"**{ui.tr('bench.method.title')}**")
            st.write(method_text(lang))

    if st.toggle(ui.tr("bench.breakdown.title"), key="bench_breakdown"):
        for kind in ("barriers", "technologies"):
            table = breakdown(ds, questionnaire, kind, state.profile, lang)
            if table is None:
                continue
            st.markdown(f"**{ui.tr(f'bench.{kind}.title')}**")
            if not table.like_yours:
                st.caption(ui.tr("bench.breakdown.reference"))
            elif table.stand_in:
                st.caption(ui.tr("bench.breakdown.stand_in"))
            st.caption(table.population)
            ui.chart(
                breakdown_chart(table, lang),
                f"bench_{kind}",
                title=f"{ui.tr(f'bench.{kind}.title')} — {table.population}",
                source=table.source,
            )
            st.caption(table.source)

    st.header(ui.tr("benchpage.share"), anchor=False)
    st.caption(ui.tr("benchpage.share_help"))
    st.code(share_url, language=None, wrap_lines=True)
    st.download_button(
        ui.tr("benchpage.pdf"),
        data=lambda: build_pdf(
            ds, questionnaire, state.answers, state.profile, lang, share_url, earlier=earlier
        ),
        file_name=ui.tr("report.file_name"),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )
