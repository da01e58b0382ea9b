"""The Benchmark page's parts: the questions tab (with the score bar and "start again"),
the URL, and the result (score and stage, the firm's own population, firms like it who
answered here and the choice to add its answers to them, next steps, progress, references,
method, breakdowns, the share link and the PDF).

What the page remembers besides its widgets is one :class:`~adoption.benchmark_flow.BenchState`
under :data:`STATE_KEY`; every change goes through :func:`dispatch` (see ``benchmark_flow``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

import streamlit as st

from adoption.benchmark import Comparison, breakdown, method_text, pillar_caption, score
from adoption.benchmark_flow import (
    POOL_ASKING,
    POOL_FINAL,
    QUESTIONS,
    RESULT,
    URL_PARAMS,
    Answered,
    AskRestart,
    BenchState,
    Earlier,
    EarlierPasted,
    Erase,
    Event,
    KeepAnswers,
    Opened,
    PoolAsked,
    Pooled,
    Scrolled,
    ShowResult,
    TabShown,
    Undo,
    bad_day,
    has_any,
    step,
)
from adoption.charts import breakdown_chart, own_chart, pillar_chart, progress_chart
from adoption.dataset import Dataset
from adoption.i18n import format_date, format_period, t
from adoption.peers import PeerView, peer_lines, peers_in
from adoption.pool import contribution_of, counted_from
from adoption.progress import compare, dates_line
from adoption.questionnaire import PILLARS, Questionnaire
from adoption.report import build_pdf
from adoption.standing import OfficialBlock, Result, Stated, result
from adoption.urlstate import DAY_PARAM, PARAM, State, decode, describe_problems, encode
from adoption.workshop import escape_markdown
from adoption_ui import chrome, plots, pool_ui, provenance
from adoption_ui import questionnaire_form as qw
from adoption_ui.text import notice_bad_params, tr, trn

STATE_KEY = "bench"
PREFIX = "bq_"
TAB_KEY = "bench_tab_{lang}"
EARLIER_INPUT = "bench_earlier_input"
IN_GROUP_ICON = ":material/check_circle:"
OUT_GROUP_ICON = ":material/radio_button_unchecked:"
REFERENCE_ICON = ":material/info:"
UNANSWERED_ICON = ":material/help:"
OPTIN_KEY = "bench_pool_optin"


def flow_state() -> BenchState:
    state = st.session_state.get(STATE_KEY)
    return state if isinstance(state, BenchState) else BenchState()


def dispatch(event: Event) -> None:
    """Apply ``event`` to the page's state (also as a widget callback)."""
    st.session_state[STATE_KEY] = step(flow_state(), event)


def open_page(questionnaire: Questionnaire, lang: str, keys: list[str]) -> None:
    """A share link seeds the widgets once (afterwards the widgets are the truth) and, on
    the page's first run, the state: the view, the link's day, the earlier result."""
    initial, problems = decode(st.query_params.get(PARAM), questionnaire)
    if not any(key in st.session_state for key in keys):
        qw.seed(questionnaire, PREFIX, initial)
        for message in describe_problems(problems, questionnaire, lang):
            st.warning(message, icon="⚠️")
    if STATE_KEY in st.session_state:
        return
    params = st.query_params.to_dict()
    token = encode(initial, questionnaire)
    dispatch(Opened(params, token, bool(initial.answers), date.today(), st.context.url or ""))
    if bad_day(params, flow_state()):
        notice_bad_params([DAY_PARAM])


def sync_url(params: dict[str, str]) -> None:
    """Write the page's URL parameters; remove those without a value."""
    for name in URL_PARAMS:
        if name in params:
            st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]


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


# --- the questions tab


def questions_tab(
    questionnaire: Questionnaire, lang: str, keys: list[str], tab_key: str, result_label: str
) -> State:
    """The questionnaire, "See my result", "start again", and the score so far in a small
    fixed bar; returns what is answered."""
    score_bar = st.container(key="bench_score_bar")
    # Always drawn, even behind the result tab: a widget not drawn in a run loses its value.
    state = qw.render(questionnaire, lang, prefix=PREFIX)
    st.button(
        tr("benchpage.see_result"),
        type="primary",
        icon=":material/arrow_forward:",
        on_click=show_result,
        args=(tab_key, result_label),
        disabled=not state.answers,
        key="bench_see_result",
    )
    restart_controls(keys, has_any(state))
    if state.answers:
        answered = score(questionnaire, state.answers)
        with score_bar:
            st.markdown(
                tr(
                    "benchpage.score_bar",
                    score=answered.overall,
                    stage=answered.stage_label(lang),
                )
            )
    return state


