"""Benchmark my company: the questionnaire, then where the firm stands (its score and stage,
its own population's figures, next steps, references to other populations), a share link
and a PDF that says the same.

The whole state is in the URL (``?b=<token>&d=<day>&lang=``): nothing is stored on the server.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from adoption.benchmark import Comparison, breakdown, method_text, pillar_caption, score
from adoption.charts import breakdown_chart, own_chart, pillar_chart, progress_chart
from adoption.i18n import format_date, t
from adoption.progress import compare, dates_line
from adoption.questionnaire import PILLARS
from adoption.report import build_pdf
from adoption.standing import OfficialBlock, Result, Stated, result
from adoption.urlstate import (
    DAY_PARAM,
    EARLIER_DAY_PARAM,
    FORMAT,
    PARAM,
    State,
    decode,
    describe_problems,
    encode,
    link_param,
    parse_day,
    token_from_link,
)
from adoption.workshop import escape_markdown
from adoption_ui import appdata, chrome, plots, provenance, router
from adoption_ui import questionnaire_form as qw
from adoption_ui.text import current_lang, notice_bad_params, tr, trn

PREFIX = "bq_"
IN_GROUP_ICON = ":material/check_circle:"
OUT_GROUP_ICON = ":material/radio_button_unchecked:"
REFERENCE_ICON = ":material/info:"


UNANSWERED_ICON = ":material/help:"


def icon(item: Comparison) -> str:
    """Where the firm stands against the figure: in or out of its group, not answered, or
    a reference to another population."""
    if not item.member:
        return REFERENCE_ICON
    if item.in_group is None:
        return UNANSWERED_ICON
    return IN_GROUP_ICON if item.in_group else OUT_GROUP_ICON


def comparison_lines(items: list[Stated], *, reference: bool = False) -> str:
    """One Markdown block: each sentence, its series (when it has one) and, underneath,
    why it is a reference (when it is one) and the source. Only a figure stated for the
    firm's own population gets the in/out icon: in the references (``reference=True``)
    every figure is marked as one, even another measure of a population holding the firm."""

    blocks = []
    for stated in items:
        item = stated.comparison
        mark = REFERENCE_ICON if reference else icon(item)
        lines = [f"{mark} {escape_markdown(item.sentence)}"]
        if stated.context:
            lines.append(f"**{escape_markdown(stated.context)}**")
        # A membership sentence says it already; a reference says why it is one.
        reason = () if item.member and item.in_group is not None else (item.reason_text,)
        meta = (*reason, item.organisation, tr("grade." + item.grade))
        lines.append(f":gray[{' · '.join(escape_markdown(part) for part in meta)}]")
        blocks.append("  \n".join(lines))
    return "\n\n".join(blocks)


QUESTIONS, RESULT = "questions", "result"
VIEW_PARAM = "view"  # ?view=result: the share link opens on the result
EARLIER_PARAM = "b0"  # ?b0=<token>: an earlier result to show the progress against
TAB_KEY = "bench_tab_{lang}"


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
            st.write(tr("benchpage.erased"))
            st.button(tr("benchpage.undo"), on_click=undo, icon=":material/undo:")
        return
    st.session_state.pop("bench_undo", None)  # answering again ends the undo
    if not st.session_state.get("bench_confirm"):
        st.button(
            tr("benchpage.restart"),
            on_click=st.session_state.update,
            kwargs={"bench_confirm": True},
            icon=":material/restart_alt:",
        )
        return
    with st.container(border=True):
        st.markdown(f"**{tr('benchpage.restart_title')}**")
        st.write(tr("benchpage.restart_confirm"))
        left, right = st.columns(2)
        left.button(tr("benchpage.restart_yes"), type="primary", on_click=erase, args=(keys,))
        right.button(
            tr("benchpage.restart_no"),
            on_click=st.session_state.pop,
            args=("bench_confirm", None),
        )


def show_result(tab_key: str, label: str) -> None:
    """ "See my result": open the result tab, and bring its top into view on the rerun."""
    st.session_state[tab_key] = label
    st.session_state["bench_scroll"] = st.session_state.get("bench_scroll", 0) + 1


def keep_earlier() -> None:
    st.session_state["bench_earlier"] = st.session_state.get("bench_earlier_input", "")


def answered_on(token: str) -> date:
    """The day the answers in ``token`` were given: the share link's ``d`` for the answers
    it opened with (also when "undo" brings them back), today for any other answers."""
    today = date.today()
    if "bench_link_day" not in st.session_state:  # first run: the link's day, if valid
        raw = st.query_params.get(DAY_PARAM)
        day = parse_day(raw, today)
        if raw is not None and day is None:
            notice_bad_params([DAY_PARAM])
        st.session_state["bench_link_day"] = (token, day or today)
    link_token, link_day = st.session_state["bench_link_day"]
    return link_day if token == link_token else today


def earlier_on(link: str, day: date) -> date | None:
    """The day of the earlier result, from its link; a day that is not a date, or later
    than this result's, is ignored with a notice."""
    raw = link_param(link, DAY_PARAM)
    if not raw:
        return None
    found = parse_day(raw, day)
    if found is None:
        notice_bad_params([EARLIER_DAY_PARAM])
    return found


