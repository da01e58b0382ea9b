"""Downloads as CSV (for Excel, the language's way) or Parquet (for analysis): a workshop
session's answers, the Explore selection, a chart's data.

Rows are anonymous: a respondent number replaces the participant token, which lets its
holder change answers and must never leave the app. CSV cells that a spreadsheet would run
as a formula are neutralised, since answers and titles are typed by anyone in the room.

A room's export (:func:`room_export`) is read by people first: one header row, each
question's text in the session's language, answers in words, each participant's scores as
their phone showed them (:func:`adoption.workshop.session_score`), and times in the
facilitator's time zone with the offset in every cell. The codes (``q_genai``, ``yes``)
are kept in a codebook beside it (a second CSV, and inside the Parquet file as
``DataFrame.attrs["codebook"]``) rather than in a second header row, which Excel would
sort and filter as data and pandas would read as a first row turning every number into
text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo

import pandas as pd

from adoption.benchmark import STAGES
from adoption.i18n import t as text
from adoption.questionnaire import Questionnaire
from adoption.store import Submission
from adoption.workshop import STORE_PROFILE, asked_pillars, session_questionnaire, session_score

__all__ = [
    "FORMULA_PREFIXES",
    "LABEL_SUFFIX",
    "PROFILE_COLUMNS",
    "RESPONDENT_COLUMN",
    "RoomExport",
    "answers_frame",
    "export_zone",
    "room_export",
    "to_csv_bytes",
    "to_parquet_bytes",
]

RESPONDENT_COLUMN = "respondent"
TIME_COLUMNS = ("submitted_at", "updated_at")
PROFILE_COLUMNS = ("size_class", "sector", "country")
LABEL_SUFFIX = "_label"  # beside a code column: the answer as the participant read it
# Excel, LibreOffice and Google Sheets evaluate a cell that starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def answers_frame(
    submissions: Sequence[Submission],
    question_ids: Sequence[str],
    *,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    profile_columns: Sequence[str] = PROFILE_COLUMNS,
) -> pd.DataFrame:
    """One row per participant: respondent number, times, profile, one column per question.

    With ``labels`` (column → code → text in the session's language), every profile or
    question column it names is followed by ``<column>_label``, the answer in words.
    ``profile_columns``: the profile fields the session asked.

    Rows keep the order of `submissions` (oldest first from `WorkshopStore.room_answers`)
    and are numbered 1..n. With no `question_ids`, the questions answered by anyone are
    used, sorted. Profile keys other than `PROFILE_COLUMNS` are left out. Missing answers
    are empty (NA).
    """
    fixed = (RESPONDENT_COLUMN, *TIME_COLUMNS, *profile_columns)
    if not question_ids:
        question_ids = sorted({qid for sub in submissions for qid in sub.answers})
    questions = list(dict.fromkeys(question_ids))
    clashes = sorted(set(questions) & set(fixed))
    if clashes:
        raise ValueError(f"question ids clash with fixed export columns: {clashes}")

    columns: dict[str, list[object]] = {name: [] for name in (*fixed, *questions)}
    for number, sub in enumerate(submissions, start=1):
        columns[RESPONDENT_COLUMN].append(number)
        columns["submitted_at"].append(sub.submitted_at)
        columns["updated_at"].append(sub.updated_at)
        for name in profile_columns:
            columns[name].append(sub.profile.get(name))
        for qid in questions:
            columns[qid].append(sub.answers.get(qid))

    frame = pd.DataFrame(columns)
    frame[RESPONDENT_COLUMN] = frame[RESPONDENT_COLUMN].astype("int64")
    for name in TIME_COLUMNS:
        # Whole seconds: microseconds add nothing for a workshop and help tell people apart.
        frame[name] = pd.to_datetime(frame[name], utc=True).dt.floor("s")
    for name in (*profile_columns, *questions):
        frame[name] = frame[name].astype("string")
    for name in (*profile_columns, *questions):
        words = (labels or {}).get(name)
        if words is not None:
            spelled = frame[name].map(lambda code, words=words: words.get(code, code))
            at = list(frame.columns).index(name) + 1
            frame.insert(at, f"{name}{LABEL_SUFFIX}", spelled.astype("string"))
    return frame


@dataclass(frozen=True)
class RoomExport:
    """A room's answers for people (``answers``) and the codes behind them (``codebook``).

    ``codebook`` has one row per column of ``answers`` (its header and its code) and, below
    each column of words, one row per answer (its code and its words). ``zone`` names the
    time zone of the times, ``None`` when they are in UTC because the browser's was unknown.
    """

    answers: pd.DataFrame
    codebook: pd.DataFrame
    zone: str | None


def export_zone(name: str | None) -> tuple[tzinfo, str | None]:
    """The time zone called ``name`` (an IANA name such as ``Europe/Paris``, as the
    browser gives it), or UTC and ``None`` when it is missing or unknown."""
    if not name:
        return UTC, None
    try:
        return ZoneInfo(name), name
    except (KeyError, ValueError, OSError):  # not found, a path, a directory, too long
        return UTC, None


def room_export(
    submissions: Sequence[Submission],
    questionnaire: Questionnaire,
    question_ids: Sequence[str],
    lang: str,
    timezone: str | None,
) -> RoomExport:
    """The room's answers in ``lang`` (the session's language), one row per participant.

    Columns: the participant's number; when they sent and last changed their answers, in
    ``timezone`` (UTC, said in the header, when it is unknown); their size and sector in
    words; their overall score, stage and score per pillar the session asked about,
    computed by the engine that showed them their result; then each question's answer in
    words, under the question's text.
    """
    # The questionnaire's order, as on the slides and in the room report; an id it does not
    # know (a question since removed) keeps its column, last.
    wanted = list(dict.fromkeys(question_ids)) or list(questionnaire.ids)
    ids = [i for i in questionnaire.ids if i in wanted] + [
        i for i in wanted if i not in questionnaire.ids
    ]
    profile = tuple(STORE_PROFILE.values())
    codes = answers_frame(submissions, ids, profile_columns=profile)
    zone, zone_name = export_zone(timezone)
    where = zone_name or text("ws.export.utc", lang)
    by_id = {q.id: q for q in questionnaire.questions}

    columns: dict[str, pd.Series] = {}
    book: list[dict[str, str]] = []
    headers: set[str] = set()

    def add(
        code: str, header: str, values: pd.Series, words: Mapping[str, str] | None = None
    ) -> None:
        if header in headers:  # two questions worded alike: the code tells them apart
            header = f"{header} [{code}]"
        headers.add(header)
        columns[header] = values
        book.append({"column": header, "code": code, "answer_code": "", "answer": ""})
        book.extend(
            {"column": header, "code": code, "answer_code": key, "answer": value}
            for key, value in (words or {}).items()
        )

    add(RESPONDENT_COLUMN, text("ws.export.respondent", lang), codes[RESPONDENT_COLUMN])
    times = {
        "submitted_at": text("ws.export.submitted_at", lang, zone=where),
        "updated_at": text("ws.export.updated_at", lang, zone=where),
    }
    for name, header in times.items():
        add(name, header, codes[name].dt.tz_convert(zone))
    for field, column in STORE_PROFILE.items():
        words = {c.code: c.label(lang) for c in questionnaire.profile_options(field)}
        add(column, text(f"bench.profile.{field}", lang), _spelled(codes[column], words), words)

    scores = [session_score(questionnaire, sub.answers, ids) for sub in submissions]
    overall = pd.Series([result.overall for result, _ in scores], dtype="Int64")
    add("score_overall", text("ws.export.overall", lang), overall)
    stages = {name: text(f"bench.stage.{name}", lang) for name, _ in STAGES}
    stage = pd.Series([stages[result.stage] for result, _ in scores], dtype="string")
    add("stage", text("ws.export.stage", lang), stage, stages)
    for pillar in asked_pillars(session_questionnaire(questionnaire, ids)):
        values = pd.Series([pillars.get(pillar) for _, pillars in scores], dtype="Int64")
        name = text(f"bench.pillar.{pillar}", lang)
        add(f"score_{pillar}", text("ws.export.pillar", lang, pillar=name), values)

    for qid in ids:
        question = by_id.get(qid)
        words = {o.code: o.label(lang) for o in question.options} if question else {}
        header = question.label(lang) if question else qid
        add(qid, header, _spelled(codes[qid], words), words)

    answers = pd.DataFrame(columns, index=codes.index)
    codebook = pd.DataFrame(book, columns=["column", "code", "answer_code", "answer"])
    codebook.columns = pd.Index(
        [
            text("ws.export.book.column", lang),
            text("ws.export.book.code", lang),
            text("ws.export.book.answer_code", lang),
            text("ws.export.book.answer", lang),
        ]
    )
    # Parquet keeps the codes with the answers (pandas stores attrs in the file).
    answers.attrs["codebook"] = book
    return RoomExport(answers=answers, codebook=codebook, zone=zone_name)


def _spelled(codes: pd.Series, words: Mapping[str, str]) -> pd.Series:
    """Codes in words; a code the questionnaire does not know stays as it is."""
    return codes.map(lambda code: words.get(code, code), na_action="ignore").astype("string")


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _may_hold_text(column: pd.Series) -> bool:
    # Object, string and categorical columns can hold text; numbers, booleans and times
    # cannot, and are written untouched.
    dtype = column.dtype
    return not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def to_csv_bytes(frame: pd.DataFrame, *, lang: str = "en") -> bytes:
    """CSV as UTF-8 with a BOM, so Excel shows accents; formulas neutralised.

    French CSV is what French Excel opens by double-click: ``;`` between fields and a
    decimal comma (``18,16``); English CSV uses ``,`` and ``.``. Every text cell (and
    header) starting with = + - @ tab or CR gets a leading `'`. `frame` is not changed.
    """
    columns = [
        column.astype(object).map(_neutralise) if _may_hold_text(column) else column
        for _, column in frame.items()
    ]
    safe = (
        pd.concat(columns, axis=1, keys=range(len(columns)))
        if columns
        else pd.DataFrame(index=frame.index)
    )
    safe.columns = [_neutralise(str(name)) for name in frame.columns]
    sep, decimal = (";", ",") if lang == "fr" else (",", ".")
    text = safe.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet bytes written by pyarrow; read back with `pandas.read_parquet`."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()