def tab_changed(tab_key: str, result_label: str) -> None:
    """A tab was clicked: the state knows the view before the page is drawn."""
    dispatch(TabShown(RESULT if st.session_state.get(tab_key) == result_label else QUESTIONS))


def show_result(tab_key: str, label: str) -> None:
    """ "See my result": open the result tab, and bring its top into view on the rerun."""
    st.session_state[tab_key] = label
    dispatch(ShowResult())


def erase(keys: list[str]) -> None:
    """Keep the answers for "undo", then empty every widget (a button callback)."""
    dispatch(Erase(tuple((key, st.session_state.get(key)) for key in keys)))
    st.session_state.update(dict.fromkeys(keys))


def undo() -> None:
    st.session_state.update(dict(flow_state().erased or ()))
    dispatch(Undo())


def restart_controls(keys: list[str], answered: bool) -> None:
    """ "Start again" asks first; once emptied, the answers can be brought back until the
    user answers again."""
    flow = flow_state()
    if flow.erased is not None and not answered:
        with st.container(border=True):
            st.write(tr("benchpage.erased"))
            st.button(tr("benchpage.undo"), on_click=undo, icon=":material/undo:")
        return
    if flow.erased is not None:
        dispatch(Answered())  # answering again ends the undo
    if not flow.confirming:
        st.button(
            tr("benchpage.restart"),
            on_click=dispatch,
            args=(AskRestart(),),
            icon=":material/restart_alt:",
        )
        return
    with st.container(border=True):
        st.markdown(f"**{tr('benchpage.restart_title')}**")
        st.write(tr("benchpage.restart_confirm"))
        left, right = st.columns(2)
        left.button(tr("benchpage.restart_yes"), type="primary", on_click=erase, args=(keys,))
        right.button(tr("benchpage.restart_no"), on_click=dispatch, args=(KeepAnswers(),))


# --- the result tab


def result_tab(
    ds: Dataset,
    questionnaire: Questionnaire,
    lang: str,
    state: State,
    day: date,
    earlier: Earlier,
    share_url: str,
) -> None:
    """The result, top-down: date, score and stage; the firm's own population; next steps;
    then, on demand, progress, references, method, breakdowns; the share link and the PDF."""
    result_top = st.container(key="bench_result_top")
    if flow_state().scroll:
        chrome.scroll_to("bench_result_top", flow_state().scroll)
        dispatch(Scrolled())
    if not state.answers:
        result_top.info(tr("benchpage.empty"), icon=":material/edit_note:")
        return

    view = result(ds, questionnaire, state.answers, state.profile, lang)
    result_top.caption(dated_line(view, day, lang))
    score_and_stage(view, lang)
    # 2. The firm's own population; 3. its peers who answered here; 4. next steps; then
    # progress, references, method.
    own_population(view, ds, lang)
    peer_view = peers_block(questionnaire, lang, state)
    next_steps(view, lang)
    with st.container(key="bench_pool_choice"):
        pool_optin(questionnaire, state, lang)

    if st.toggle(tr("bench.progress.title"), value=bool(earlier.token), key="bench_progress"):
        with st.container(border=True):
            progress_section(
                questionnaire, lang, state, day, earlier.state, earlier.day, earlier.problems
            )

    references(view)
    method(view, lang)
    breakdowns(ds, questionnaire, state, lang)
    share(ds, questionnaire, lang, state, day, earlier, share_url, peer_view)


def dated_line(view: Result, day: date, lang: str) -> str:
    """The result's day and how many questions it was answered on."""
    answered_line = trn("bench.score.answered", view.score.answered, total=view.score.total)
    return f"{tr('benchpage.dated', date=format_date(day, lang))} · {answered_line}"


def score_and_stage(view: Result, lang: str, pillars: Sequence[str] = PILLARS) -> None:
    """1. The score, the stage and what the next one takes; one line per pillar of
    ``pillars`` (a workshop that asked only some pillars shows only those)."""
    top, lines = st.columns([1, 2], gap="small")
    with top:
        provenance.big_number(
            t("bench.score.out_of", lang, score=view.score.overall), tr("bench.score.overall")
        )
        stage = tr("benchpage.stage", stage=view.score.stage_label(lang))
        st.markdown(f"**{stage}** — {tr(f'bench.stage_help.{view.score.stage}')}")
    with lines:
        provenance.score_lines(
            [(tr(f"bench.pillar.{pillar}"), view.score.pillars[pillar]) for pillar in pillars]
        )
        if view.next_stage:
            st.markdown(escape_markdown(view.next_stage))