def progress_section(
    today: State, today_on: date, earlier: State, earlier_day: date | None, problems: list[str]
) -> None:
    """The earlier link's input, then the change overall, per pillar (a before/after chart)
    and per answer, with both dates."""
    st.caption(tr("bench.progress.help"))
    if "bench_earlier_input" not in st.session_state:
        st.session_state["bench_earlier_input"] = st.session_state["bench_earlier"]
    st.text_input(
        tr("bench.progress.input"),
        key="bench_earlier_input",
        on_change=keep_earlier,
        max_chars=2000,
        placeholder="https://…?b=3.…",
    )
    if not st.session_state["bench_earlier"].strip():
        return
    for message in describe_problems(problems, questionnaire, lang):
        st.warning(message, icon="⚠️")
    if not earlier.answers:
        st.info(tr("bench.progress.empty_link"))
        return
    progress = compare(questionnaire, earlier, today, lang)
    st.markdown(dates_line(earlier_day, today_on, lang))
    before_day = format_date(earlier_day, lang) if earlier_day else tr("bench.progress.no_date")
    after_day = format_date(today_on, lang)
    overall = tr(
        "bench.progress.overall",
        before=progress.before.overall,
        after=progress.after.overall,
        delta=f"{progress.overall_delta:+d}",
    )
    st.markdown(f"**{overall}**")
    names = (
        tr("bench.progress.before", date=before_day),
        tr("bench.progress.after", date=after_day),
    )
    plots.chart(
        progress_chart(progress, lang, names),
        "bench_progress_chart",
        title=tr("bench.progress.title"),
    )
    st.markdown(f"**{tr('bench.progress.answers')}**")
    if not progress.answers:
        st.caption(tr("bench.progress.no_change"))
    st.markdown(
        "\n".join(
            "- " + escape_markdown(c.sentence(questionnaire.question(c.question_id), lang))
            for c in progress.answers
        )
    )


def fact_lines(items: tuple[Comparison, ...]) -> list[str]:
    """One Markdown line per figure: where the firm stands (or that it is a reference),
    then the sentence."""
    return [f"{icon(item)} {escape_markdown(item.sentence)}" for item in items]


def official_block(block: OfficialBlock, index: int) -> None:
    """One question Eurostat measures: the firm's own populations, then the chart."""
    for gap in block.gaps:
        st.caption(escape_markdown(gap))
    if block.lead is not None:
        st.markdown(comparison_lines([block.lead]))
    for kind, title, items in (
        ("frame", "benchpage.frame_title", block.frame),
        ("nearest", "benchpage.nearest_title", block.nearest),
    ):
        if items:
            # A compact list: the chart below shows the same figures side by side.
            with st.container(key=f"bench_facts_{kind}_{index}"):
                bullets = "\n".join(f"- {line}" for line in fact_lines(items))
                st.markdown(f"**{tr(title)}**\n\n{bullets}")
    if block.comparisons:
        sources = ", ".join(dict.fromkeys(c.organisation for c in block.comparisons))
        source = tr("benchpage.own_sources", sources=sources)
        plots.chart(
            own_chart(block, ds, lang),
            f"bench_own_{index}",
            title=tr("benchpage.own_title"),
            source=source,
        )


def steps_sources(view: Result) -> str:
    """Where the next steps come from, in one line: each source once, with its steps."""
    by_source: dict[str, list[int]] = {}
    for number, step in enumerate(view.steps, 1):
        by_source.setdefault(step.source_title, []).append(number)
    parts = [f"{title} ({', '.join(map(str, numbers))})" for title, numbers in by_source.items()]
    return tr(
        "bench.next_steps.sources", sources=("\u202f; " if lang == "fr" else "; ").join(parts)
    )


