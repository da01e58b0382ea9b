"""The questionnaire as Streamlit widgets, shared by the Benchmark and Workshop pages.

Widgets are keyed ``{prefix}{question id}`` (and ``{prefix}size`` etc. for the profile).
Their first values come from ``initial`` (e.g. decoded from a share link) and only when
the widget is not in the session yet, so a user's own clicks are never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import streamlit as st

from adoption.benchmark import Profile
from adoption.i18n import quoted, t
from adoption.questionnaire import Question, Questionnaire
from adoption.urlstate import State
from adoption.workshop import escape_markdown

PROFILE_FIELDS = ("size", "sector", "country")
# The app's own container around the questionnaire (its `st-key-questionnaire` class): the
# page's styles (chrome.PAGE_CSS) and the rules that show a conditional question reach the
# widgets through it. One questionnaire per page.
QUESTIONNAIRE_KEY = "questionnaire"


def widget_keys(questionnaire: Questionnaire, prefix: str) -> list[str]:
    return [f"{prefix}{q.id}" for q in questionnaire.questions] + [
        f"{prefix}{f}" for f in PROFILE_FIELDS
    ]


def seed(questionnaire: Questionnaire, prefix: str, initial: State) -> None:
    """Put ``initial`` into the widgets' session keys, unless the widgets already exist."""
    if any(key in st.session_state for key in widget_keys(questionnaire, prefix)):
        return
    for question in questionnaire.questions:
        st.session_state[f"{prefix}{question.id}"] = initial.answers.get(question.id)
    for field in PROFILE_FIELDS:
        st.session_state[f"{prefix}{field}"] = getattr(initial.profile, field)


def clear(questionnaire: Questionnaire, prefix: str) -> None:
    """Empty every answer (a callback for a "start again" button)."""
    for key in widget_keys(questionnaire, prefix):
        st.session_state[key] = None


def _question_widget(question: Question, lang: str, key: str) -> None:
    options = list(question.codes)
    labels = {option.code: option.label(lang) for option in question.options}

    fmt = partial(label_of, labels)

    label = question.label(lang)  # plain: bold comes from the page's CSS (see chrome.PAGE_CSS)
    if question.answer_type in ("yesno", "scale5"):
        st.segmented_control(
            label, options, format_func=fmt, key=key, help=question.help(lang) or None
        )
    else:
        st.radio(
            label, options, format_func=fmt, key=key, index=None, help=question.help(lang) or None
        )


def render(
    questionnaire: Questionnaire,
    lang: str,
    *,
    prefix: str,
    question_ids: Sequence[str] = (),
    show_profile: bool = True,
    in_form: bool = False,
) -> State:
    """Draw the profile and the questions; return what is answered so far.

    ``in_form``: the widgets are inside an ``st.form``, so a tap reaches the server only
    with the submit. A conditional question cannot wait for its condition there: it is
    drawn in a box keyed ``{prefix}{id}_box``, which :func:`conditions_css` hides in the
    browser until the condition is met, and it says when it applies. Its answer counts
    only when the condition holds (``Questionnaire.valid_answers``).
    """
    with st.container(key=QUESTIONNAIRE_KEY):
        _widgets(questionnaire, lang, prefix, question_ids, show_profile, in_form)
    return current_state(questionnaire, prefix)


def _widgets(
    questionnaire: Questionnaire,
    lang: str,
    prefix: str,
    question_ids: Sequence[str],
    show_profile: bool,
    in_form: bool,
) -> None:
    if show_profile:
        st.header(t("bench.profile.title", lang))
        columns = st.columns(3)
        for column, field in zip(columns, PROFILE_FIELDS, strict=True):
            choices = questionnaire.profile_options(field)
            labels = {c.code: c.label(lang) for c in choices}
            column.selectbox(
                t(f"bench.profile.{field}", lang),
                [c.code for c in choices],
                format_func=partial(label_of, labels),
                index=None,
                placeholder=t("bench.profile.unknown", lang),
                key=f"{prefix}{field}",
            )
    wanted = set(question_ids)
    # A conditional question (asked_if) appears once its condition is met: the answers so
    # far are read from the widgets, which always come before it on the page.
    so_far = current_state(questionnaire, prefix).answers
    for question in questionnaire.questions:
        if wanted and question.id not in wanted:
            continue
        if in_form and question.asked_if is not None:
            condition = questionnaire.question(question.asked_if[0])
            if wanted and condition.id not in wanted:
                continue  # its condition is never asked: it could never count
            with st.container(border=True, key=f"{prefix}{question.id}_box"):
                _question_widget(question, lang, f"{prefix}{question.id}")
                st.caption(_condition_text(question, condition, lang))
            continue
        if not question.applies(so_far):
            continue
        with st.container(border=True):
            _question_widget(question, lang, f"{prefix}{question.id}")


def _condition_text(question: Question, condition: Question, lang: str) -> str:
    codes = question.asked_if[1] if question.asked_if is not None else frozenset()
    labels = [o.label(lang) for o in condition.options if o.code in codes]
    answer = " / ".join(quoted(escape_markdown(label), lang) for label in labels)
    question_text = quoted(escape_markdown(condition.label(lang)), lang)
    return t("ws.join.only_if", lang, answer=answer, question=question_text)


def _chosen_selector(question: Question, codes: frozenset[str]) -> str:
    """CSS for "one of ``codes`` is chosen" inside ``question``'s widget (see the DOM of
    Streamlit's segmented control, whose options are ``role=radio`` buttons, and of its
    radio list, whose inputs carry their index as value)."""
    positions = [i for i, code in enumerate(question.codes) if code in codes]
    if question.answer_type in ("yesno", "scale5"):
        parts = [f'[role="radio"]:nth-child({i + 1})[aria-checked="true"]' for i in positions]
    else:
        parts = [f'input[type="radio"][value="{i}"]:checked' for i in positions]
    return ", ".join(parts)


def conditions_css(questionnaire: Questionnaire, prefix: str) -> str:
    """Style rules that hide each conditional question of a form until its condition is
    chosen on the phone, without a trip to the server. A browser without ``:has`` ignores
    the rule and shows the question, whose caption says when it applies."""
    rules = []
    by_id = {question.id: question for question in questionnaire.questions}
    for question in questionnaire.questions:
        if question.asked_if is None or question.asked_if[0] not in by_id:
            continue
        condition = by_id[question.asked_if[0]]
        chosen = _chosen_selector(condition, question.asked_if[1])
        rules.append(
            f".st-key-{QUESTIONNAIRE_KEY}:not(:has(.st-key-{prefix}{condition.id} :is({chosen})))"
            f" .st-key-{prefix}{question.id}_box {{ display: none; }}"
        )
    return "\n".join(rules)


def current_state(questionnaire: Questionnaire, prefix: str) -> State:
    """The answers and profile now held by the widgets, validated by the questionnaire."""
    raw = {q.id: st.session_state.get(f"{prefix}{q.id}") for q in questionnaire.questions}
    answers = questionnaire.valid_answers({k: v for k, v in raw.items() if v is not None})
    profile = Profile(**{f: st.session_state.get(f"{prefix}{f}") for f in PROFILE_FIELDS})
    return State(answers=answers, profile=profile.cleaned(questionnaire))


def label_of(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)