def fact_lines(items: tuple[Comparison, ...]) -> list[str]:
    """One Markdown line per figure: where the firm stands (or that it is a reference),
    then the sentence."""
    return [f"{icon(item)} {escape_markdown(item.sentence)}" for item in items]


def publishers(ds: Dataset, comparisons: Sequence[Comparison]) -> str:
    """The publishers a chart draws on, each with its datasets' codes, in a few words for a
    phone: ``Eurostat (isoc_eb_ai, isoc_eb_ai2), INSEE``. Each bar's full source is in the
    list above the chart and in the chart's CSV."""
    codes: dict[str, list[str]] = {}
    for comparison in comparisons:
        try:
            source = ds.source(comparison.source_id)
        except KeyError:
            codes.setdefault(comparison.organisation, [])
            continue
        own = codes.setdefault(str(source["organisation"]) or comparison.organisation, [])
        if source["dataset"] and source["dataset"] not in own:
            own.append(str(source["dataset"]))
    return ", ".join(
        f"{name} ({', '.join(sets)})" if sets else name for name, sets in codes.items()
    )


def official_block(block: OfficialBlock, index: int, ds: Dataset, lang: str) -> None:
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
        source = tr("benchpage.own_sources", sources=publishers(ds, block.comparisons))
        plots.chart(
            own_chart(block, ds, lang),
            f"bench_own_{index}",
            title=tr("benchpage.own_title"),
            source=source,
        )


def own_population(view: Result, ds: Dataset, lang: str) -> None:
    """2. The firm's own population: official figures first, then the other questions."""
    with st.container(key="bench_own"):
        st.header(tr("benchpage.own_title"), anchor=False)
        for note in view.notes:
            st.caption(escape_markdown(note))
        for index, block in enumerate(view.official):
            official_block(block, index, ds, lang)
        if view.own:
            st.markdown(f"**{tr('benchpage.own_other')}**")
            st.markdown(comparison_lines(list(view.own)))
        if not view.own and not any(b.lead for b in view.official):
            st.caption(tr("benchpage.own_none"))


def peers_block(questionnaire: Questionnaire, lang: str, state: State) -> PeerView | None:
    """3. Firms like this one who answered here, a part of where the firm stands beside
    its official figures (a self-selected group, said so first); short when it has no
    figure, so the next steps stay near. None when the pool cannot be read."""
    shown = pool_ui.pool_release(questionnaire)
    view = None if shown is None else peers_in(shown, questionnaire, state.profile, state.answers)
    with st.container(key="bench_peers"):
        st.subheader(tr("peers.title"), anchor=False)
        st.caption(tr("peers.caveat"))
        if view is None:
            st.info(tr("peers.unavailable"), icon=":material/cloud_off:")
        else:
            lines = peer_lines(view, questionnaire, lang)
            if lines.waiting is not None:
                st.info(lines.waiting, icon=":material/group:")
            if lines.group is not None:
                st.markdown(f"**{escape_markdown(lines.group)}**")
            if lines.fallback is not None:
                st.caption(escape_markdown(lines.fallback))
            if lines.standings:
                st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines.standings))
            if lines.shares and st.toggle(tr("peers.shares_title"), key="bench_peer_shares"):
                st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines.shares))
            if lines.group is not None:
                st.caption(escape_markdown(lines.method))
    return view


def pool_optin(questionnaire: Questionnaire, state: State, lang: str) -> None:
    """After the next steps, the choice to add the firm's answers to the firms who
    answered here: off until the user turns it on, with one sentence on what is kept;
    turned on, the answers are added once (this device, this month) and the page says what
    became of them."""
    outcome = flow_state().pooled
    if outcome == POOL_ASKING:
        outcome = add_when_known(questionnaire, state)
    final = outcome in POOL_FINAL
    if not final and contribution_of(questionnaire, state.profile, state.answers) is None:
        st.caption(tr("peers.optin.incomplete"))
        return
    if final:
        st.session_state[OPTIN_KEY] = True
    st.toggle(tr("peers.optin.label"), key=OPTIN_KEY, disabled=final, on_change=optin_switched)
    st.caption(tr("peers.optin.kept"))
    if outcome == POOL_ASKING:
        st.caption(tr("peers.optin.asking"))
    elif outcome == "added":
        month = counted_from(datetime.now(UTC).date())
        st.success(
            tr("peers.optin.added", month=format_period(month, lang)), icon=":material/check:"
        )
    elif outcome == "already":
        st.info(tr("peers.optin.already"), icon=":material/info:")
    elif outcome == "throttled":
        st.warning(tr("peers.optin.throttled"), icon=":material/schedule:")
    elif outcome == "unavailable":
        st.warning(tr("peers.optin.unavailable"), icon=":material/cloud_off:")
    elif outcome:
        st.warning(tr("peers.optin.incomplete"), icon=":material/edit_note:")


