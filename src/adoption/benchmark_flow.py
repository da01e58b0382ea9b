"""The Benchmark page between reruns: what it remembers besides its widgets, and how each
user action changes it.

The answers, the profile and the toggles are Streamlit widgets (their keys are theirs);
what is not a widget lives in one :class:`BenchState`, changed only by :func:`step`. The
URL the page writes and the share link are derived from it here, so the whole flow is
tested without a server (``tests/test_benchmark_flow.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from adoption.questionnaire import Questionnaire
from adoption.urlstate import (
    DAY_PARAM,
    EARLIER_DAY_PARAM,
    FORMAT,
    PARAM,
    State,
    decode,
    link_param,
    parse_day,
    token_from_link,
)

QUESTIONS, RESULT = "questions", "result"
VIEW_PARAM = "view"  # ?view=result: the share link opens on the result
EARLIER_PARAM = "b0"  # ?b0=<token>: an earlier result to show the progress against
# The URL parameters the page owns: each is written when it has a value, removed otherwise.
URL_PARAMS = (PARAM, DAY_PARAM, VIEW_PARAM, EARLIER_PARAM, EARLIER_DAY_PARAM)

WidgetValues = tuple[tuple[str, object], ...]
# Outcomes of offering the answers to the pool after which the page offers it no more.
POOL_FINAL = ("added", "already")
POOL_ASKING = "asking"


@dataclass(frozen=True)
class BenchState:
    """What the page keeps between reruns, besides its widgets."""

    view: str = QUESTIONS  # the open tab
    # The answers the page was opened with (their token) and the day the link gave them,
    # None when it gave none: those answers keep that day, any other answers are today's.
    link_token: str = ""
    link_day: date | None = None
    earlier: str = ""  # the earlier result, as the link it stands for ("" when none)
    confirming: bool = False  # "start again?" is asked
    erased: WidgetValues | None = None  # the widgets' values before "start again", for undo
    scroll: int = 0  # > 0: bring the result's top into view on this rerun
    # Adding the answers to the pool of peers in this session: "" not asked, "asking" (the
    # opt-in is on; waiting for the browser to say which device it is), then what became
    # of them: "added" and "already" are final, a refusal lets the user try again.
    pooled: str = ""


@dataclass(frozen=True)
class Opened:
    """The first run: the page's URL parameters, and the token of the answers it seeds."""

    params: Mapping[str, str]
    token: str
    has_answers: bool
    today: date
    base_url: str = ""


@dataclass(frozen=True)
class TabShown:
    view: str


@dataclass(frozen=True)
class ShowResult:
    """ "See my result": open the result and bring its top into view."""


@dataclass(frozen=True)
class Scrolled:
    """The result's top was brought into view."""


@dataclass(frozen=True)
class AskRestart:
    pass


@dataclass(frozen=True)
class KeepAnswers:
    """ "No, keep them": the question is withdrawn."""


@dataclass(frozen=True)
class Erase:
    """ "Yes, start again": the widgets' values are kept for undo, then emptied."""

    values: WidgetValues


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class Answered:
    """The form holds an answer: answering again after "start again" ends the undo."""


@dataclass(frozen=True)
class EarlierPasted:
    link: str


@dataclass(frozen=True)
class PoolAsked:
    """The opt-in was turned on: add the answers once the browser has said which device
    it is (asked only now, not on loading the page: see adoption_ui.pool_ui)."""


@dataclass(frozen=True)
class Pooled:
    """The answers were offered to the pool of peers; ``outcome`` is what became of them
    ("" when the opt-in was turned off again before they were)."""

    outcome: str


Event = (
    Opened
    | TabShown
    | ShowResult
    | Scrolled
    | AskRestart
    | KeepAnswers
    | Erase
    | Undo
    | Answered
    | EarlierPasted
    | PoolAsked
    | Pooled
)


def step(state: BenchState, event: Event) -> BenchState:
    """The state after ``event``."""
    match event:
        case Opened():
            return opened(state, event)
        case TabShown(view):
            return replace(state, view=view)
        case ShowResult():
            return replace(state, view=RESULT, scroll=state.scroll + 1)
        case Scrolled():
            return replace(state, scroll=0)
        case AskRestart():
            return replace(state, confirming=True)
        case KeepAnswers():
            return replace(state, confirming=False)
        case Erase(values):
            return replace(state, erased=values, confirming=False)
        case Undo() | Answered():
            return replace(state, erased=None)
        case EarlierPasted(link):
            return replace(state, earlier=link)
        case PoolAsked():
            if state.pooled in POOL_FINAL:
                return state  # added (or found) once: a later offer changes nothing
            return replace(state, pooled=POOL_ASKING)
        case Pooled(outcome):
            if state.pooled in POOL_FINAL:
                return state
            return replace(state, pooled=outcome)


