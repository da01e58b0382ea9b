"""Every message id the code builds at run time or holds in a variable, spelled out.

``pybabel extract`` (``make messages-extract``) only sees a string literal passed straight to
``t``/``tr``/``tn``/``trn``/``text``/``plural``. The code also builds ids
(``f"bench.pillar.{p}"``, ``"theme." + th``) and keeps some in variables or tables
(``key = "bench.reference" if … else …``). Without this module extraction would not see
them and ``pybabel update`` would mark their translations obsolete. Each is marked here with
:func:`N_`, the customary gettext no-op; nothing imports this module at run time.

:data:`FAMILIES` maps each id pattern the code formats (``{}`` is the part known only at run
time) to its ids. ``tests/test_i18n.py`` finds every such pattern in the code, checks it is
declared here, and that every value the code can put in it (``PILLARS``, the data's enums…)
gives an id that exists in the catalogs. A ``# i18n:`` comment above a statement becomes a
note for the translator on each of its messages.
"""

from __future__ import annotations

FAMILIES: dict[str, tuple[str, ...]] = {}


def N_(key: str) -> str:  # gettext's customary name for a no-op marker
    """Mark ``key`` as a message id for extraction, and return it unchanged."""
    return key


def family(pattern: str, *ids: str) -> tuple[str, ...]:
    """Declare the ids the code builds from ``pattern`` (``"bench.pillar.{}"``)."""
    FAMILIES[pattern] = ids
    return ids


# --- built at run time