def own_population(view: Result) -> None:
    """2. The firm's own population: official figures first, then the other questions."""
    with st.container(key="bench_own"):
        st.header(tr("benchpage.own_title"), anchor=False)
        for note in view.notes:
            st.caption(escape_markdown(note))
        for index, block in enumerate(view.official):
            official_block(block, index)
        if view.own:
            st.markdown(f"**{tr('benchpage.own_other')}**")
            st.markdown(comparison_lines(list(view.own)))
        if not view.own and not any(b.lead for b in view.official):
            st.caption(tr("benchpage.own_none"))


def references(view: Result) -> None:
    """5. Figures about other populations, grouped by why they are not the firm's."""
    label = tr("benchpage.references", n=view.reference_count())
    if not view.references or not st.toggle(label, key="bench_references"):
        return
    with st.container(border=True, key="bench_reference_groups"):
        st.caption(tr("benchpage.references_help"))
        for group in view.references:
            st.markdown(f"**{escape_markdown(group.title)}**")
            st.markdown(comparison_lines(list(group.items), reference=True))


def method(view: Result) -> None:
    """The score by pillar as a chart, and how the score and the stage are computed."""
    if not st.toggle(tr("bench.method.title"), key="bench_method"):
        return
    with st.container(border=True):
        plots.chart(
            pillar_chart(view.score, lang),
            "bench_pillars",
            title=tr("report.pillars"),
            source=pillar_caption(lang),
        )
        if view.score.answered < view.score.total:
            st.caption(tr("bench.score.partial"))
        st.write(method_text(lang))


def breakdowns() -> None:
    """What holds back firms that do not use AI, and which technologies firms use, for the
    firm's own country and size class where Eurostat publishes them, value by value."""
    if not st.toggle(tr("bench.breakdown.title"), key="bench_breakdown"):
        return
    for kind in ("barriers", "technologies"):
        table = breakdown(ds, questionnaire, kind, state.profile, lang)
        if table is None:
            continue
        st.markdown(f"**{tr(f'bench.{kind}.title')}**")
        st.caption(table.population)
        if table.note:
            st.caption(table.note)
        plots.chart(
            breakdown_chart(table, ds, lang),
            f"bench_{kind}",
            title=f"{tr(f'bench.{kind}.title')} — {table.population}",
            source=table.source,
        )


router.require_router()
ds = appdata.dataset()
questionnaire = appdata.questionnaire()
lang = current_lang()
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

# The earlier result (progress over time) travels in its own parameters, b0 and d0: kept
# as the link it stands for, so its day is read the same way as from a pasted link.
if "bench_earlier" not in st.session_state:
    earlier_params = {
        PARAM: str(st.query_params.get(EARLIER_PARAM) or ""),
        DAY_PARAM: str(st.query_params.get(EARLIER_DAY_PARAM) or ""),
    }
    query = urlencode({k: v for k, v in earlier_params.items() if v})
    base = (st.context.url or "").rstrip("/")
    st.session_state["bench_earlier"] = (
        (f"{base}?{query}" if base else query) if earlier_params[PARAM] else ""
    )

st.title(tr("benchpage.title"))
if st.session_state.get("bench_view") != RESULT:
    st.caption(tr("benchpage.intro"))

# The open tab is kept by code, not by label, so switching the language keeps the view; a
# tab change reruns the page and only the open tab's content is computed.
labels = {QUESTIONS: tr("benchpage.questions"), RESULT: tr("benchpage.result")}
tab_key = TAB_KEY.format(lang=lang)
ask, result_tab = st.tabs(
    list(labels.values()),
    default=labels[st.session_state.get("bench_view", QUESTIONS)],
    key=tab_key,
    on_change="rerun",
)
st.session_state["bench_view"] = RESULT if result_tab.open else QUESTIONS

with ask:
    # The score so far stays in view while answering (a small fixed bar, filled below).
    score_bar = st.container(key="bench_score_bar")
    # Always drawn, even behind the result tab: a widget not drawn in a run loses its value.
    state = qw.render(questionnaire, lang, prefix=PREFIX)
    st.button(
        tr("benchpage.see_result"),
        type="primary",
        icon=":material/arrow_forward:",
        on_click=show_result,
        args=(tab_key, labels[RESULT]),
        disabled=not state.answers,
        key="bench_see_result",
    )
    restart_controls(keys, bool(state.answers or any(vars(state.profile).values())))

