"""The benchmark questionnaire, read from ``data/`` into typed, immutable objects.

The questions, their answer options and the next-step rules are data
(``questions.csv``, ``choices.csv``, ``practices.csv``), validated by the descriptor when the
dataset loads. :func:`load_questionnaire` adds the rules a table schema cannot express (an
``in_group`` code must be one of the question's own answers, a scored question gives points
for every option, a conditional question depends on an earlier one, every pillar has a
scored question…) and raises
:class:`~adoption.datapackage.DataError` naming the file, row and field of the first
problem, like the rest of the data layer.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from adoption.datapackage import DESCRIPTOR, DataError, numbered_records, records
from adoption.dataset import Dataset
from adoption.population import Headcount

PILLARS = ("strategy", "use", "skills", "governance", "measurement")
ANSWER_TYPES = ("yesno", "scale5", "choice")
# Lists that must exist in choices.csv, whatever the questions say.
BUILTIN_LISTS = {"yesno": ("yes", "no"), "scale5": ("1", "2", "3", "4", "5")}
PROFILE_LISTS = ("size", "sector", "country")
# Size options are headcount ranges written as codes ("0", "1-4", "250-4999", "5000+"):
# the benchmark compares them with each figure's own range, so they must not overlap.
# The share link stores an option's position as one base-36 character.
MAX_OPTIONS = 36
MIN_SCORED_PER_PILLAR = 1
MIN_UNCONDITIONAL_PRACTICES = 3
# Placeholders a statement template may use; anything else is a typo in the CSV.
STATEMENT_FIELDS = ("value", "population", "period", "organisation")
STATEMENT_COLUMNS = ("statement_in_fr", "statement_in_en", "statement_out_fr", "statement_out_en")


@dataclass(frozen=True)
class Choice:
    """One answer option or profile option."""

    code: str
    label_fr: str
    label_en: str
    nace: str = ""  # sector options only: the NACE Rev. 2 section it stands for

    def label(self, lang: str) -> str:
        """The label in ``lang`` (French for an unknown language)."""
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True)
class Question:
    """One question of the benchmark, with its options, scoring and figure mapping."""

    id: str
    order: int
    slot: int
    pillar: str
    answer_type: str
    options: tuple[Choice, ...]
    label_fr: str
    label_en: str
    help_fr: str
    help_en: str
    points: tuple[int, ...]
    not_applicable: frozenset[str]
    asked_if: tuple[str, frozenset[str]] | None  # (question id, answers) that open it
    figure_ids: tuple[str, ...]
    in_group: frozenset[str]
    eurostat_indicator: str
    statement_in_fr: str
    statement_in_en: str
    statement_out_fr: str
    statement_out_en: str

    def label(self, lang: str) -> str:
        """The question text in ``lang``."""
        return self.label_en if lang == "en" else self.label_fr

    def help(self, lang: str) -> str:
        """The help text in ``lang``; may be empty."""
        return self.help_en if lang == "en" else self.help_fr

    @property
    def codes(self) -> tuple[str, ...]:
        """The answer codes, in display order."""
        return tuple(option.code for option in self.options)

    @property
    def scored(self) -> bool:
        """True when the answer counts in the maturity score."""
        return bool(self.points)

    @property
    def max_points(self) -> int:
        """The most points an answer to this question can earn (0 when not scored)."""
        return max(self.points, default=0)

    def applies(self, answers: Mapping[str, str]) -> bool:
        """Whether the question is asked, given the answers so far (see ``asked_if``)."""
        if self.asked_if is None:
            return True
        question_id, codes = self.asked_if
        return answers.get(question_id) in codes

    def points_for(self, code: str | None) -> int:
        """Points earned by answer ``code``; 0 when unanswered, unknown or not scored."""
        if not self.points or code not in self.codes:
            return 0
        return self.points[self.codes.index(code)]

    def option(self, code: str) -> Choice:
        """The option with ``code``; ``KeyError`` if the question has none."""
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(code)

    def statement(self, in_group: bool, lang: str) -> str:
        """The sentence template for a company in (or out of) the figures' group."""
        side = "in" if in_group else "out"
        suffix = "en" if lang == "en" else "fr"
        return str(getattr(self, f"statement_{side}_{suffix}"))


