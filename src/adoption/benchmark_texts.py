"""French and English strings of the "Benchmark my company" domain and of the PDF report.

The dictionary has the same shape as :data:`adoption.i18n.TEXTS`, which merges it, so
every key is looked up with :func:`adoption.i18n.t`. Question
labels, answer options and next steps are data (``data/questions.csv``, ``choices.csv``,
``practices.csv``), not strings here. No figure value is ever written in these strings: they
reach the text through placeholders filled from ``data/figures.csv``.
"""

from __future__ import annotations

BENCH_TEXTS: dict[str, dict[str, str]] = {
    # --- pillars and stages
    "bench.pillar.strategy": {"fr": "Stratégie", "en": "Strategy"},
    "bench.pillar.use": {"fr": "Usage", "en": "Use"},
    "bench.pillar.skills": {"fr": "Compétences", "en": "Skills"},
    "bench.pillar.governance": {"fr": "Gouvernance", "en": "Governance"},
    "bench.pillar.measurement": {"fr": "Mesure", "en": "Measurement"},
    "bench.stage.exploring": {"fr": "Exploration", "en": "Exploring"},
    "bench.stage.experimenting": {"fr": "Expérimentation", "en": "Experimenting"},
    "bench.stage.structuring": {"fr": "Structuration", "en": "Structuring"},
    "bench.stage.scaling": {"fr": "Passage à l'échelle", "en": "Scaling"},
    "bench.stage_help.exploring": {
        "fr": "Les premiers essais restent isolés ; rien n'est encore cadré.",
        "en": "First trials stay isolated; nothing is framed yet.",
    },
    "bench.stage_help.experimenting": {
        "fr": "Des usages existent, mais sans objectif, règle ni mesure communs.",
        "en": "Uses exist, but with no shared objective, rules or measurement.",
    },
    "bench.stage_help.structuring": {
        "fr": "Les usages sont encadrés et suivis ; il reste à les étendre.",
        "en": "Uses are framed and tracked; what remains is to extend them.",
    },
    "bench.stage_help.scaling": {
        "fr": "L'IA est pilotée comme un projet d'entreprise, mesurée et étendue.",
        "en": "AI is run as a company project, measured and extended.",
    },
    "bench.score.overall": {"fr": "Score de maturité", "en": "Maturity score"},
    "bench.score.out_of": {"fr": "{score}/100", "en": "{score}/100"},
    "bench.score.answered": {
        "fr": "{answered} réponse(s) sur {total} questions",
        "en": "{answered} answer(s) out of {total} questions",
    },
    "bench.score.partial": {
        "fr": "Une question sans réponse compte pour 0 point : répondez à tout pour un score "
        "juste.",
        "en": "An unanswered question counts as 0 points: answer them all for a fair score.",
    },
    # --- profile
    "bench.profile.title": {"fr": "Votre entreprise", "en": "Your firm"},
    "bench.profile.size": {"fr": "Effectif", "en": "Headcount"},
    "bench.profile.sector": {"fr": "Secteur", "en": "Sector"},
    "bench.profile.country": {"fr": "Pays", "en": "Country"},
    "bench.profile.unknown": {"fr": "non précisé", "en": "not given"},
    "bench.size_band": {"fr": "{band} salariés", "en": "{band} employees"},
    # --- positioning
    "bench.position.title": {
        "fr": "Où vous vous situez par rapport aux chiffres publiés",
        "en": "Where you stand against the published figures",
    },
    "bench.basis.size": {
        "fr": "Votre tranche de taille : {population}",
        "en": "Your size class: {population}",
    },
    "bench.basis.size_closest": {
        "fr": "Tranche publiée la plus proche de la vôtre ({size}) : {population}",
        "en": "Published band closest to yours ({size}): {population}",
    },
    "bench.basis.country": {
        "fr": "Votre pays, entreprises de 10 personnes ou plus : {population}",
        "en": "Your country, enterprises with 10+ persons employed: {population}",
    },
    "bench.basis.general": {
        "fr": "Population d'ensemble, sans distinction de taille : {population}",
        "en": "Overall population, all sizes together: {population}",
    },
    "bench.basis.no_size": {
        "fr": "Indiquez votre effectif pour vous comparer à votre tranche de taille et à votre "
        "pays : les chiffres par taille et par pays ne s'appliquent qu'à une tranche précise.",
        "en": "Give your headcount to compare with your size class and your country: figures "
        "by size and by country only apply to a given band.",
    },
    "bench.basis.small_no_eurostat": {
        "fr": "Les chiffres d'Eurostat et de l'INSEE ne couvrent que les entreprises de 10 "
        "salariés ou plus : ils ne s'appliquent pas à votre entreprise.",
        "en": "Eurostat and INSEE figures only cover firms with 10 or more employees: they do "
        "not apply to your firm.",
    },
    "bench.basis.no_sector": {
        "fr": "Aucun chiffre des données n'est ventilé par secteur : votre secteur figure dans "
        "le rapport mais ne sert pas à la comparaison.",
        "en": "No figure in the data is broken down by sector: your sector appears in the "
        "report but is not used in the comparison.",
    },
    "bench.eurostat.label": {
        "fr": "Utilisent au moins une technologie d'IA ({country}, {period})",
        "en": "Use at least one AI technology ({country}, {period})",
    },
    "bench.eurostat.population": {
        "fr": "Entreprises de 10 personnes ou plus, {country}",
        "en": "Enterprises with 10+ persons employed, {country}",
    },
    "bench.unanswered": {
        "fr": "Sans réponse : {label}, {value} ({population}, {period}).",
        "en": "Not answered: {label}, {value} ({population}, {period}).",
    },
    "bench.no_figure": {
        "fr": "Aucun chiffre publié ne porte sur cette question : elle compte dans le score mais "
        "n'est comparée à rien.",
        "en": "No published figure covers this question: it counts in the score but is compared "
        "with nothing.",
    },
    "bench.legend.in": {"fr": "Vous en faites partie", "en": "You are in this group"},
    "bench.legend.out": {"fr": "Vous n'en faites pas partie", "en": "You are not in this group"},
    "bench.legend.unanswered": {"fr": "Sans réponse", "en": "Not answered"},
    "bench.chart.pillar_axis": {"fr": "Score sur 100", "en": "Score out of 100"},
    "bench.chart.position_axis": {
        "fr": "% de la population interrogée",
        "en": "% of the population surveyed",
    },
    "bench.caption.pillars": {
        "fr": "Score calculé à partir de vos réponses selon la méthode indiquée. Aucune "
        "publication ne donne de score moyen par pilier : il n'y a donc pas de moyenne "
        "nationale à laquelle le comparer.",
        "en": "Score computed from your answers with the method shown. No publication gives an "
        "average score per pillar, so there is no national average to compare it with.",
    },
    "bench.caption.position": {
        "fr": "Sources : {sources}. Chaque barre vient d'une enquête différente, sur une "
        "population différente : les barres ne se comparent pas entre elles.",
        "en": "Sources: {sources}. Each bar comes from a different survey of a different "
        "population: the bars are not comparable with one another.",
    },
    "bench.months": {
        "fr": "janv.;févr.;mars;avr.;mai;juin;juil.;août;sept.;oct.;nov.;déc.",
        "en": "Jan;Feb;Mar;Apr;May;Jun;Jul;Aug;Sep;Oct;Nov;Dec",
    },
    # --- method
    "bench.method.title": {"fr": "Comment le score est calculé", "en": "How the score is computed"},
    "bench.method.text": {
        "fr": "Chaque question appartient à l'un des cinq piliers : stratégie, usage, "
        "compétences, gouvernance, mesure. Chaque réponse rapporte des points, fixés dans le "
        "fichier data/questions.csv ; certaines questions pèsent moins que d'autres (l'avis "
        "qu'on porte sur soi compte moins qu'une pratique en place). Le score d'un pilier est "
        "la somme des points obtenus divisée par le maximum possible, ramenée sur 100. Une "
        "question sans réponse compte pour 0 : le score ne crédite que ce que vous déclarez. "
        "Le score global est la moyenne des cinq piliers. Stades : exploration sous {t1}, "
        "expérimentation sous {t2}, structuration sous {t3}, passage à l'échelle à partir de "
        "{t3}. Ce score mesure votre démarche, pas votre place parmi les autres entreprises : "
        "aucune enquête publiée ne donne de score par pilier. Seules les questions reliées à "
        "un chiffre publié vous situent par rapport à d'autres entreprises, et toujours par "
        "rapport à la population que ce chiffre décrit.",
        "en": "Each question belongs to one of five pillars: strategy, use, skills, "
        "governance, measurement. Each answer earns points, set in the file "
        "data/questions.csv; some questions weigh less than others (how you rate yourself "
        "counts less than a practice in place). A pillar's score is the points earned divided "
        "by the maximum possible, scaled to 100. An unanswered question counts as 0: the "
        "score only credits what you declare. The overall score is the mean of the five "
        "pillars. Stages: exploring below {t1}, experimenting below {t2}, structuring below "
        "{t3}, scaling from {t3}. This score measures your approach, not your rank among "
        "other firms: no published survey gives a score per pillar. Only the questions tied "
        "to a published figure position you against other firms, and always against the "
        "population that figure describes.",
    },
    "bench.next_steps.title": {"fr": "Prochaines étapes", "en": "Next steps"},
    "bench.next_steps.from": {
        "fr": "Pratique : {practice}. Tirée de : {source}.",
        "en": "Practice: {practice}. Drawn from: {source}.",
    },
    # --- shareable link
    "bench.url.format": {
        "fr": "Le lien de partage est illisible : le questionnaire repart de zéro.",
        "en": "The share link cannot be read: the questionnaire starts afresh.",
    },
    "bench.url.too_long": {
        "fr": "Le lien de partage est trop long pour être valide : il a été ignoré.",
        "en": "The share link is too long to be valid: it was ignored.",
    },
    "bench.url.version": {
        "fr": "Ce lien vient d'une autre version de l'application : il a été ignoré.",
        "en": "This link comes from another version of the app: it was ignored.",
    },
    "bench.url.answer": {
        "fr": "La réponse à la question « {question} » n'est pas valide et a été ignorée.",
        "en": 'The answer to the question "{question}" is not valid and was ignored.',
    },
    "bench.url.unknown_answers": {
        "fr": "Le lien contient des réponses à des questions qui n'existent plus : elles ont "
        "été ignorées.",
        "en": "The link holds answers to questions that no longer exist: they were ignored.",
    },
    "bench.url.profile": {
        "fr": "Le champ « {field} » du lien n'est pas valide et a été ignoré.",
        "en": 'The link\'s "{field}" field is not valid and was ignored.',
    },
    # --- PDF report
    "report.title": {
        "fr": "Maturité IA de votre entreprise",
        "en": "Your firm's AI maturity",
    },
    "report.subtitle": {
        "fr": "Rapport de synthèse du Baromètre IA des PME, établi le {date}",
        "en": "Summary report of the SME AI Benchmark, produced on {date}",
    },
    "report.pillars": {"fr": "Score par pilier", "en": "Score by pillar"},
    "report.headlines": {
        "fr": "Vous face aux quatre chiffres clés",
        "en": "You against the four headline figures",
    },
    "report.size_comparisons": {
        "fr": "Vous face aux chiffres de votre taille et de votre pays",
        "en": "You against the figures for your size and country",
    },
    "report.source_line": {
        "fr": "Source : {organisation}, {title} ({period}) ; {grade}.",
        "en": "Source: {organisation}, {title} ({period}); {grade}.",
    },
    "report.method": {"fr": "Méthode", "en": "Method"},
    "report.method_short": {
        "fr": "Score : points par réponse (data/questions.csv), somme rapportée au maximum de "
        "chaque pilier, sur 100 ; score global = moyenne des cinq piliers ; une question sans "
        "réponse vaut 0. Aucune moyenne publiée n'existe par pilier. Les chiffres viennent "
        "d'enquêtes différentes, sur des populations différentes : ils ne se comparent pas "
        "entre eux.",
        "en": "Score: points per answer (data/questions.csv), summed against each pillar's "
        "maximum, out of 100; overall score = mean of the five pillars; an unanswered "
        "question is worth 0. No published average exists per pillar. The figures come from "
        "different surveys of different populations: they are not comparable with one "
        "another.",
    },
    "report.share": {
        "fr": "Rouvrir ce résultat : {url}",
        "en": "Reopen this result: {url}",
    },
    "report.footer": {
        "fr": "Produit localement à partir des données publiques réunies dans data/. Aucune "
        "réponse n'a été envoyée ni conservée.",
        "en": "Produced locally from the public data gathered in data/. No answer was sent or "
        "stored.",
    },
    "report.file_name": {"fr": "rapport-maturite-ia.pdf", "en": "ai-maturity-report.pdf"},
}
