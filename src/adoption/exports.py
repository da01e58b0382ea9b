"""Downloads as CSV (for Excel, the language's way) or Parquet (for analysis): a workshop
session's answers, the Explore selection, a chart's data.

Rows are anonymous: a respondent number replaces the participant token, which lets its
holder change answers and must never leave the app. CSV cells that a spreadsheet would run
as a formula are neutralised, since answers and titles are typed by anyone in the room.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import pandas as pd

from adoption.store import Submission

__all__ = [
    "FORMULA_PREFIXES",
    "LABEL_SUFFIX",
    "PROFILE_COLUMNS",
    "RESPONDENT_COLUMN",
    "answers_frame",
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
