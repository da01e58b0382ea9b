"""The benchmark's whole state in one short, versioned token for the share link.

Format, version 3 (only URL-safe characters, so nothing gets percent-encoded)::

    3.<answers>.<size><sector>.<country>.<check>

- ``3`` is the format version. Version 2 links (the same without ``<check>``, trailing
  ``-`` dropped) open as before. Version 1 links (made before the profile asked headcount
  in fine bands) still open: their answers and sector are kept, and their size class too
  when it is one of today's bands (50–249); a coarser one (1–9, 10–49, 250+) cannot be
  mapped onto one band without guessing, so it is dropped and the notice says so. Any
  other version is refused as a whole.
- ``<answers>`` has one character per question *slot* (``slot`` in ``questions.csv``): the
  position of the chosen option in the question's option list, as a base-36 digit
  (``0`` for the first option, so ``0`` is "yes" and ``1`` is "no"), or ``-`` when
  unanswered, for every slot the questionnaire had (so a later link can tell a question
  added since from one left unanswered). Slots never change or get reused, so adding a
  question later (with the next free slot) keeps every old link valid: its answer is simply
  missing. Changing a question's options in place would change the meaning of old links:
  give the new wording a new question id and slot instead.
- ``<size>`` and ``<sector>`` are one base-36 digit each (the option's position in its
  list) or ``-``.
- ``<country>`` is the country code as offered (``FR``, ``BE``, ``other``…) or empty.
- ``<check>`` is two base-36 digits of a CRC-32 of everything before it. A link cut short
  (an e-mail client wrapping it, a partial copy) has no check: the notice names the
  questions and profile fields whose answers could not be read. A check that does not
  match says the link was altered.

The language travels in its own ``lang`` query parameter, handled by the app.

:func:`decode` never raises: whatever it cannot read is dropped and named in the returned
problem codes (see :func:`describe_problems`), and the rest of the state is kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

from adoption.benchmark import Profile
from adoption.i18n import t as text
from adoption.questionnaire import Choice, Questionnaire

VERSION = "3"
PARAM = "b"  # suggested query-parameter name: ?b=3.0101...&lang=fr
DAY_PARAM = "d"  # the day the answers were given: ?d=2026-12-07, so a result carries its date
EARLIER_DAY_PARAM = "d0"  # the day of the earlier result a progress is measured from
FIRST_DAY = date(2025, 1, 1)  # no result of this benchmark is older
V2 = "2"
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
CUT_PREFIX = "cut:"  # "cut:<question id>" or "cut:size" etc.: not read, the link was cut
ALTERED = "altered"  # the check does not match: the link was changed after it was made
PROFILE_FIELDS = ("size", "sector", "country")


@dataclass(frozen=True)
class State:
    """What the share link restores: the answers and the company profile."""

    answers: Mapping[str, str] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    # How many question slots the link's questionnaire had (version 3 links): a question
    # with a later slot was added since the link was made. None when not known.
    slots: int | None = field(default=None, compare=False)


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
    body = SEPARATOR.join((VERSION, "".join(chars), size + sector, country))
    return body + SEPARATOR + _check(body)


def _check(body: str) -> str:
    value = zlib.crc32(body.encode("ascii", "replace")) % (len(DIGITS) ** 2)
    return DIGITS[value // len(DIGITS)] + DIGITS[value % len(DIGITS)]


def _index_char(options: tuple[Choice, ...], code: str | None) -> str:
    for index, option in enumerate(options):
        if option.code == code:
            return DIGITS[index]
    return UNANSWERED


def parse_day(value: object, today: date) -> date | None:
    """The day a result was answered, from the link's ``d`` parameter (``2026-12-07``);
    None for anything else, including a day after ``today`` or before :data:`FIRST_DAY`."""
    if not isinstance(value, str) or len(value) != len("2026-12-07"):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= today else None


def link_param(value: str, name: str) -> str:
    """The parameter ``name`` of a pasted link (or of a bare query string); "" when the
    link has none. Never raises."""
    value = value.strip()[: MAX_LENGTH * 4]
    query = urlsplit(value).query if "?" in value else value
    return parse_qs(query).get(name, [""])[0].strip()


def day_from_link(value: str, today: date) -> date | None:
    """The day in a pasted share link (its ``d`` parameter), or None."""
    return parse_day(link_param(value, DAY_PARAM), today)


def token_from_link(value: str) -> str:
    """The token in a pasted share link (its ``b`` parameter), or ``value`` itself when it
    is a bare token; ``""`` for anything else. Never raises."""
    value = value.strip()[: MAX_LENGTH * 4]
    if "?" in value or "&" in value or "=" in value:
        query = urlsplit(value).query if "?" in value else value
        found = parse_qs(query).get(PARAM, [""])
        return found[0].strip()
    return value


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
    if parts[0] not in (VERSION, V2, V1):
        # Digits look like a link from another version; anything else is not a link at all.
        return State(), [BAD_VERSION if parts[0].isdigit() else FORMAT]
    version = parts[0]
    problems: list[str] = []
    cut = False
    if version == VERSION:
        if len(parts) < 5:
            cut = True
        elif len(parts) > 5:
            problems.append(FORMAT)
        elif len(parts[4]) < len(_check("")):
            pass  # only the check was cut short: everything before it was read
        elif parts[4] != _check(SEPARATOR.join(parts[:4])):
            problems.append(ALTERED)
    elif len(parts) > 4:
        problems.append(FORMAT)
    present = len(parts) - 1  # how many of answers, size+sector, country the link holds
    parts = [*parts, "", "", ""][1:4]
    answers = _decode_answers(parts[0], questionnaire, problems)
    kept = questionnaire.valid_answers(answers)
    # An answer to a question that is only asked under a condition the link does not meet
    # (e.g. a version 1 link, made before the question had its condition) is dropped.
    problems += [UNASKED_PREFIX + qid for qid in answers if qid not in kept]
    answers = kept
    profile = _decode_profile(parts[1], parts[2], questionnaire, problems, legacy=version == V1)
    slots = len(parts[0]) if version == VERSION and not cut else None
    if cut:
        problems = _cut_problems(parts, present, questionnaire, problems)
    state = State(answers=answers, profile=profile, slots=slots)
    return state, list(dict.fromkeys(problems))


def _cut_problems(
    parts: list[str], present: int, questionnaire: Questionnaire, problems: list[str]
) -> list[str]:
    """What a version 3 link cut short could not hold: the questions from where the answers
    stop (when the cut fell in them) and the profile fields after the cut."""
    lost: list[str] = []
    if present <= 1:  # the cut fell in the answers: any later slot may have been answered
        gone = {q.id for q in questionnaire.questions if q.slot >= len(parts[0])}
        # An answer kept out because the question that opens it was cut is lost too.
        gone |= {
            q.id
            for q in questionnaire.questions
            if q.asked_if is not None and q.asked_if[0] in gone
        }
        lost += [CUT_PREFIX + q.id for q in questionnaire.questions if q.id in gone]
    profile_read = {
        "size": present >= 3 or (present == 2 and len(parts[1]) >= 1),
        "sector": present >= 3 or (present == 2 and len(parts[1]) >= 2),
        # The country is whole only when something followed it, or it reads as a code.
        "country": present >= 3 and "country" not in problems and bool(parts[2]),
    }
    lost += [CUT_PREFIX + name for name in PROFILE_FIELDS if not profile_read[name]]
    # What the cut made unreadable is reported as cut, not as invalid or unasked.
    kept = [p for p in problems if CUT_PREFIX + p not in lost]
    kept = [p for p in kept if CUT_PREFIX + p.removeprefix(UNASKED_PREFIX) not in lost]
    return kept + lost


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
    cut = [p[len(CUT_PREFIX) :] for p in problems if p.startswith(CUT_PREFIX)]
    cut_questions = [
        _question_label(questionnaire, q, lang) for q in cut if q not in PROFILE_FIELDS
    ]
    cut_fields = [text(f"bench.profile.{f}", lang) for f in PROFILE_FIELDS if f in cut]
    if cut_questions:
        listed = "; ".join(cut_questions) if lang == "en" else " ; ".join(cut_questions)
        messages.append(text("bench.url.cut_answers", lang, questions=listed))
    if cut_fields:
        messages.append(text("bench.url.cut_profile", lang, fields=", ".join(cut_fields)))
    for problem in problems:
        if problem.startswith(CUT_PREFIX):
            continue
        if problem == ALTERED:
            messages.append(text("bench.url.altered", lang))
            continue
        prefix = next((p for p in (UNASKED_PREFIX, ANSWER_PREFIX) if problem.startswith(p)), "")
        if prefix:
            label = _question_label(questionnaire, problem[len(prefix) :], lang)
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


def _question_label(questionnaire: Questionnaire, question_id: str, lang: str) -> str:
    try:
        return questionnaire.question(question_id).label(lang)
    except KeyError:
        return question_id