def opened(state: BenchState, event: Opened) -> BenchState:
    """The view, the link's day and the earlier result, read from the URL. The earlier
    result travels in its own parameters, b0 and d0, and is kept as the link it stands for,
    so that its day is read the same way as from a pasted link."""
    params = event.params
    asked = params.get(VIEW_PARAM) == RESULT and event.has_answers
    earlier = {
        PARAM: str(params.get(EARLIER_PARAM) or ""),
        DAY_PARAM: str(params.get(EARLIER_DAY_PARAM) or ""),
    }
    query = urlencode({k: v for k, v in earlier.items() if v})
    base = event.base_url.rstrip("/")
    return replace(
        state,
        view=RESULT if asked else QUESTIONS,
        link_token=event.token,
        link_day=parse_day(params.get(DAY_PARAM), event.today),
        earlier=(f"{base}?{query}" if base else query) if earlier[PARAM] else "",
    )


def bad_day(params: Mapping[str, str], state: BenchState) -> bool:
    """Whether the link gave a ``d`` that is not a day the answers could have been given."""
    return params.get(DAY_PARAM) is not None and state.link_day is None


def answered_on(state: BenchState, token: str, today: date) -> date:
    """The day the answers in ``token`` were given: the link's for the answers it opened
    with (also when "undo" brings them back), today for any other answers."""
    if token == state.link_token and state.link_day is not None:
        return state.link_day
    return today


def earlier_on(link: str, day: date) -> tuple[date | None, bool]:
    """The day of the earlier result, from its link, and whether the link's day had to be
    ignored (not a date, or later than this result's ``day``)."""
    raw = link_param(link, DAY_PARAM)
    if not raw:
        return None, False
    found = parse_day(raw, day)
    return found, found is None


def has_any(answers: State) -> bool:
    """Whether anything is answered, profile included."""
    return bool(answers.answers or any(vars(answers.profile).values()))


def url_params(
    token: str,
    day: date,
    *,
    answered: bool,
    view: str,
    earlier_token: str | None,
    earlier_day: date | None,
) -> dict[str, str]:
    """The page's URL parameters (:data:`URL_PARAMS`) that have a value: the answers and
    their day once anything is answered, the open view when it is the result, the earlier
    result when it could be read (``earlier_token`` None otherwise)."""
    params: dict[str, str] = {}
    if answered:
        params |= {PARAM: token, DAY_PARAM: day.isoformat()}
    if view == RESULT:
        params[VIEW_PARAM] = RESULT
    if earlier_token is not None:
        params[EARLIER_PARAM] = earlier_token
        if earlier_day is not None:
            params[EARLIER_DAY_PARAM] = earlier_day.isoformat()
    return params


def share_url(
    base_url: str,
    lang: str,
    token: str,
    day: date,
    *,
    earlier_token: str | None,
    earlier_day: date | None,
) -> str:
    """The link that reopens this result (and the earlier one it is compared to) anywhere."""
    url = (
        f"{base_url.rstrip('/')}?lang={lang}&{PARAM}={token}"
        f"&{DAY_PARAM}={day.isoformat()}&{VIEW_PARAM}={RESULT}"
    )
    if earlier_token is not None:
        url += f"&{EARLIER_PARAM}={earlier_token}"
        if earlier_day is not None:
            url += f"&{EARLIER_DAY_PARAM}={earlier_day.isoformat()}"
    return url


@dataclass(frozen=True)
class Earlier:
    """The earlier result a progress is measured from, read from its link."""

    token: str
    state: State
    problems: list[str]
    day: date | None
    bad_day: bool  # the link's day had to be ignored (the page says so)

    @property
    def kept(self) -> str | None:
        """The token the URL keeps (``b0``): None when the link holds no readable answers."""
        return self.token if self.state.answers and FORMAT not in self.problems else None


def read_earlier(link: str, day: date, questionnaire: Questionnaire) -> Earlier:
    """The earlier result in ``link`` (a pasted link or one rebuilt from ``b0``/``d0``);
    its day must not be later than this result's ``day``."""
    token = token_from_link(link)
    state, problems = decode(token, questionnaire)
    earlier_day, bad = earlier_on(link, day) if token else (None, False)
    return Earlier(token, state, problems, earlier_day, bad)