def add_when_known(questionnaire: Questionnaire, state: State) -> str:
    """The opt-in is on: add the answers once the browser has said which device it is;
    the outcome ("asking" while it has not). A refusal turns the opt-in off again (the
    toggle is drawn after this)."""
    token = pool_ui.device()
    if token is None:
        return POOL_ASKING
    outcome = pool_ui.add_to_pool(questionnaire, state.profile, state.answers, device_token=token)
    dispatch(Pooled(outcome))
    if outcome not in POOL_FINAL:
        st.session_state[OPTIN_KEY] = False
    return outcome


def optin_switched() -> None:
    """The opt-in was switched (a callback): on asks to add the answers, off withdraws
    the request while they are not added yet."""
    dispatch(PoolAsked() if st.session_state.get(OPTIN_KEY) else Pooled(""))


def steps_sources(view: Result, lang: str) -> str:
    """Where the next steps come from, in one line: each source once, with its steps."""
    by_source: dict[str, list[int]] = {}
    for number, step_ in enumerate(view.steps, 1):
        by_source.setdefault(step_.source_title, []).append(number)
    parts = [f"{title} ({', '.join(map(str, numbers))})" for title, numbers in by_source.items()]
    return tr(
        "bench.next_steps.sources", sources=("\u202f; " if lang == "fr" else "; ").join(parts)
    )


def next_steps(view: Result, lang: str) -> None:
    """3. The next steps, numbered, and where they come from."""
    with st.container(key="bench_next_steps"):
        st.header(tr("bench.next_steps.title"), anchor=False)
        st.markdown(
            "\n\n".join(
                f"**{number}. {escape_markdown(item.practice)}** — {escape_markdown(item.text)}"
                for number, item in enumerate(view.steps, 1)
            )
        )
    st.caption(escape_markdown(steps_sources(view, lang)))


def progress_section(
    questionnaire: Questionnaire,
    lang: str,
    today: State,
    today_on: date,
    earlier: State,
    earlier_day: date | None,
    problems: list[str],
) -> None:
    """The earlier link's input, then the change overall, per pillar (a before/after chart)
    and per answer, with both dates."""
    st.caption(tr("bench.progress.help"))
    if EARLIER_INPUT not in st.session_state:
        st.session_state[EARLIER_INPUT] = flow_state().earlier
    st.text_input(
        tr("bench.progress.input"),
        key=EARLIER_INPUT,
        on_change=keep_earlier,
        max_chars=2000,
        placeholder="https://…?b=3.…",
    )
    if not flow_state().earlier.strip():
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


def keep_earlier() -> None:
    dispatch(EarlierPasted(st.session_state.get(EARLIER_INPUT, "")))


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


def method(view: Result, lang: str) -> None:
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


def breakdowns(ds: Dataset, questionnaire: Questionnaire, state: State, lang: str) -> None:
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


def share(
    ds: Dataset,
    questionnaire: Questionnaire,
    lang: str,
    state: State,
    day: date,
    earlier: Earlier,
    share_url: str,
    peer_view: PeerView | None = None,
) -> None:
    """The link that reopens the result, and the PDF that says what the page says."""
    share_and_pdf(
        share_url,
        tr("benchpage.share_help"),
        lambda: build_pdf(
            ds,
            questionnaire,
            state.answers,
            state.profile,
            lang,
            share_url,
            earlier=earlier.state,
            answered_on=day,
            earlier_on=earlier.day,
            peers=peer_view,
        ),
    )


def share_and_pdf(
    share_url: str, help_text: str, pdf: Callable[[], bytes], *, open_label: str = ""
) -> None:
    """The share link as a copyable line under ``help_text``, a button that opens it (given
    its ``open_label``: from a phone, where a page opened is bookmarked or shared in one
    tap), and the PDF's download button (``pdf`` builds it, only when the button is
    pressed). The benchmark page and a workshop participant's result both end on this."""
    st.header(tr("benchpage.share"), anchor=False)
    st.caption(help_text)
    st.code(share_url, language=None, wrap_lines=True)
    if open_label:
        st.link_button(open_label, share_url, icon=":material/open_in_new:")
    st.download_button(
        tr("benchpage.pdf"),
        data=pdf,
        file_name=tr("report.file_name"),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )
