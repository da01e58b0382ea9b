"""Tests for the CSV and Parquet exports of a workshop session's answers: the codes, and the
room's export for people (questions' text as headers, scores, local times, a codebook)."""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import fixtures
from adoption.benchmark import Profile
from adoption.exports import (
    PROFILE_COLUMNS,
    RESPONDENT_COLUMN,
    answers_frame,
    room_export,
    to_csv_bytes,
    to_parquet_bytes,
)
from adoption.i18n import t
from adoption.questionnaire import Questionnaire
from adoption.store import Submission, WorkshopStore, make_engine
from adoption.workshop import asked_pillars, participant_result, session_questionnaire

T0 = datetime(2025, 3, 14, 9, 30, 15, 123456, tzinfo=UTC)
TOKENS = ("tok_AAAAAAAAAAAAAAAAAAAA", "tok_BBBBBBBBBBBBBBBBBBBB", "tok_CCCCCCCCCCCCCCCCCCCC")


def make_submission(index: int, answers: dict[str, str], profile: dict[str, str]) -> Submission:
    return Submission(
        session_code="ACDEFG",
        participant=TOKENS[index],
        answers=answers,
        profile=profile,
        submitted_at=T0 + timedelta(minutes=index),
        updated_at=T0 + timedelta(minutes=index, seconds=30),
        revision=1 + index,
    )


@pytest.fixture
def submissions() -> list[Submission]:
    return [
        make_submission(
            0, {"q_use": "daily", "q_budget": "=1+1"}, {"size_class": "10-49", "sector": "C"}
        ),
        make_submission(
            1, {"q_use": "-x", "q_extra": "ignored"}, {"country": "FR", "city": "Lyon"}
        ),
        make_submission(2, {"q_budget": "Élevé — très"}, {}),
    ]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- answers_frame


def test_frame_has_one_anonymous_row_per_participant(submissions: list[Submission]) -> None:
    frame = answers_frame(submissions, ["q_use", "q_budget"])
    assert list(frame.columns) == [
        RESPONDENT_COLUMN,
        "submitted_at",
        "updated_at",
        *PROFILE_COLUMNS,
        "q_use",
        "q_budget",
    ]
    assert frame[RESPONDENT_COLUMN].tolist() == [1, 2, 3]
    assert frame["q_use"].tolist()[:2] == ["daily", "-x"]
    assert pd.isna(frame["q_use"].iloc[2])
    assert frame["sector"].tolist()[0] == "C"
    assert frame["country"].tolist()[1] == "FR"
    assert frame["submitted_at"].iloc[0] == pd.Timestamp("2025-03-14 09:30:15", tz="UTC")
    assert "city" not in frame.columns and "q_extra" not in frame.columns
    assert not frame.isin(TOKENS).any().any()


def test_frame_without_question_ids_uses_answered_questions(
    submissions: list[Submission],
) -> None:
    frame = answers_frame(submissions, [])
    assert list(frame.columns)[-3:] == ["q_budget", "q_extra", "q_use"]


def test_empty_frame() -> None:
    frame = answers_frame([], ["q_use"])
    assert len(frame) == 0
    assert RESPONDENT_COLUMN in frame.columns and "q_use" in frame.columns
    assert read_csv(to_csv_bytes(frame))[0][-1] == "q_use"
    assert len(pd.read_parquet(io.BytesIO(to_parquet_bytes(frame)))) == 0


@pytest.mark.parametrize("clash", ["sector", RESPONDENT_COLUMN, "submitted_at"])
def test_question_id_clashing_with_a_fixed_column(
    submissions: list[Submission], clash: str
) -> None:
    with pytest.raises(ValueError, match="clash"):
        answers_frame(submissions, ["q_use", clash])


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("x=1", "x=1"),
        ("daily", "daily"),
        ("Élevé", "Élevé"),
        ("", ""),
    ],
)
def test_csv_neutralises_formulas(cell: str, written: str) -> None:
    frame = pd.DataFrame({"text": [cell], "obj": pd.Series([cell], dtype=object)})
    rows = read_csv(to_csv_bytes(frame))
    assert rows[1] == [written, written]


def test_csv_leaves_numbers_alone() -> None:
    frame = pd.DataFrame({"n": [-5, 3], "x": [-1.5, 2.0], "s": ["-5", "ok"]})
    rows = read_csv(to_csv_bytes(frame))
    assert rows[1:] == [["-5", "-1.5", "'-5"], ["3", "2.0", "ok"]]


def test_csv_neutralises_every_kind_of_text_column() -> None:
    frame = pd.DataFrame(
        {
            "category": pd.Categorical(["=a", "b", "=a"]),
            "mixed": pd.Series(["-x", 3, None], dtype=object),
            "flag": [True, False, True],
            "when": pd.to_datetime(["2025-01-01"] * 3, utc=True),
            "text": pd.Series(["@x", None, "ok"], dtype="string"),
        }
    )
    rows = read_csv(to_csv_bytes(frame))
    assert [row[0] for row in rows[1:]] == ["'=a", "b", "'=a"]
    assert [row[1] for row in rows[1:]] == ["'-x", "3", ""]
    assert [row[2] for row in rows[1:]] == ["True", "False", "True"]
    assert rows[1][3].startswith("2025-01-01")
    assert [row[4] for row in rows[1:]] == ["'@x", "", "ok"]


def test_csv_with_duplicate_or_no_columns() -> None:
    frame = pd.DataFrame([["=a", "+b"]], columns=["x", "x"])
    assert read_csv(to_csv_bytes(frame)) == [["x", "x"], ["'=a", "'+b"]]
    assert to_csv_bytes(pd.DataFrame()).startswith(b"\xef\xbb\xbf")


def test_csv_neutralises_headers() -> None:
    frame = pd.DataFrame({"=cmd": ["a"]})
    assert read_csv(to_csv_bytes(frame))[0] == ["'=cmd"]


def test_csv_is_utf8_with_bom_and_has_no_token(submissions: list[Submission]) -> None:
    data = to_csv_bytes(answers_frame(submissions, ["q_use", "q_budget"]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Élevé — très".encode() in data
    for tok in TOKENS:
        assert tok.encode() not in data
    rows = read_csv(data)
    assert rows[0][0] == RESPONDENT_COLUMN
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[1][-1] == "'=1+1" and rows[2][-2] == "'-x"


def test_csv_semicolon_for_french_excel(submissions: list[Submission]) -> None:
    data = to_csv_bytes(answers_frame(submissions, ["q_use"]), lang="fr")
    assert data.decode("utf-8-sig").splitlines()[0].startswith(f"{RESPONDENT_COLUMN};")


def test_french_csv_round_trips_with_semicolons_and_decimal_commas() -> None:
    frame = pd.DataFrame({"label": ["Adoption; IA", "Autre"], "value": [18.16, 1234.5]})
    data = to_csv_bytes(frame, lang="fr")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "18,16" in data.decode("utf-8-sig")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, frame)
    english = pd.read_csv(io.BytesIO(to_csv_bytes(frame, lang="en")), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(english, frame)


def test_csv_does_not_change_the_frame(submissions: list[Submission]) -> None:
    frame = answers_frame(submissions, ["q_use", "q_budget"])
    before = frame.copy()
    to_csv_bytes(frame)
    pd.testing.assert_frame_equal(frame, before)


# --------------------------------------------------------------------------- Parquet


def test_parquet_round_trips(submissions: list[Submission]) -> None:
    frame = answers_frame(submissions, ["q_use", "q_budget"])
    data = to_parquet_bytes(frame)
    assert data.startswith(b"PAR1")
    for tok in TOKENS:
        assert tok.encode() not in data
    back = pd.read_parquet(io.BytesIO(data))
    pd.testing.assert_frame_equal(back, frame)
    # Parquet is for analysis, not spreadsheets: values are kept exactly.
    assert back["q_budget"].iloc[0] == "=1+1"


def test_export_from_a_real_store(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    try:
        store = WorkshopStore(engine)
        store.init_schema()
        created = store.create_session("Export", "fr", ["q_use"])
        people = ["p" * 20, "q" * 20]
        for person, answer in zip(people, ["+33 6", "jamais"], strict=True):
            store.submit(created.info.code, person, {"q_use": answer}, {"sector": "J"})
        room = store.room_answers(created.info.code, created.secret)
        frame = answers_frame(room, created.info.question_ids)
        data = to_csv_bytes(frame) + to_parquet_bytes(frame)
    finally:
        engine.dispose()
    assert frame["q_use"].tolist() == ["+33 6", "jamais"]
    assert all(person.encode() not in data for person in people)
    assert read_csv(to_csv_bytes(frame))[1][-1] == "'+33 6"


# --------------------------------------------------------------------------- a room's export

WINTER = datetime(2026, 1, 15, 8, 5, 9, tzinfo=UTC)  # Paris is UTC+1 in winter
SUMMER = datetime(2026, 7, 15, 8, 5, 9, tzinfo=UTC)  # and UTC+2 in summer


def _room_submissions(questionnaire: Questionnaire, people: int = 6) -> list[Submission]:
    chance = random.Random(11)  # noqa: S311 - made-up answers
    subs = []
    for index in range(people):
        answers = {q.id: chance.choice(q.codes) for q in questionnaire.questions}
        if index == 1:
            answers = dict(list(answers.items())[:4])  # answered a few questions only
        when = WINTER if index % 2 else SUMMER
        subs.append(
            Submission(
                session_code="ACDEFG",
                participant=f"tok_{index:020d}",
                answers=answers,
                profile={"size_class": "10-49", "sector": "trade"} if index else {},
                submitted_at=when,
                updated_at=when + timedelta(minutes=3),
                revision=1,
            )
        )
    return subs


SESSION_IDS = ("q_genai", "q_strategy", "q_policy", "q_kpi", "q_trained_staff", "q_pilot")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("ids", [(), SESSION_IDS], ids=["every question", "six questions"])
def test_room_export_headers_are_the_questions_text(lang: str, ids: tuple[str, ...]) -> None:
    questionnaire = fixtures.questionnaire()
    asked = session_questionnaire(questionnaire, ids).questions
    export = room_export(_room_submissions(questionnaire), questionnaire, ids, lang, "Europe/Paris")
    headers = list(export.answers.columns)
    texts = [q.label(lang) for q in asked]
    assert headers[-len(texts) :] == texts  # in the session's language, in its order
    other = "en" if lang == "fr" else "fr"
    assert not {q.label(other) for q in asked} & set(headers)
    assert not [h for h in headers if re.fullmatch(r"[a-z_]+", h)], "no code as a header"
    # Answers in words, as the participant read them.
    first = export.answers.iloc[0]
    for question in asked:
        code = _room_submissions(questionnaire)[0].answers[question.id]
        assert first[question.label(lang)] == question.option(code).label(lang)
    # The codes are kept in the codebook: each header's code, each answer's code.
    book = export.codebook
    column, code, answer_code, answer = book.columns
    rows = book[book[answer_code] == ""]
    assert list(rows[column]) == headers
    assert dict(zip(rows[column], rows[code], strict=True))[texts[0]] == asked[0].id
    yes = book[(book[code] == asked[0].id) & (book[answer_code] == asked[0].codes[0])]
    assert list(yes[answer]) == [asked[0].options[0].label(lang)]


@pytest.mark.parametrize("ids", [(), SESSION_IDS], ids=["every question", "six questions"])
def test_room_export_scores_are_the_engines(ids: tuple[str, ...]) -> None:
    questionnaire, dataset = fixtures.questionnaire(), fixtures.dataset()
    subs = _room_submissions(questionnaire)
    frame = room_export(subs, questionnaire, ids, "en", None).answers
    pillars = asked_pillars(session_questionnaire(questionnaire, ids))
    assert pillars
    for row, sub in zip(frame.itertuples(index=False), subs, strict=True):
        values = dict(zip(frame.columns, row, strict=True))
        # What the participant's phone showed them, for this participant.
        shown = participant_result(dataset, questionnaire, sub.answers, Profile(), "en", ids)
        assert values["Overall score (out of 100)"] == shown.score.overall
        assert values["Stage"] == t(f"bench.stage.{shown.score.stage}", "en")
        for pillar in pillars:
            value = values[f"{t(f'bench.pillar.{pillar}', 'en')} (score out of 100)"]
            expected = shown.pillars.get(pillar)
            assert (pd.isna(value) and expected is None) or value == expected, pillar
    assert str(frame["Overall score (out of 100)"].dtype) == "Int64"


@pytest.mark.parametrize(
    ("zone", "winter", "summer", "named"),
    [
        ("Europe/Paris", "+01:00", "+02:00", "Europe/Paris"),
        ("America/New_York", "-05:00", "-04:00", "America/New_York"),
        (None, "+00:00", "+00:00", None),
        ("Mars/Olympus_Mons", "+00:00", "+00:00", None),
        ("../../etc/passwd", "+00:00", "+00:00", None),
    ],
)
def test_room_export_times_carry_the_zones_offset(
    zone: str | None, winter: str, summer: str, named: str | None
) -> None:
    questionnaire = fixtures.questionnaire()
    subs = _room_submissions(questionnaire, 2)  # the first in summer, the second in winter
    export = room_export(subs, questionnaire, SESSION_IDS, "fr", zone)
    assert export.zone == named
    sent = export.answers.columns[1]
    assert sent == f"Envoyé le ({named or t('ws.export.utc', 'fr')})"
    data = to_csv_bytes(export.answers, lang="fr").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[0][1] == sent
    assert rows[1][1].endswith(summer) and rows[2][1].endswith(winter)
    if zone == "Europe/Paris":
        assert rows[2][1] == "2026-01-15 09:05:09+01:00"  # 08:05 UTC is 09:05 in Paris
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(export.answers)))
    assert back[sent].iloc[1] == pd.Timestamp(WINTER)  # the same instant


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_room_export_opens_cleanly_in_pandas_and_keeps_its_codes_in_parquet(lang: str) -> None:
    questionnaire = fixtures.questionnaire()
    export = room_export(_room_submissions(questionnaire), questionnaire, SESSION_IDS, lang, None)
    sep, decimal = (";", ",") if lang == "fr" else (",", ".")
    back = pd.read_csv(
        io.BytesIO(to_csv_bytes(export.answers, lang=lang)),
        sep=sep,
        decimal=decimal,
        encoding="utf-8-sig",
    )
    # One header row: the headers are the columns, the scores are numbers.
    assert list(back.columns) == list(export.answers.columns)
    assert len(back) == len(export.answers)
    assert pd.api.types.is_numeric_dtype(back[export.answers.columns[5]])  # overall score
    book = pd.read_csv(
        io.BytesIO(to_csv_bytes(export.codebook, lang=lang)), sep=sep, encoding="utf-8-sig"
    )
    assert len(book) == len(export.codebook)
    parquet = pd.read_parquet(io.BytesIO(to_parquet_bytes(export.answers)))
    pd.testing.assert_frame_equal(parquet, export.answers)
    codes = {row["column"]: row["code"] for row in parquet.attrs["codebook"]}
    assert codes[questionnaire.question("q_genai").label(lang)] == "q_genai"


def test_room_export_still_neutralises_formulas_and_holds_no_token() -> None:
    questionnaire = fixtures.questionnaire()
    subs = _room_submissions(questionnaire, 2)
    subs[0] = dataclasses.replace(subs[0], answers={"q_genai": "=HYPERLINK(1)"})
    export = room_export(subs, questionnaire, SESSION_IDS, "en", None)
    data = to_csv_bytes(export.answers)
    header = questionnaire.question("q_genai").label("en")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][header] == "'=HYPERLINK(1)"  # an unknown code stays as typed, defused
    assert all(sub.participant.encode() not in data for sub in subs)