@dataclass(frozen=True)
class Practice:
    """A next-step rule: a practice suggested when a question got certain answers."""

    id: str
    pillar: str
    priority: int
    trigger_question: str | None
    trigger_answers: frozenset[str]
    practice_fr: str
    practice_en: str
    text_fr: str
    text_en: str
    source: str

    def name(self, lang: str) -> str:
        """The practice's short name in ``lang``."""
        return self.practice_en if lang == "en" else self.practice_fr

    def text(self, lang: str) -> str:
        """The advice in ``lang``."""
        return self.text_en if lang == "en" else self.text_fr

    def triggered_by(self, answers: Mapping[str, str]) -> bool:
        """True when the trigger question's answer is one of the trigger answers."""
        if self.trigger_question is None:
            return False
        return answers.get(self.trigger_question) in self.trigger_answers


@dataclass(frozen=True)
class Questionnaire:
    """All questions (in display order), practices and profile options."""

    questions: tuple[Question, ...]
    practices: tuple[Practice, ...]
    sizes: tuple[Choice, ...]
    sectors: tuple[Choice, ...]
    countries: tuple[Choice, ...]

    def question(self, question_id: str) -> Question:
        """One question; ``KeyError`` for an unknown id."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Question ids in display order."""
        return tuple(q.id for q in self.questions)

    def by_pillar(self, pillar: str) -> tuple[Question, ...]:
        """The questions of one pillar, in display order."""
        return tuple(q for q in self.questions if q.pillar == pillar)

    def by_slot(self) -> dict[int, Question]:
        """Questions keyed by their position in the share link."""
        return {q.slot: q for q in self.questions}

    def valid_answers(self, answers: Mapping[str, object]) -> dict[str, str]:
        """Only the answers that name a known question, one of its options, and a question
        that is asked (a conditional question whose condition is not met is dropped)."""
        clean: dict[str, str] = {}
        for question in self.questions:  # display order: a condition comes before its question
            code = answers.get(question.id)
            if isinstance(code, str) and code in question.codes and question.applies(clean):
                clean[question.id] = code
        return clean

    def asked(self, answers: Mapping[str, str]) -> tuple[Question, ...]:
        """The questions asked given ``answers`` (already valid), in display order."""
        return tuple(q for q in self.questions if q.applies(answers))

    def sector_nace(self, code: str | None) -> str | None:
        """The NACE section a sector option stands for; None for "other" or unknown."""
        for option in self.sectors:
            if option.code == code:
                return option.nace or None
        return None

    def profile_options(self, field: str) -> tuple[Choice, ...]:
        """The options of a profile field: ``size``, ``sector`` or ``country``."""
        return {"size": self.sizes, "sector": self.sectors, "country": self.countries}[field]


def load_questionnaire(dataset: Dataset) -> Questionnaire:
    """Build the questionnaire from the dataset's ``questions``, ``choices`` and ``practices``.

    Raises :class:`DataError` (file, row, field) when a rule beyond the schema is broken.
    """
    for name in ("choices", "questions", "practices"):
        if name not in dataset.resources:
            raise DataError(DESCRIPTOR, f"resource '{name}' is missing")
    lists = _read_choices(dataset)
    questions = _read_questions(dataset, lists)
    _check_conditions(dataset, questions)
    practices = _read_practices(dataset, questions)
    return Questionnaire(
        questions=questions,
        practices=practices,
        sizes=lists["size"],
        sectors=lists["sector"],
        countries=_countries(dataset, lists["country"]),
    )


def _read_choices(dataset: Dataset) -> dict[str, tuple[Choice, ...]]:
    resource = dataset.resources["choices"]
    lists: dict[str, list[Choice]] = {}
    for _line, row in numbered_records(resource.frame):
        lists.setdefault(row["list"], []).append(
            Choice(
                code=row["code"],
                label_fr=row["label_fr"],
                label_en=row["label_en"],
                nace=row.get("nace") or "",
            )
        )
    for name in (*BUILTIN_LISTS, *PROFILE_LISTS):
        if name not in lists:
            raise DataError(resource.path, f"list '{name}' is missing", field="list")
    for name, codes in BUILTIN_LISTS.items():
        found = tuple(c.code for c in lists[name])
        if found != codes:
            raise DataError(
                resource.path,
                f"list '{name}' must hold exactly {', '.join(codes)} in that order",
                field="code",
            )
    previous: Headcount | None = None
    for option in lists["size"]:
        band = Headcount.parse(option.code)
        if band is None:
            raise DataError(
                resource.path,
                f"size {option.code!r} is not a headcount range such as 10-49 or 250+",
                field="code",
            )
        if previous is not None and (previous.high is None or band.low <= previous.high):
            raise DataError(
                resource.path,
                f"size {option.code!r} overlaps the one before it: list sizes in ascending order",
                field="code",
            )
        previous = band
    for name, options in lists.items():
        if len(options) > MAX_OPTIONS:
            raise DataError(
                resource.path, f"list '{name}' has more than {MAX_OPTIONS} options", field="code"
            )
    return {name: tuple(options) for name, options in lists.items()}


