"""What the store accepts: join codes, participant tokens, titles, ids, answers, months; and
how a facilitator secret is hashed and answers are serialised."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypeGuard

from adoption.store.errors import InvalidInput, UnknownSession
from adoption.store.schema import (
    CODE_LENGTH,
    COUNTRY_MAX,
    LANGS,
    MAX_CAPACITY,
    MAX_QUESTIONS,
    TITLE_MAX,
)

__all__ = [
    "CODE_ALPHABET",
    "clean_capacity",
    "clean_country",
    "clean_lang",
    "clean_mapping",
    "clean_month",
    "clean_participant",
    "clean_question_ids",
    "clean_title",
    "dump",
    "generate_code",
    "hash_secret",
    "is_participant",
    "load",
    "month_at",
    "month_index",
    "month_of",
    "new_participant",
    "normalize_code",
]

# Read aloud in a noisy room and typed on a phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
_CODE_RE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PARTICIPANT_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Phones autocorrect "-" into typographic dashes; accept them all as separators.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")
# Unicode control, surrogate and line/paragraph separator categories: never in stored text.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def generate_code() -> str:
    """Draw a random join code from `CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: object) -> str:
    """Turn what someone typed ("  acd-e3f ") into a join code ("ACDE3F").

    Raises `UnknownSession` when the result cannot be a join code.
    """
    if not isinstance(raw, str) or len(raw) > 64:
        raise UnknownSession("This session code does not exist.")
    code = _CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()
    if not _CODE_RE.fullmatch(code):
        raise UnknownSession("This session code does not exist.")
    return code


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _bad_char(text: str) -> bool:
    return any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text)


def clean_title(title: object) -> str:
    if not isinstance(title, str):
        raise InvalidInput("The title must be text.", field="title")
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise InvalidInput(f"The title must have 1 to {TITLE_MAX} characters.", field="title")
    if _bad_char(title):
        raise InvalidInput("The title contains control characters.", field="title")
    return title


def clean_lang(lang: object) -> str:
    if lang not in LANGS:
        raise InvalidInput("The language must be 'fr' or 'en'.", field="lang")
    return str(lang)


_COUNTRY = re.compile(f"[A-Z]{{{COUNTRY_MAX}}}")


def clean_country(country: object) -> str | None:
    """The room's country: None, or a geo code of two capital letters ("FR", "EL")."""
    if country is None or country == "":
        return None
    if not isinstance(country, str) or not _COUNTRY.fullmatch(country):
        raise InvalidInput("The country must be a two-letter code such as FR.", field="country")
    return country


def clean_capacity(capacity: object) -> int | None:
    """The expected room size: None (no cap) or a whole number from 1 to `MAX_CAPACITY`."""
    if capacity is None:
        return None
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise InvalidInput("The expected size must be a whole number.", field="capacity")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(f"The expected size must be 1 to {MAX_CAPACITY}.", field="capacity")
    return capacity


def clean_question_ids(question_ids: object) -> tuple[str, ...]:
    # A bare string is a Sequence[str] too; iterating it would store one id per letter.
    if isinstance(question_ids, str | bytes) or not isinstance(question_ids, Sequence):
        raise InvalidInput("The question ids must be a list of ids.", field="question_ids")
    if len(question_ids) > MAX_QUESTIONS:
        raise InvalidInput(f"At most {MAX_QUESTIONS} questions.", field="question_ids")
    ids: list[str] = []
    for qid in question_ids:
        if not isinstance(qid, str) or not _ID_RE.fullmatch(qid):
            raise InvalidInput("A question id is malformed.", field="question_ids")
        if qid not in ids:
            ids.append(qid)
    return tuple(ids)


def new_participant() -> str:
    """A fresh random participant token (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def is_participant(token: object) -> TypeGuard[str]:
    """True when ``token`` has the shape the store accepts as a participant token."""
    return isinstance(token, str) and _PARTICIPANT_RE.fullmatch(token) is not None


def clean_participant(participant: object) -> str:
    if not is_participant(participant):
        raise InvalidInput(
            "The participant token must have 16 to 64 URL-safe characters.", field="participant"
        )
    return participant


def clean_mapping(values: object, *, field: str, max_items: int, max_len: int) -> dict[str, str]:
    if not isinstance(values, Mapping):
        raise InvalidInput(f"The {field} must be a mapping of id to text.", field=field)
    if len(values) > max_items:
        raise InvalidInput(f"At most {max_items} {field} entries.", field=field)
    clean: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not _ID_RE.fullmatch(key):
            raise InvalidInput(f"An id in the {field} is malformed.", field=field)
        if not isinstance(value, str) or len(value) > max_len or _bad_char(value):
            raise InvalidInput(
                f"Each {field} value must be text of at most {max_len} characters "
                "without control characters.",
                field=field,
            )
        clean[key] = value
    return clean


def dump(values: Mapping[str, str]) -> str:
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True)


def load(text: str) -> dict[str, str]:
    loaded = json.loads(text)
    return {str(k): str(v) for k, v in loaded.items()}


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def clean_month(month: object) -> str:
    """A calendar month written ``YYYY-MM`` ("2026-11"); `InvalidInput` otherwise."""
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise InvalidInput("A month is written YYYY-MM, such as 2026-11.", field="month")
    return month


def month_of(moment: date) -> str:
    """The calendar month of a moment, as the pool keeps it: ``2026-11``."""
    return f"{moment.year:04d}-{moment.month:02d}"


def month_index(month: str) -> int:
    """Months since year 0 (``2026-01`` → 24312): months subtract as numbers."""
    year, _, number = clean_month(month).partition("-")
    return int(year) * 12 + int(number) - 1


def month_at(index: int) -> str:
    """The month :func:`month_index` numbers ``index``."""
    year, number = divmod(index, 12)
    return f"{year:04d}-{number + 1:02d}"