# i18n: a pillar of the maturity score (benchmark page, charts, PDF report)
family(
    "bench.pillar.{}",
    N_("bench.pillar.strategy"),
    N_("bench.pillar.use"),
    N_("bench.pillar.skills"),
    N_("bench.pillar.governance"),
    N_("bench.pillar.measurement"),
)
# i18n: a maturity stage (benchmark page, participant's result, PDF report)
family(
    "bench.stage.{}",
    N_("bench.stage.exploring"),
    N_("bench.stage.experimenting"),
    N_("bench.stage.structuring"),
    N_("bench.stage.scaling"),
)
# i18n: one line under the maturity stage, saying what it means
family(
    "bench.stage_help.{}",
    N_("bench.stage_help.exploring"),
    N_("bench.stage_help.experimenting"),
    N_("bench.stage_help.structuring"),
    N_("bench.stage_help.scaling"),
)
# i18n: a heading of the result's references: why these figures are not the firm's own
family(
    "bench.refgroup.{}",
    N_("bench.refgroup.headlines"),
    N_("bench.refgroup.other_measure"),
    N_("bench.refgroup.country"),
    N_("bench.refgroup.size"),
    N_("bench.refgroup.sector"),
    N_("bench.refgroup.not_stated"),
    N_("bench.refgroup.unknown"),
    N_("bench.refgroup.condition"),
    N_("bench.refgroup.unit"),
)
# i18n: a field of the company profile (questionnaire, PDF report, link warnings)
family(
    "bench.profile.{}",
    N_("bench.profile.size"),
    N_("bench.profile.sector"),
    N_("bench.profile.country"),
)
# i18n: why a published figure's population does not (or cannot be said to) include the firm
family(
    "bench.reason.{}",
    N_("bench.reason.unit"),
    N_("bench.reason.geo_not_stated"),
    N_("bench.reason.country_unknown"),
    N_("bench.reason.country"),
    N_("bench.reason.size_not_stated"),
    N_("bench.reason.size_unknown"),
    N_("bench.reason.size"),
    N_("bench.reason.sector_unknown"),
    N_("bench.reason.sector"),
    N_("bench.reason.condition_unknown"),
    N_("bench.reason.condition"),
)
# i18n: projector, under the published figure beside the room: why it is only a reference
# for the room ("it" is that figure's population, named just above)
family(
    "ws.room.reason.{}",
    N_("ws.room.reason.unit"),
    N_("ws.room.reason.geo_not_stated"),
    N_("ws.room.reason.country_unknown"),
    N_("ws.room.reason.country"),
    N_("ws.room.reason.size_not_stated"),
    N_("ws.room.reason.size_unknown"),
    N_("ws.room.reason.size"),
    N_("ws.room.reason.sector_unknown"),
    N_("ws.room.reason.sector"),
    N_("ws.room.reason.condition_unknown"),
    N_("ws.room.reason.condition"),
)
# i18n: a problem found in a shared link (benchmark page warning)
family("bench.url.{}", N_("bench.url.too_long"), N_("bench.url.version"))
# i18n: half of a year, "{year}" is e.g. 2024 (period of a figure)
family("bench.period.{}", N_("bench.period.h1"), N_("bench.period.h2"))
# i18n: one answer that changed between two results ("Your progress")
family(
    "bench.progress.answer.{}",
    N_("bench.progress.answer.changed"),
    N_("bench.progress.answer.answered"),
    N_("bench.progress.answer.added"),
    N_("bench.progress.answer.dropped"),
)
# i18n: "Firms like yours, in official statistics": barriers or technologies
family("bench.{}.title", N_("bench.barriers.title"), N_("bench.technologies.title"))
family("bench.{}.population", N_("bench.barriers.population"), N_("bench.technologies.population"))
family("bench.{}.source", N_("bench.barriers.source"), N_("bench.technologies.source"))
# i18n: a NACE economic sector, lower case, inside a sentence ("…, secteur {sector}, …")
family(
    "bench.nace.{}",
    N_("bench.nace.A"),
    N_("bench.nace.C"),
    N_("bench.nace.D"),
    N_("bench.nace.E"),
    N_("bench.nace.F"),
    N_("bench.nace.G"),
    N_("bench.nace.H"),
    N_("bench.nace.I"),
    N_("bench.nace.J"),
    N_("bench.nace.K"),
    N_("bench.nace.L"),
    N_("bench.nace.M"),
    N_("bench.nace.N"),
    N_("bench.nace.Q"),
)
# i18n: how well a figure is verified (source panel, Explore, Sources, charts)
family(
    "grade.{}",
    N_("grade.primary"),
    N_("grade.relayed"),
    N_("grade.derived"),
    N_("grade.article_claim"),
)
# i18n: one sentence explaining a verification grade
family(
    "grade_help.{}",
    N_("grade_help.primary"),
    N_("grade_help.relayed"),
    N_("grade_help.derived"),
    N_("grade_help.article_claim"),
)
# i18n: the nature of a figure's value (source panel, Explore table)
family("kind.{}", N_("kind.exact"), N_("kind.approximate"), N_("kind.derived"))
# i18n: the kind of a source (Sources page)
family(
    "source_kind.{}",
    N_("source_kind.official_statistics"),
    N_("source_kind.public_survey"),
    N_("source_kind.industry_survey"),
    N_("source_kind.unverified_study"),
    N_("source_kind.unsourced_claim"),
    N_("source_kind.press_article"),
)
# i18n: what a figure counts, after "What is counted:" in the source panel
family(
    "counts.{}",
    N_("counts.firms"),
    N_("counts.leaders"),
    N_("counts.employees"),
    N_("counts.deployments"),
    N_("counts.time_share"),
    N_("counts.formula"),
)
# i18n: the theme of a figure (Key figures, Explore filters and table)
family(
    "theme.{}",
    N_("theme.adoption"),
    N_("theme.satisfaction"),
    N_("theme.strategy"),
    N_("theme.skills"),
    N_("theme.risk"),
    N_("theme.investment"),
    N_("theme.impact"),
    N_("theme.barriers"),
    N_("theme.productivity"),
)
# i18n: the kind of an honesty note (Sources page)
family(
    "note.{}",
    N_("note.misattribution"),
    N_("note.conflict"),
    N_("note.paradox"),
    N_("note.range"),
)
# i18n: a filter's label on the Explore page
family(
    "explore.{}",
    N_("explore.theme"),
    N_("explore.source"),
    N_("explore.grade"),
    N_("explore.geo"),
)
# i18n: a sort order on the Explore page
family(
    "explore.sort.{}",
    N_("explore.sort.value_desc"),
    N_("explore.sort.value_asc"),
    N_("explore.sort.label"),
    N_("explore.sort.period_desc"),
    N_("explore.sort.source"),
)
# i18n: a column heading of the Explore download (CSV, Parquet)
family(
    "col.{}",
    N_("col.label"),
    N_("col.value"),
    N_("col.value_kind"),
    N_("col.theme"),
    N_("col.population"),
    N_("col.geo"),
    N_("col.period"),
    N_("col.original"),
    N_("col.attributed_to"),
    N_("col.data_as_of"),
    N_("col.cited_in"),
    N_("col.grade"),
    N_("col.url"),
    N_("col.caveat"),
)
# i18n: a chart download button
family("chart.download_{}", N_("chart.download_png"), N_("chart.download_svg"))

# i18n: Explore's two views: the published figures, or Eurostat's own table
family("explore.view.{}", N_("explore.view.figures"), N_("explore.view.eurostat"))
# i18n: a filter's label in Explore's Eurostat view
family(
    "explore.es.{}",
    N_("explore.es.egeo"),
    N_("explore.es.esize"),
    N_("explore.es.enace"),
    N_("explore.es.eyear"),
)
# i18n: a flag Eurostat puts on a value, in words (a table cell)
family(
    "explore.es.flag.{}", N_("explore.es.flag.b"), N_("explore.es.flag.u"), N_("explore.es.flag.c")
)
# i18n: whom a Eurostat percentage is a share of (a table cell)
family(
    "explore.es.unit.{}",
    N_("explore.es.unit.PC_ENT"),
    N_("explore.es.unit.PC_ENT_AI_TANY"),
    N_("explore.es.unit.PC_ENT_AI_EC"),
)

# --- held in a variable or a table before they are translated

# i18n: one label of the source panel (adoption_ui/provenance.py), followed by a colon and a value
HELD_SOURCE_PANEL = (
    N_("prov.population"),
    N_("prov.counts"),
    N_("prov.where"),
    N_("prov.headcount"),
    N_("prov.period"),
    N_("prov.data_as_of"),
    N_("prov.attributed_to"),
    N_("prov.sector"),
    N_("prov.condition"),
    N_("prov.original"),
    N_("prov.sample"),
    N_("prov.citation"),
    N_("prov.licence"),
    N_("prov.accessed"),
    N_("prov.last_update"),
    N_("prov.publisher_site"),
    N_("prov.cited_in"),
    N_("prov.grade"),
    N_("prov.value_kind"),
    N_("prov.caveat"),
    N_("prov.publication"),
    N_("prov.source_kind"),
    N_("prov.published"),
    N_("prov.figures"),
    N_("prov.source_note"),
)
# i18n: a comparison sentence on the benchmark page and in the PDF report
HELD_BENCHMARK = (N_("bench.reference"), N_("bench.reference_answered"))
# i18n: a warning about an answer read from a shared link
HELD_LINK = (N_("bench.url.answer"), N_("bench.url.unasked"))
# i18n: a message to the facilitator after "Create the session"
HELD_CREATE = (
    N_("ws.create.title_missing"),
    N_("ws.create.title_invalid"),
    N_("ws.create.failed"),
    N_("ws.create.too_fast"),
)
# i18n: the session's state on the facilitator's page
HELD_STATUS = (N_("ws.status.open"), N_("ws.status.closed"))
# i18n: a message to a participant after sending the answers (join page)
HELD_JOIN = (
    N_("ws.join.sent"),
    N_("ws.join.sent_late"),
    N_("ws.join.need_answer"),
    N_("ws.join.gone_on_submit"),
    N_("ws.join.invalid"),
    N_("ws.join.full"),
    N_("ws.join.throttled"),
    N_("ws.join.failed"),
)
# i18n: the participant's send button: first send, then later sends
HELD_SUBMIT = (N_("ws.join.submit"), N_("ws.join.update"))
# i18n: the facilitator's slide controls: whether the room's answer is shown, and the
# button that shows or hides it (pages/workshop.py, projector)
HELD_SLIDES = (
    N_("ws.drive.revealed"),
    N_("ws.drive.not_revealed"),
    N_("ws.slides.hide"),
    N_("ws.slides.reveal"),
)
# i18n: the button that shows or hides the facilitator's private link
HELD_SECRET = (N_("ws.secret_show"), N_("ws.secret_hide"))
# i18n: where France ranks among the EU's countries: on the podium (top three) or not
HELD_RANK = (N_("explore.rank.podium"), N_("explore.rank.not_podium"))
