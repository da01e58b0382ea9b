"""The benchmark's whole state in one short, versioned token for the share link.

Format, version 2 (only URL-safe characters, so nothing gets percent-encoded)::

    2.<answers>.<size><sector>.<country>

- ``2`` is the format version. Version 1 links (made before the profile asked headcount
  in fine bands) still open: their answers and sector are kept, and their size class too
  when it is one of today's bands (50–249); a coarser one (1–9, 10–49, 250+) cannot be
  mapped onto one band without guessing, so it is dropped and the notice says so. Any
  other version is refused as a whole.
- ``<answers>`` has one character per question *slot* (``slot`` in ``questions.csv``): the
  position of the chosen option in the question's option list, as a base-36 digit
  (``0`` for the first option, so ``0`` is "yes" and ``1`` is "no"), or ``-`` when
  unanswered. Trailing ``-`` are dropped. Slots never change or get reused, so adding a
  question later (with the next free slot) keeps every old link valid: its answer is simply
  missing. Changing a question's options in place would change the meaning of old links:
  give the new wording a new question id and slot instead.
- ``<size>`` and ``<sector>`` are one base-36 digit each (the option's position in its
  list) or ``-``.
- ``<country>`` is the country code as offered (``FR``, ``BE``, ``other``…) or empty.

The language travels in its own ``lang`` query parameter, handled by the app.

:func:`decode` never raises: whatever it cannot read is dropped and named in the returned
problem codes (see :func:`describe_problems`), and the rest of the state is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from adoption.benchmark import Profile
from adoption.i18n import t as text
from adoption.questionnaire import Choice, Questionnaire

VERSION = "2"
PARAM = "b"  # suggested query-parameter name: ?b=2.0101...&lang=fr
# Version 1's profile lists, by position, as they were when version 1 links were made.
V1 = "1"
V1_SIZES = ("1-9", "10-49", "50-249", "250+")
V1_SECTORS = (
    "industry",
    "construction",
    "trade",
    "hospitality",
    "transport",
    "ict",
    "business_services",
    "health_social",
    "other",
)
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
UNANSWERED = "-"
SEPARATOR = "."
# A real token is ~30 characters; anything this long was not made by encode().
MAX_LENGTH = 200

# Problem codes returned by decode(); "answer:<question id>" names a dropped answer.
FORMAT = "format"
TOO_LONG = "too_long"
COARSE_SIZE = "size_coarse"  # a version 1 size class that spans several of today's bands
BAD_VERSION = "version"
UNKNOWN_ANSWERS = "answers:unknown"
ANSWER_PREFIX = "answer:"
UNASKED_PREFIX = "unasked:"


@dataclass(frozen=True)
class State:
    """What the share link restores: the answers and the company profile."""

    answers: Mapping[str, str] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)


def encode(state: State, questionnaire: Questionnaire) -> str:
    """The share token for ``state``; answers or profile codes the questionnaire lacks are left out.

    Needs the questionnaire because the token stores positions (slot, option index), not ids.
    """
    answers = questionnaire.valid_answers(state.answers)
    slots = questionnaire.by_slot()
    chars = [UNANSWERED] * (max(slots, default=-1) + 1)
    for question in questionnaire.questions:
        code = answers.get(question.id)
        if code is not None:
            chars[question.slot] = DIGITS[question.codes.index(code)]
    profile = state.profile.cleaned(questionnaire)
    size = _index_char(questionnaire.sizes, profile.size)
    sector = _index_char(questionnaire.sectors, profile.sector)
    country = profile.country or ""
    return SEPARATOR.join((VERSION, "".join(chars).rstrip(UNANSWERED), size + sector, country))


def _index_char(options: tuple[Choice, ...], code: str | None) -> str:
    for index, option in enumerate(options):
        if option.code == code:
            return DIGITS[index]
    return UNANSWERED


def decode(token: object, questionnaire: Questionnaire) -> tuple[State, list[str]]:
    """The state in ``token`` and the problem codes of whatever had to be dropped.

    Accepts anything (``None``, ``bytes``, random text) and never raises. An empty or
    missing token is an empty state with no problem.
    """
    try:
        return _decode(token, questionnaire)
    except Exception:  # a last resort: a bad link must never break the page
        return State(), [FORMAT]


def _decode(token: object, questionnaire: Questionnaire) -> tuple[State, list[str]]:
    if token is None:
        return State(), []
    if isinstance(token, bytes | bytearray):
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            return State(), [FORMAT]
    if not isinstance(token, str):
        return State(), [FORMAT]
    if len(token) > MAX_LENGTH:
        return State(), [TOO_LONG]
    token = token.strip()
    if not token:
        return State(), []
    parts = token.split(SEPARATOR)
    if parts[0] not in (VERSION, V1):
        # Digits look like a link from another version; anything else is not a link at all.
        return State(), [BAD_VERSION if parts[0].isdigit() else FORMAT]
    version = parts[0]
    problems: list[str] = []
    if len(parts) > 4:
        problems.append(FORMAT)
    parts = [*parts, "", "", ""][1:4]
    answers = _decode_answers(parts[0], questionnaire, problems)
    kept = questionnaire.valid_answers(answers)
    # An answer to a question that is only asked under a condition the link does not meet
    # (e.g. a version 1 link, made before the question had its condition) is dropped.
    problems += [UNASKED_PREFIX + qid for qid in answers if qid not in kept]
    answers = kept
    profile = _decode_profile(parts[1], parts[2], questionnaire, problems, legacy=version == V1)
    return State(answers=answers, profile=profile), list(dict.fromkeys(problems))


def _decode_answers(
    chars: str, questionnaire: Questionnaire, problems: list[str]
) -> dict[str, str]:
    slots = questionnaire.by_slot()
    answers: dict[str, str] = {}
    unknown = False
    for slot, char in enumerate(chars):
        if char == UNANSWERED:
            continue
        question = slots.get(slot)
        if question is None:
            # A removed question, or a link from a newer questionnaire: nothing to map it to.
            unknown = True
            continue
        index = DIGITS.find(char)
        if index < 0 or index >= len(question.options):
            problems.append(ANSWER_PREFIX + question.id)
            continue
        answers[question.id] = question.options[index].code
    if unknown:
        problems.append(UNKNOWN_ANSWERS)
    return answers


def _decode_profile(
    chars: str, country: str, questionnaire: Questionnaire, problems: list[str], *, legacy: bool
) -> Profile:
    if len(chars) > 2:
        problems.append(FORMAT)
    chars = (chars + UNANSWERED * 2)[:2]
    values: dict[str, str | None] = {}
    for name, char in zip(("size", "sector"), chars, strict=True):
        offered = tuple(o.code for o in questionnaire.profile_options(name))
        codes = (V1_SIZES if name == "size" else V1_SECTORS) if legacy else offered
        index = DIGITS.find(char) if char != UNANSWERED else None
        if index is None:
            values[name] = None
        elif 0 <= index < len(codes) and codes[index] in offered:
            values[name] = codes[index]
        elif legacy and name == "size" and 0 <= index < len(codes):
            values[name] = None
            problems.append(COARSE_SIZE)
        else:
            values[name] = None
            problems.append(name)
    countries = {c.code for c in questionnaire.countries}
    if not country:
        values["country"] = None
    elif country in countries:
        values["country"] = country
    else:
        values["country"] = None
        problems.append("country")
    return Profile(**values)


def describe_problems(problems: list[str], questionnaire: Questionnaire, lang: str) -> list[str]:
    """One plain sentence per problem code, for the notice the page shows."""
    messages: list[str] = []
    for problem in problems:
        prefix = next((p for p in (UNASKED_PREFIX, ANSWER_PREFIX) if problem.startswith(p)), "")
        if prefix:
            qid = problem[len(prefix) :]
            try:
                label = questionnaire.question(qid).label(lang)
            except KeyError:
                label = qid
            key = "bench.url.unasked" if prefix == UNASKED_PREFIX else "bench.url.answer"
            messages.append(text(key, lang, question=label))
        elif problem in ("size", "sector", "country"):
            field_label = text(f"bench.profile.{problem}", lang)
            messages.append(text("bench.url.profile", lang, field=field_label))
        elif problem == UNKNOWN_ANSWERS:
            messages.append(text("bench.url.unknown_answers", lang))
        elif problem == COARSE_SIZE:
            messages.append(text("bench.url.size_coarse", lang))
        elif problem in (TOO_LONG, BAD_VERSION):
            messages.append(text(f"bench.url.{problem}", lang))
        else:
            messages.append(text("bench.url.format", lang))
    return list(dict.fromkeys(messages))