def _read_questions(
    dataset: Dataset, lists: Mapping[str, tuple[Choice, ...]]
) -> tuple[Question, ...]:
    resource = dataset.resources["questions"]
    file = resource.path
    questions: list[Question] = []
    for line, row in numbered_records(resource.frame):
        kind = row["answer_type"]
        list_name = row["options"]
        if kind == "choice":
            if not list_name:
                raise DataError(
                    file,
                    "a 'choice' question must name its options list",
                    row=line,
                    field="options",
                )
        elif list_name:
            raise DataError(
                file,
                f"a '{kind}' question uses the built-in options: leave this empty",
                row=line,
                field="options",
            )
        else:
            list_name = kind
        if list_name not in lists:
            raise DataError(
                file, f"no list '{list_name}' in choices.csv", row=line, field="options"
            )
        options = lists[list_name]
        if len(options) < 2:
            raise DataError(
                file, f"list '{list_name}' needs at least two options", row=line, field="options"
            )
        codes = tuple(o.code for o in options)
        points = _points(file, line, row["points"], len(codes))
        in_group = tuple(row["in_group"])
        for code in in_group:
            if code not in codes:
                raise DataError(
                    file,
                    f"{code!r} is not an answer of this question ({', '.join(codes)})",
                    row=line,
                    field="in_group",
                )
        not_applicable = tuple(row["not_applicable"])
        for code in not_applicable:
            if code not in codes:
                raise DataError(
                    file,
                    f"{code!r} is not an answer of this question ({', '.join(codes)})",
                    row=line,
                    field="not_applicable",
                )
        asked_if = _asked_if(file, line, row["asked_if"], questions, int(row["order"]))
        figure_ids = tuple(row["figure_ids"])
        compared = bool(figure_ids) or bool(row["eurostat_indicator"])
        if compared and not in_group:
            raise DataError(
                file,
                "a question compared with figures must say which answers are in the group",
                row=line,
                field="in_group",
            )
        if in_group and not compared:
            raise DataError(
                file, "in_group is set but no figure is named", row=line, field="figure_ids"
            )
        if row["eurostat_indicator"] not in ("", dataset.adoption_indicator):
            # Only the adoption panel's indicator ("uses at least one AI technology") has a
            # figure-like meaning that a yes/no answer can be compared with.
            raise DataError(
                file,
                f"only {dataset.adoption_indicator} (the 'adoption' panel of "
                f"{dataset.resources['eurostat_indicators'].path}) can be compared",
                row=line,
                field="eurostat_indicator",
            )
        for column in STATEMENT_COLUMNS:
            _check_template(file, line, column, row[column], required=compared)
        questions.append(
            Question(
                id=row["id"],
                order=int(row["order"]),
                slot=int(row["slot"]),
                pillar=row["pillar"],
                answer_type=kind,
                options=options,
                label_fr=row["label_fr"],
                label_en=row["label_en"],
                help_fr=row["help_fr"],
                help_en=row["help_en"],
                points=points,
                not_applicable=frozenset(not_applicable),
                asked_if=asked_if,
                figure_ids=figure_ids,
                in_group=frozenset(in_group),
                eurostat_indicator=row["eurostat_indicator"],
                statement_in_fr=row["statement_in_fr"],
                statement_in_en=row["statement_in_en"],
                statement_out_fr=row["statement_out_fr"],
                statement_out_en=row["statement_out_en"],
            )
        )
    if not questions:
        raise DataError(file, "the questionnaire has no question")
    for pillar in PILLARS:
        scored = [q for q in questions if q.pillar == pillar and q.scored and q.max_points > 0]
        if len(scored) < MIN_SCORED_PER_PILLAR:
            raise DataError(
                file,
                f"pillar '{pillar}' needs at least {MIN_SCORED_PER_PILLAR} scored questions, "
                f"has {len(scored)}",
                field="pillar",
            )
    return tuple(sorted(questions, key=lambda q: q.order))


def _asked_if(
    file: str, line: int, raw: str, earlier: list[Question], order: int
) -> tuple[str, frozenset[str]] | None:
    if not raw:
        return None
    question_id, _, codes = raw.partition("=")
    # Only an earlier question (above in the file and in display order) can open this one,
    # so that answers are read in one pass and no two questions wait for each other.
    by_id = {q.id: q for q in earlier if q.order < order}
    if question_id not in by_id:
        raise DataError(
            file,
            f"asked_if names {question_id!r}, which is not a question listed above this one",
            row=line,
            field="asked_if",
        )
    wanted = frozenset(codes.split("|"))
    unknown = sorted(wanted - set(by_id[question_id].codes))
    if unknown:
        raise DataError(
            file,
            f"{unknown[0]!r} is not an answer of {question_id}",
            row=line,
            field="asked_if",
        )
    return question_id, wanted