token = encode(state, questionnaire)
day = answered_on(token)
if state.answers or any(vars(state.profile).values()):
    st.query_params[PARAM] = token
    st.query_params[DAY_PARAM] = day.isoformat()
else:
    for name in (PARAM, DAY_PARAM):
        if name in st.query_params:
            del st.query_params[name]
if result_tab.open:
    st.query_params[VIEW_PARAM] = RESULT
elif VIEW_PARAM in st.query_params:
    del st.query_params[VIEW_PARAM]
earlier_link = st.session_state["bench_earlier"]
earlier_token = token_from_link(earlier_link)
earlier, earlier_problems = decode(earlier_token, questionnaire)
earlier_day = earlier_on(earlier_link, day) if earlier_token else None
if earlier.answers and FORMAT not in earlier_problems:
    st.query_params[EARLIER_PARAM] = earlier_token
    if earlier_day is not None:
        st.query_params[EARLIER_DAY_PARAM] = earlier_day.isoformat()
    elif EARLIER_DAY_PARAM in st.query_params:
        del st.query_params[EARLIER_DAY_PARAM]
else:
    for name in (EARLIER_PARAM, EARLIER_DAY_PARAM):
        if name in st.query_params:
            del st.query_params[name]
share_url = (
    f"{(st.context.url or '').rstrip('/')}?lang={lang}&{PARAM}={token}"
    f"&{DAY_PARAM}={day.isoformat()}&{VIEW_PARAM}={RESULT}"
)
if EARLIER_PARAM in st.query_params:
    share_url += f"&{EARLIER_PARAM}={earlier_token}"
    if earlier_day is not None:
        share_url += f"&{EARLIER_DAY_PARAM}={earlier_day.isoformat()}"

answered = score(questionnaire, state.answers)
if state.answers:
    with score_bar:
        st.markdown(
            tr(
                "benchpage.score_bar",
                score=answered.overall,
                stage=answered.stage_label(lang),
            )
        )

if not result_tab.open:
    st.stop()

with result_tab:
    result_top = st.container(key="bench_result_top")
    if st.session_state.get("bench_scroll"):
        chrome.scroll_to("bench_result_top", st.session_state.pop("bench_scroll"))
    if not state.answers:
        result_top.info(tr("benchpage.empty"), icon=":material/edit_note:")
        st.stop()

    view = result(ds, questionnaire, state.answers, state.profile, lang)
    answered_line = trn("bench.score.answered", view.score.answered, total=view.score.total)
    result_top.caption(f"{tr('benchpage.dated', date=format_date(day, lang))} · {answered_line}")
    # 1. The score, the stage and what the next one takes; one line per pillar.
    top, lines = st.columns([1, 2], gap="small")
    with top:
        provenance.big_number(
            t("bench.score.out_of", lang, score=view.score.overall), tr("bench.score.overall")
        )
        stage = tr("benchpage.stage", stage=view.score.stage_label(lang))
        st.markdown(f"**{stage}** — {tr(f'bench.stage_help.{view.score.stage}')}")
    with lines:
        provenance.score_lines(
            [(tr(f"bench.pillar.{pillar}"), view.score.pillars[pillar]) for pillar in PILLARS]
        )
        if view.next_stage:
            st.markdown(escape_markdown(view.next_stage))

    # 2. The firm's own population; 3. next steps; then progress, references, method.
    own_population(view)

    with st.container(key="bench_next_steps"):
        st.header(tr("bench.next_steps.title"), anchor=False)
        st.markdown(
            "\n\n".join(
                f"**{number}. {escape_markdown(step.practice)}** — {escape_markdown(step.text)}"
                for number, step in enumerate(view.steps, 1)
            )
        )

    st.caption(escape_markdown(steps_sources(view)))

    if st.toggle(tr("bench.progress.title"), value=bool(earlier_token), key="bench_progress"):
        with st.container(border=True):
            progress_section(state, day, earlier, earlier_day, earlier_problems)

    references(view)
    method(view)
    breakdowns()

    st.header(tr("benchpage.share"), anchor=False)
    st.caption(tr("benchpage.share_help"))
    st.code(share_url, language=None, wrap_lines=True)
    st.download_button(
        tr("benchpage.pdf"),
        data=lambda: build_pdf(
            ds,
            questionnaire,
            state.answers,
            state.profile,
            lang,
            share_url,
            earlier=earlier,
            answered_on=day,
            earlier_on=earlier_day,
        ),
        file_name=tr("report.file_name"),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )
