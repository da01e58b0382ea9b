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
from adoption.i18n import t
from adoption.questionnaire import Question, Questionnaire
from adoption.urlstate import State

PROFILE_FIELDS = ("size", "sector", "country")
# The app's own container around the questionnaire (its `st-key-questionnaire` class): the
# page's styles (chrome.PAGE_CSS) reach the widgets through it. One questionnaire per page.
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
) -> State:
    """Draw the profile and the questions; return what is answered so far.

    Each question is in a box keyed ``{prefix}{id}_box``; a conditional question appears
    once its condition is met.
    """
    with st.container(key=QUESTIONNAIRE_KEY):
        _widgets(questionnaire, lang, prefix, question_ids, show_profile)
    return current_state(questionnaire, prefix)


def _widgets(
    questionnaire: Questionnaire,
    lang: str,
    prefix: str,
    question_ids: Sequence[str],
    show_profile: bool,
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
        if not question.applies(so_far):
            continue
        with st.container(border=True, key=f"{prefix}{question.id}_box"):
            _question_widget(question, lang, f"{prefix}{question.id}")


def current_state(questionnaire: Questionnaire, prefix: str) -> State:
    """The answers and profile now held by the widgets, validated by the questionnaire."""
    raw = {q.id: st.session_state.get(f"{prefix}{q.id}") for q in questionnaire.questions}
    answers = questionnaire.valid_answers({k: v for k, v in raw.items() if v is not None})
    profile = Profile(**{f: st.session_state.get(f"{prefix}{f}") for f in PROFILE_FIELDS})
    return State(answers=answers, profile=profile.cleaned(questionnaire))


def label_of(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)