def _points(file: str, line: int, raw: tuple[str, ...], n_options: int) -> tuple[int, ...]:
    if not raw:
        return ()
    if len(raw) != n_options:
        raise DataError(
            file, f"{len(raw)} point value(s) for {n_options} options", row=line, field="points"
        )
    points = tuple(int(p) for p in raw)  # the descriptor's pattern guarantees digits
    if any(p > 100 for p in points):
        raise DataError(file, "points must be between 0 and 100", row=line, field="points")
    return points


def _check_template(file: str, line: int, column: str, template: str, *, required: bool) -> None:
    if not template:
        if required:
            raise DataError(
                file, "a statement is required for a compared question", row=line, field=column
            )
        return
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise DataError(file, f"malformed placeholder ({exc})", row=line, field=column) from None
    unknown = sorted(n for n in names if n not in STATEMENT_FIELDS)
    if unknown:
        raise DataError(
            file,
            f"unknown placeholder {{{unknown[0]}}}; use {', '.join(STATEMENT_FIELDS)}",
            row=line,
            field=column,
        )
    if "value" not in names:
        raise DataError(
            file, "the statement must show the figure's {value}", row=line, field=column
        )


def _read_practices(dataset: Dataset, questions: tuple[Question, ...]) -> tuple[Practice, ...]:
    resource = dataset.resources["practices"]
    file = resource.path
    by_id = {q.id: q for q in questions}
    practices: list[Practice] = []
    for line, row in numbered_records(resource.frame):
        trigger = row["trigger_question"] or None
        answers = tuple(row["trigger_answers"])
        if trigger is None and answers:
            raise DataError(
                file, "trigger answers need a trigger_question", row=line, field="trigger_answers"
            )
        if trigger is not None:
            if not answers:
                raise DataError(
                    file,
                    "a trigger question needs trigger answers",
                    row=line,
                    field="trigger_answers",
                )
            codes = by_id[trigger].codes  # the foreign key guarantees the question exists
            for code in answers:
                if code not in codes:
                    raise DataError(
                        file,
                        f"{code!r} is not an answer of {trigger} ({', '.join(codes)})",
                        row=line,
                        field="trigger_answers",
                    )
        practices.append(
            Practice(
                id=row["id"],
                pillar=row["pillar"],
                priority=int(row["priority"]),
                trigger_question=trigger,
                trigger_answers=frozenset(answers),
                practice_fr=row["practice_fr"],
                practice_en=row["practice_en"],
                text_fr=row["text_fr"],
                text_en=row["text_en"],
                source=row["source"],
            )
        )
    unconditional = [p for p in practices if p.trigger_question is None]
    if len(unconditional) < MIN_UNCONDITIONAL_PRACTICES:
        # Without them a firm that does everything right would get fewer than 3 next steps.
        raise DataError(
            file,
            f"at least {MIN_UNCONDITIONAL_PRACTICES} practices must have no trigger "
            f"(found {len(unconditional)})",
            field="trigger_question",
        )
    return tuple(practices)


def _countries(dataset: Dataset, extra: tuple[Choice, ...]) -> tuple[Choice, ...]:
    # Every country a figure or a Eurostat value describes; France and Belgium first (the
    # articles' countries), then alphabetically in English, "other" last.
    found = {
        str(row["code"]): Choice(code=row["code"], label_fr=row["name_fr"], label_en=row["name_en"])
        for row in records(dataset.geo)
        if row["kind"] == "country"
    }
    first = [found.pop(code) for code in ("FR", "BE") if code in found]
    rest = sorted(found.values(), key=lambda c: c.label_en)
    return (*first, *rest, *extra)


def _check_conditions(dataset: Dataset, questions: tuple[Question, ...]) -> None:
    by_id = {q.id: q for q in questions}
    file = dataset.resources["conditions"].path
    for line, row in numbered_records(dataset.conditions):
        if not row["question_id"]:
            continue
        codes = by_id[row["question_id"]].codes  # the foreign key guarantees it exists
        for code in row["answers"]:
            if code not in codes:
                raise DataError(
                    file,
                    f"{code!r} is not an answer of {row['question_id']} ({', '.join(codes)})",
                    row=line,
                    field="answers",
                )
