"""The participant's own result on the join page, through app.py with AppTest.

After Send the phone shows the benchmark's own result for its answers on the session's
questions: the score and stage, the firm's own population first, the next steps, the share
link (the benchmark's token, which opens the same result on /benchmark) and the PDF. A
session that asked only some questions says nothing of the others; a phone that comes back
finds its result again, before the notice once the session is closed; another device never
sees it. In French and in English.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import fixtures
from adoption.benchmark import Profile
from adoption.i18n import t, tn
from adoption.join_flow import Device, JoinFlow, draft_from_json
from adoption.standing import result
from adoption.store import CreatedSession, WorkshopStore, dispose_all, make_engine
from adoption.urlstate import decode
from adoption.workshop import escape_markdown, participant_result, session_questionnaire
from adoption_ui.join_page import KEY as JOIN_KEY
from claims import MEMBERSHIP

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DATASET = fixtures.dataset()
QUESTIONNAIRE = fixtures.questionnaire()
# A firm that uses AI, has a strategy and a policy, measures nothing yet.
ANSWERS = {"q_genai": "yes", "q_frequency": "weekly_many", "q_strategy": "yes", "q_policy": "yes"}
PROFILE = {"size_class": "20-49", "country": "FR"}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("ADOPTION_DATABASE_URL", url)
    st.cache_resource.clear()
    engine = make_engine(url)
    shop = WorkshopStore(engine)
    shop.init_schema()
    yield shop
    engine.dispose()
    st.cache_resource.clear()
    dispose_all()  # the pages' engines live outside Streamlit's caches


def french_room(store: WorkshopStore, question_ids: tuple[str, ...] = ()) -> CreatedSession:
    return store.create_session("Club des dirigeants", "fr", question_ids, country="FR")


def join(code: str, device: str, lang: str, draft: dict[str, object] | None = None) -> AppTest:
    """The join page for ``code`` on the phone whose browser keeps ``device`` (AppTest runs
    no script: this is what the page knows once the browser has reported)."""
    at = AppTest.from_file(APP, default_timeout=60)
    kept = draft_from_json(json.dumps(draft), QUESTIONNAIRE) if draft is not None else None
    at.session_state[JOIN_KEY] = JoinFlow(
        Device(provisional=device, reported=device), code=code, kept=kept, kept_reported=True
    )
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/join.py")
    at.query_params["lang"] = lang
    at.query_params["code"] = code
    at.run()
    assert not at.exception
    return at


def answer_and_send(at: AppTest, code: str, answers: dict[str, str]) -> None:
    for question, value in answers.items():
        key = f"wsj_{code}_{question}"
        widgets = [w for kind in ("segmented_control", "radio") for w in at.get(kind)]
        next(w for w in widgets if w.key == key).set_value(value)
    at.selectbox(key=f"wsj_{code}_size").set_value(PROFILE["size_class"])
    at.button(key=f"wsj_{code}_send").click().run()
    assert not at.exception


def in_order(at: AppTest) -> list[str]:
    """Headers and notices, as the page shows them from top to bottom."""
    return [
        str(node.value)
        for node in at.main
        if getattr(node, "type", "") in ("header", "subheader", "warning", "error", "success")
    ]


def page_text(at: AppTest) -> str:
    markdown = "\n".join(m.value for m in at.markdown)
    captions = "\n".join(c.value for c in at.caption)
    shown = "\n".join(html.unescape(h.proto.body) for h in at.get("html"))
    return f"{markdown}\n{captions}\n{shown}"


def share_link(at: AppTest) -> str:
    links = [c.value for c in at.code if "/benchmark?" in c.value]
    assert len(links) == 1, links
    return links[0]


def pdf_buttons(at: AppTest, lang: str) -> list[object]:
    return [b for b in at.get("download_button") if b.proto.label == t("benchpage.pdf", lang)]


def score_shown(at: AppTest) -> str:
    found = re.findall(r">(\d{1,3}/100)<", "".join(h.proto.body for h in at.get("html")))
    assert found, "no score on the page"
    return found[0]


# --------------------------------------------------------------------------- the result


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_after_send_the_phone_shows_the_benchmarks_result_for_its_answers(
    store: WorkshopStore, lang: str
) -> None:
    room = french_room(store)
    code, device = room.info.code, secrets.token_urlsafe(16)
    at = join(code, device, lang)
    assert t("ws.join.result", lang) not in in_order(at), "no result before a send"
    answer_and_send(at, code, ANSWERS)

    profile = Profile(size="20-49", country="FR")  # the room's country, by default
    assert store.get_submission(code, device).profile == PROFILE
    mine = participant_result(DATASET, QUESTIONNAIRE, ANSWERS, profile, lang)
    view = result(DATASET, QUESTIONNAIRE, ANSWERS, profile, lang)
    assert mine.view == view, "the benchmark page's own result"

    # Sent, then the result, then the form to change the answers.
    headers = in_order(at)
    assert headers[:4] == [
        room.info.title,
        t("ws.join.sent", lang),
        t("ws.join.result", lang),
        t("benchpage.own_title", lang),
    ]
    assert headers.index(t("bench.next_steps.title", lang)) < headers.index(
        t("ws.join.profile", lang)
    )
    assert at.session_state[JOIN_KEY].scroll is False, "the result was brought into view"

    text = page_text(at)
    assert score_shown(at) == t("bench.score.out_of", lang, score=view.score.overall)
    assert view.score.stage_label(lang) in text
    answered = tn("bench.score.answered", view.score.answered, lang, total=view.score.total)
    assert answered in text
    # The firm's own population first, each figure once, as the benchmark writes it.
    assert view.official and view.own_population()
    for item in view.own_population():
        assert item.comparison.value_text in text, item.comparison.figure_id
    if lang == "fr":
        assert "\u202f%" in text and not re.search(r"\d %", text)
    # 3 to 5 next steps, the benchmark's own.
    assert 3 <= len(view.steps) <= 5
    for step in view.steps:
        assert step.practice in text

    # The share link is the benchmark's: it holds the answers and opens the same result.
    link = share_link(at)
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path.endswith("/benchmark")
    assert query["lang"] == [lang] and query["view"] == ["result"] and query["b"] == [mine.token]
    state, problems = decode(query["b"][0], QUESTIONNAIRE)
    assert problems == [] and dict(state.answers) == ANSWERS and state.profile == profile
    assert result(DATASET, QUESTIONNAIRE, state.answers, state.profile, lang) == view
    assert [b.proto.url for b in at.get("link_button")] == [link]
    assert t("ws.join.share_help", lang) in text
    assert len(pdf_buttons(at, lang)) == 1
    assert room.secret not in link and device not in link, "nothing private in the link"


def test_a_subset_session_says_only_what_it_asked(store: WorkshopStore) -> None:
    """A session of three questions: the score averages their pillars, the pillars it did
    not ask are not shown (not even as "n/a"), no other question is compared, and the link
    says that the benchmark page asks them all."""
    asked = ("q_genai", "q_strategy", "q_kpi")
    room = store.create_session("Court", "en", asked, country="FR")
    code, device = room.info.code, secrets.token_urlsafe(16)
    at = join(code, device, "en")
    answers = {"q_genai": "yes", "q_strategy": "yes", "q_kpi": "no"}
    answer_and_send(at, code, answers)
    profile = Profile(size="20-49", country="FR")
    mine = participant_result(DATASET, QUESTIONNAIRE, answers, profile, "en", asked)
    # Using generative AI scores no points: the session asked two pillars.
    assert mine.subset and mine.asked_pillars == ("strategy", "measurement")
    whole = result(DATASET, QUESTIONNAIRE, answers, profile, "en")
    assert mine.score.overall != whole.score.overall, "a case where the two would differ"

    text = page_text(at)
    assert score_shown(at) == f"{mine.score.overall}/100"
    assert t("bench.pillar.not_applicable", "en") not in text
    for pillar in ("use", "skills", "governance"):
        assert t(f"bench.pillar.{pillar}", "en") not in text
    pillars = "strategy, measurement"
    assert t("ws.join.result_subset", "en", asked=3, total=18, pillars=pillars) in text
    assert tn("bench.score.answered", 3, "en", total=3) in text

    # Nothing is said of a question the session did not ask: not even "unanswered".
    unasked = [s for s in whole.own_population() if s.comparison.question_id not in asked]
    assert unasked
    for stated in unasked:
        assert stated.comparison.sentence not in text, stated.comparison.question_id
    at.toggle(key="bench_references").set_value(True).run()
    text = page_text(at)
    subset_view = result(
        DATASET, session_questionnaire(QUESTIONNAIRE, asked), answers, profile, "en"
    )
    shown = [line for line in text.splitlines() if MEMBERSHIP.search(line)]
    said = {escape_markdown(s.comparison.sentence) for s in subset_view.own_population()}
    assert shown and all(any(sentence in line for sentence in said) for line in shown)

    # The link opens the answers on the benchmark page, which says so.
    assert t("ws.join.share_subset", "en", total=18) in text
    state, _ = decode(parse_qs(urlsplit(share_link(at)).query)["b"][0], QUESTIONNAIRE)
    assert dict(state.answers) == answers
    buttons = at.get("link_button")
    assert [b.proto.label for b in buttons] == [t("ws.join.open_answers", "en")]


def test_a_session_of_opinions_only_gives_no_score(store: WorkshopStore) -> None:
    """Opinions carry no points: a session that asked only those says there is no score,
    rather than 0/100, and still sets the answers against the figures."""
    asked = ("q_genai", "q_essential")
    room = store.create_session("Sondage", "en", asked, country="FR")
    code, device = room.info.code, secrets.token_urlsafe(16)
    at = join(code, device, "en")
    answer_and_send(at, code, {"q_genai": "yes", "q_essential": "4"})
    assert [i.value for i in at.info] == [t("bench.score.none", "en")]
    assert not re.search(r"\d/100", page_text(at))
    assert "()" not in page_text(at)
    assert t("benchpage.own_title", "en") in in_order(at)


# --------------------------------------------------------------------------- coming back


def test_the_phone_finds_its_result_again_also_once_the_session_is_closed(
    store: WorkshopStore,
) -> None:
    room = french_room(store)
    code, device = room.info.code, secrets.token_urlsafe(16)
    store.submit(code, device, ANSWERS, PROFILE)
    profile = Profile(size="20-49", country="FR")
    expected = result(DATASET, QUESTIONNAIRE, ANSWERS, profile, "fr").score.overall

    back = join(code, device, "fr")
    headers = in_order(back)
    assert headers.index(t("ws.join.result", "fr")) < headers.index(t("ws.join.already", "fr"))
    assert score_shown(back) == f"{expected}/100"
    assert not back.session_state[JOIN_KEY].scroll, "only a send scrolls"

    store.close(code, room.secret)
    closed = join(code, device, "fr")
    headers = in_order(closed)
    # The result first, then the notice; no form, and no "from your saved answers" note
    # (there is no other answer on screen to tell it from).
    assert headers.index(t("ws.join.result", "fr")) < headers.index(t("ws.join.closed", "fr"))
    assert score_shown(closed) == f"{expected}/100"
    assert not [c for c in closed.get("segmented_control") if (c.key or "").startswith("wsj_")]
    assert t("ws.join.result_note", "fr") not in page_text(closed)
    assert share_link(closed)
    assert pdf_buttons(closed, "fr")

    # Another phone that opens the same link sees the notice, nothing of this result.
    stranger = join(code, secrets.token_urlsafe(16), "fr")
    assert in_order(stranger) == [room.info.title, t("ws.join.closed", "fr")]
    assert not [c for c in stranger.code if "/benchmark?" in c.value]
    assert not pdf_buttons(stranger, "fr")
    assert f"{expected}/100" not in page_text(stranger)


def test_a_draft_on_screen_is_not_the_result(store: WorkshopStore) -> None:
    """The phone comes back with answers changed but not sent: the result is still the
    stored answers', and says so."""
    room = french_room(store)
    code, device = room.info.code, secrets.token_urlsafe(16)
    store.submit(code, device, ANSWERS, PROFILE)
    changed = {"answers": {"q_genai": "no"}, "profile": PROFILE}
    at = join(code, device, "en", draft=changed)
    profile = Profile(size="20-49", country="FR")
    stored = result(DATASET, QUESTIONNAIRE, ANSWERS, profile, "en").score.overall
    assert score_shown(at) == f"{stored}/100"
    assert t("ws.join.result_note", "en") in page_text(at)
    assert at.segmented_control(key=f"wsj_{code}_q_genai").value == "no"


def test_the_result_follows_the_language_of_the_page(store: WorkshopStore) -> None:
    room = french_room(store)
    code, device = room.info.code, secrets.token_urlsafe(16)
    store.submit(code, device, ANSWERS, PROFILE)
    profile = Profile(size="20-49", country="FR")
    for lang in ("fr", "en"):
        at = join(code, device, lang)
        view = result(DATASET, QUESTIONNAIRE, ANSWERS, profile, lang)
        headers = in_order(at)
        for key in ("ws.join.result", "benchpage.own_title", "bench.next_steps.title"):
            assert t(key, lang) in headers
        assert view.steps[0].practice in page_text(at)
        assert parse_qs(urlsplit(share_link(at)).query)["lang"] == [lang]
        other = "en" if lang == "fr" else "fr"
        assert t("ws.join.result", other) not in headers
