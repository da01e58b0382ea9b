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
        "fr_one": "{n} réponse sur {total} questions",
        "fr": "{n} réponses sur {total} questions",
        "en_one": "{n} answer out of {total} questions",
        "en": "{n} answers out of {total} questions",
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
    "bench.basis.no_country": {
        "fr": "Indiquez votre pays : sans lui, aucun chiffre ne peut dire que vous faites partie "
        "de sa population, et tous sont donnés pour référence.",
        "en": "Give your country: without it no figure can say you belong to its population, "
        "and all of them are shown for reference.",
    },
    "bench.basis.no_size": {
        "fr": "Indiquez votre effectif : chaque chiffre porte sur une tranche d'effectif "
        "précise, et sans le vôtre ils sont tous donnés pour référence.",
        "en": "Give your headcount: every figure covers a given headcount range, and without "
        "yours they are all shown for reference.",
    },
    "bench.basis.small_no_eurostat": {
        "fr": "Les chiffres d'Eurostat et de l'INSEE ne couvrent que les entreprises de 10 "
        "salariés ou plus : pour votre entreprise, ils sont donnés pour référence.",
        "en": "Eurostat and INSEE figures only cover firms with 10 or more employees: for your "
        "firm they are shown for reference.",
    },
    "bench.basis.no_sector": {
        "fr": "Indiquez votre secteur pour vous comparer aux entreprises de votre secteur : la "
        "statistique officielle ne couvre pas tous les secteurs (ni l'agriculture, ni la "
        "finance, ni la santé).",
        "en": "Give your sector to compare with firms in your sector: official statistics do "
        "not cover every sector (not agriculture, finance or health).",
    },
    "bench.eurostat.label": {
        "fr": "Utilisent au moins une technologie d'IA",
        "en": "Use at least one AI technology",
    },
    "bench.eurostat.population": {
        "fr": "Entreprises de {size} personnes occupées, {place} (industrie, énergie, "
        "construction et services marchands, hors finance)",
        "en": "Enterprises with {size} persons employed, {place} (manufacturing, utilities, "
        "construction and market services, excluding finance)",
    },
    "bench.eurostat.population_sector": {
        "fr": "Entreprises de 10 personnes occupées ou plus, secteur {sector}, {place}",
        "en": "Enterprises with 10+ persons employed, {sector} sector, {place}",
    },
    "bench.eurostat.break_2025": {
        "fr": "2025 ajoute la génération d'images, de vidéo et de son : rupture de série avec "
        "les années précédentes.",
        "en": "2025 adds image, video and sound generation: a break in series with earlier years.",
    },
    "bench.eurostat.flag_b": {
        "fr": "Eurostat signale une rupture de série pour cette valeur.",
        "en": "Eurostat flags a break in series for this value.",
    },
    "bench.eurostat.flags_unknown": {
        "fr": "Les indicateurs d'Eurostat (rupture, fiabilité) ne sont pas connus pour cette "
        "valeur.",
        "en": "Eurostat's flags (break, reliability) are not known for this value.",
    },
    "bench.nace.A": {"fr": "agriculture", "en": "agriculture"},
    "bench.nace.C": {"fr": "industrie manufacturière", "en": "manufacturing"},
    "bench.nace.D": {"fr": "énergie", "en": "energy supply"},
    "bench.nace.E": {"fr": "eau et déchets", "en": "water and waste"},
    "bench.nace.F": {"fr": "construction", "en": "construction"},
    "bench.nace.G": {"fr": "commerce", "en": "wholesale and retail trade"},
    "bench.nace.H": {"fr": "transport et entreposage", "en": "transport and storage"},
    "bench.nace.I": {"fr": "hébergement et restauration", "en": "accommodation and food"},
    "bench.nace.J": {"fr": "information et communication", "en": "information and communication"},
    "bench.nace.K": {"fr": "finance et assurance", "en": "finance and insurance"},
    "bench.nace.L": {"fr": "immobilier", "en": "real estate"},
    "bench.nace.M": {
        "fr": "activités spécialisées, scientifiques et techniques",
        "en": "professional, scientific and technical activities",
    },
    "bench.nace.N": {
        "fr": "services administratifs et de soutien",
        "en": "administrative and support",
    },
    "bench.nace.Q": {"fr": "santé et action sociale", "en": "health and social work"},
    "bench.barriers.title": {
        "fr": "Ce qui freine les entreprises comme la vôtre",
        "en": "What holds back firms like yours",
    },
    "bench.barriers.population": {
        "fr": "Entreprises de {size} personnes occupées qui ont envisagé l'IA sans l'utiliser, "
        "{place}, {year} : part qui cite chaque frein",
        "en": "Enterprises with {size} persons employed that considered AI but do not use it, "
        "{place}, {year}: share citing each barrier",
    },
    "bench.barriers.source": {
        "fr": "Source : Eurostat, isoc_eb_ai. Plusieurs freins peuvent être cités.",
        "en": "Source: Eurostat, isoc_eb_ai. Several barriers may be cited.",
    },
    "bench.technologies.title": {
        "fr": "Les technologies d'IA utilisées par les entreprises comme la vôtre",
        "en": "The AI technologies firms like yours use",
    },
    "bench.technologies.population": {
        "fr": "Entreprises de {size} personnes occupées, {place}, {year} : part qui utilise "
        "chaque technologie",
        "en": "Enterprises with {size} persons employed, {place}, {year}: share using each "
        "technology",
    },
    "bench.technologies.source": {
        "fr": "Source : Eurostat, isoc_eb_ai. Une entreprise peut en utiliser plusieurs.",
        "en": "Source: Eurostat, isoc_eb_ai. A firm may use several.",
    },
    "bench.breakdown.stand_in": {
        "fr": "Eurostat ne publie pas ces chiffres pour votre pays : ce sont ceux de l'UE à 27.",
        "en": "Eurostat publishes no such figures for your country: these are the EU27's.",
    },
    "bench.breakdown.title": {
        "fr": "Les entreprises comme la vôtre, selon la statistique officielle",
        "en": "Firms like yours, in official statistics",
    },
    "bench.breakdown.reference": {
        "fr": "Pour référence : ces chiffres décrivent une autre population que votre "
        "entreprise (voir ci-dessous).",
        "en": "For reference: these figures describe a population other than your firm's "
        "(see below).",
    },
    "bench.eurostat.BCST": {"fr": "Coûts trop élevés", "en": "Costs seem too high"},
    "bench.eurostat.BLE": {"fr": "Manque de compétences", "en": "Lack of relevant expertise"},
    "bench.eurostat.BINC": {
        "fr": "Incompatible avec les outils et systèmes en place",
        "en": "Incompatible with existing equipment or systems",
    },
    "bench.eurostat.BDDT": {
        "fr": "Données absentes ou de qualité insuffisante",
        "en": "Data missing or of poor quality",
    },
    "bench.eurostat.BCDP": {
        "fr": "Protection des données et vie privée",
        "en": "Data protection and privacy",
    },
    "bench.eurostat.BLEG": {
        "fr": "Conséquences juridiques floues",
        "en": "Unclear legal consequences",
    },
    "bench.eurostat.BEC": {"fr": "Questions éthiques", "en": "Ethical concerns"},
    "bench.eurostat.BNU": {
        "fr": "L'IA n'est pas utile à l'entreprise",
        "en": "AI is not useful to the firm",
    },
    "bench.eurostat.TTM": {"fr": "Analyse de texte", "en": "Text mining"},
    "bench.eurostat.TSR": {"fr": "Reconnaissance vocale", "en": "Speech recognition"},
    "bench.eurostat.TNLG": {
        "fr": "Génération de texte ou de parole",
        "en": "Written or spoken language generation",
    },
    "bench.eurostat.TPVSG": {
        "fr": "Génération d'images, de vidéo ou de son",
        "en": "Image, video or sound generation",
    },
    "bench.eurostat.TIR": {"fr": "Reconnaissance d'images", "en": "Image recognition"},
    "bench.eurostat.TML": {
        "fr": "Apprentissage automatique pour l'analyse de données",
        "en": "Machine learning for data analysis",
    },
    "bench.eurostat.TPA": {
        "fr": "Automatisation des flux de travail ou aide à la décision",
        "en": "Workflow automation or decision support",
    },
    "bench.eurostat.TAR": {
        "fr": "Machines autonomes (robots, véhicules, drones)",
        "en": "Autonomous machines (robots, vehicles, drones)",
    },
    "bench.reference": {
        "fr": "Pour référence : {label}, {value} ({population}, {period}).",
        "en": "For reference: {label}, {value} ({population}, {period}).",
    },
    "bench.reference_answered": {
        "fr": "Votre réponse : {answer}. Pour référence : {label}, {value} ({population}, "
        "{period}).",
        "en": "Your answer: {answer}. For reference: {label}, {value} ({population}, {period}).",
    },
    "bench.member": {
        "fr": "Votre entreprise fait partie de cette population",
        "en": "Your firm belongs to this population",
    },
    "bench.reason.unit": {
        "fr": "Autre population : ce chiffre ne compte pas des entreprises",
        "en": "Another population: this figure does not count firms",
    },
    "bench.reason.geo_not_stated": {
        "fr": "Autre population : la source ne dit pas de quel pays il s'agit",
        "en": "Another population: the source does not say which country",
    },
    "bench.reason.country_unknown": {
        "fr": "Pour référence : votre pays n'est pas indiqué",
        "en": "For reference: your country is not given",
    },
    "bench.reason.country": {
        "fr": "Autre population : un autre pays que le vôtre",
        "en": "Another population: a country other than yours",
    },
    "bench.reason.size_not_stated": {
        "fr": "Autre population : la source ne dit pas quelles tailles d'entreprise",
        "en": "Another population: the source does not say which firm sizes",
    },
    "bench.reason.size_unknown": {
        "fr": "Pour référence : votre effectif n'est pas indiqué",
        "en": "For reference: your headcount is not given",
    },
    "bench.reason.size": {
        "fr": "Autre population : une autre tranche d'effectif que la vôtre",
        "en": "Another population: a headcount range other than yours",
    },
    "bench.reason.sector_unknown": {
        "fr": "Pour référence : la source ne couvre que certains secteurs et le vôtre n'est pas "
        "indiqué",
        "en": "For reference: the source only covers some sectors and yours is not given",
    },
    "bench.reason.sector": {
        "fr": "Autre population : votre secteur n'est pas couvert",
        "en": "Another population: your sector is not covered",
    },
    "bench.reason.condition_unknown": {
        "fr": "Pour référence : rien ne permet de dire si vous remplissez la condition de cette "
        "population",
        "en": "For reference: nothing tells whether you meet this population's condition",
    },
    "bench.reason.condition": {
        "fr": "Autre population : vous ne remplissez pas sa condition",
        "en": "Another population: you do not meet its condition",
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
    "bench.legend.reference": {
        "fr": "Pour référence (autre population)",
        "en": "For reference (another population)",
    },
    "bench.legend.unanswered": {"fr": "Sans réponse", "en": "Not answered"},
    "bench.pillar.not_applicable": {"fr": "sans objet", "en": "n/a"},
    "bench.period.not_stated": {"fr": "période non précisée", "en": "period not stated"},
    "bench.period.h1": {"fr": "1er semestre {year}", "en": "first half of {year}"},
    "bench.period.h2": {"fr": "fin {year}", "en": "end {year}"},
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
        "compétences, gouvernance, mesure. Seules les pratiques rapportent des points (une "
        "stratégie écrite, une politique d'usage, des indicateurs suivis, des équipes formées, "
        "une décision de budget…). Les opinions et les ressentis (l'IA est-elle essentielle, "
        "vous sentez-vous prêt, êtes-vous expert, êtes-vous satisfait) vous situent face aux "
        "chiffres publiés mais ne rapportent rien, et un même fait ne compte qu'une fois : "
        "l'usage de l'IA est mesuré par sa fréquence, pas une seconde fois par les questions "
        "« utilisez-vous l'IA ». Le score d'un pilier est la somme des points obtenus divisée "
        "par le maximum possible, ramenée sur 100. Une réponse « sans objet » (aucun projet "
        "pour l'instant, aucun outil) et une question qui ne vous a pas été posée sortent du "
        "calcul ; une question sans réponse compte pour 0, car le score ne crédite que ce que "
        "vous déclarez. Le score global est la moyenne des piliers qui ont un score. Stades : "
        "exploration sous {t1}, expérimentation sous {t2}, structuration sous {t3}, passage à "
        "l'échelle à partir de {t3}. Ce score mesure votre démarche, pas votre rang : aucune "
        "enquête publiée ne donne de score par pilier. Pour vous situer, chaque question est "
        "comparée au chiffre publié dont la population vous contient (pays, effectif, secteur, "
        "condition), la statistique officielle d'abord ; les autres chiffres sont donnés pour "
        "référence, avec la population qu'ils décrivent.",
        "en": "Each question belongs to one of five pillars: strategy, use, skills, "
        "governance, measurement. Only practices earn points (a written strategy, a usage "
        "policy, tracked indicators, trained staff, a budget decision…). Opinions and "
        "feelings (is AI essential, do you feel ready, are you an expert, are you satisfied) "
        "position you against the published figures but earn nothing, and one fact counts "
        'once: AI use is measured by how often it happens, not a second time by the "do you '
        "use AI\" questions. A pillar's score is the points earned divided by the maximum "
        'possible, scaled to 100. A "not applicable" answer (no project yet, no tool) and a '
        "question you were not asked leave the calculation; an unanswered question counts 0, "
        "because the score only credits what you declare. The overall score is the mean of the "
        "pillars that have a score. Stages: exploring below {t1}, experimenting below {t2}, "
        "structuring below {t3}, scaling from {t3}. This score measures your approach, not "
        "your rank: no published survey gives a score per pillar. To position you, each "
        "question is compared with the published figure whose population contains your firm "
        "(country, headcount, sector, condition), official statistics first; the other "
        "figures are shown for reference, with the population they describe.",
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
    "bench.url.unasked": {
        "fr": "La réponse à « {question} » a été écartée : cette question n'est posée que sous "
        "une condition que le lien ne remplit pas.",
        "en": 'The answer to "{question}" was dropped: this question is only asked under a '
        "condition the link does not meet.",
    },
    "bench.url.size_coarse": {
        "fr": "Ce lien date d'avant le choix de l'effectif par tranche fine : indiquez à "
        "nouveau votre effectif pour être comparé à la bonne population.",
        "en": "This link predates the finer headcount bands: give your headcount again to be "
        "compared with the right population.",
    },
    "bench.url.profile": {
        "fr": "Le champ « {field} » du lien n'est pas valide et a été ignoré.",
        "en": 'The link\'s "{field}" field is not valid and was ignored.',
    },
    "bench.url.cut_answers": {
        "fr": "Ce lien est incomplet (il a été coupé) : les réponses éventuelles à ces "
        "questions n'ont pas pu être lues : {questions}. Répondez-y à nouveau si besoin.",
        "en": "This link is incomplete (it was cut short): any answers to these questions "
        "could not be read: {questions}. Answer them again if needed.",
    },
    "bench.url.cut_profile": {
        "fr": "Ce lien est incomplet (il a été coupé) : le profil de l'entreprise n'a pas pu "
        "être lu en entier ({fields}).",
        "en": "This link is incomplete (it was cut short): the company profile could not be "
        "read in full ({fields}).",
    },
    "bench.url.altered": {
        "fr": "Ce lien a été modifié après sa création : les réponses lues peuvent différer "
        "de celles d'origine. Vérifiez-les dans le questionnaire.",
        "en": "This link was changed after it was made: the answers read may differ from the "
        "original ones. Check them in the questionnaire.",
    },
    # --- progress between two results
    "bench.progress.title": {"fr": "Vos progrès", "en": "Your progress"},
    "bench.progress.help": {
        "fr": "Collez le lien d'un résultat précédent (ou son code b=…) pour voir ce qui a "
        "changé depuis. Rien n'est enregistré : les deux résultats restent dans le lien.",
        "en": "Paste the link of an earlier result (or its b=… code) to see what changed "
        "since. Nothing is stored: both results stay in the link.",
    },
    "bench.progress.input": {
        "fr": "Lien du résultat précédent",
        "en": "Link of the earlier result",
    },
    "bench.progress.empty_link": {
        "fr": "Ce lien ne contient aucune réponse : rien à comparer.",
        "en": "This link holds no answer: nothing to compare.",
    },
    "bench.progress.overall": {
        "fr": "Score global : {before} → {after} ({delta})",
        "en": "Overall score: {before} → {after} ({delta})",
    },
    "bench.progress.pillar": {
        "fr": "{pillar} : {before} → {after}",
        "en": "{pillar}: {before} → {after}",
    },
    "bench.progress.answers": {"fr": "Ce qui a changé", "en": "What changed"},
    "bench.progress.no_change": {
        "fr": "Aucune réponse n'a changé.",
        "en": "No answer has changed.",
    },
    "bench.progress.answer.changed": {
        "fr": "{q} : {before} → {after}",
        "en": "{q}: {before} → {after}",
    },
    "bench.progress.answer.answered": {
        "fr": "{q} : {answer} (sans réponse la première fois)",
        "en": "{q}: {answer} (not answered the first time)",
    },
    "bench.progress.answer.added": {
        "fr": "{q} : {answer} (question ajoutée depuis le premier résultat)",
        "en": "{q}: {answer} (question added since the first result)",
    },
    "bench.progress.answer.dropped": {
        "fr": "{q} : plus de réponse (c'était « {answer} »)",
        "en": "{q}: no longer answered (it was “{answer}”)",
    },
    "bench.progress.report_title": {
        "fr": "Progrès depuis le résultat précédent",
        "en": "Progress since the earlier result",
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
    "report.step_source": {"fr": "Tirée de : {source}", "en": "Drawn from: {source}"},
    "report.per_question": {
        "fr": "Question par question, face à la population qui vous contient",
        "en": "Question by question, against the population that contains your firm",
    },
    "report.source_line": {
        "fr": "{basis}. Source : {source} ({period}) ; {grade}.",
        "en": "{basis}. Source: {source} ({period}); {grade}.",
    },
    "report.method": {"fr": "Méthode", "en": "Method"},
    "report.method_short": {
        "fr": "Seules les pratiques rapportent des points, les opinions aucun ; les réponses "
        "« sans objet » sortent du calcul ; score d'un pilier = points obtenus / maximum, sur "
        "100 ; score global = moyenne des piliers notés. « Vous faites partie » n'est écrit "
        "que si votre entreprise appartient à la population du chiffre ; sinon le chiffre est "
        "donné pour référence. Les chiffres viennent d'enquêtes différentes, sur des "
        "populations différentes : ils ne se comparent pas entre eux.",
        "en": 'Only practices earn points, opinions none; "not applicable" answers leave the '
        "calculation; a pillar's score = points earned / maximum, out of 100; overall = mean "
        'of the scored pillars. "You are among" is only written when your firm belongs to '
        "the figure's population; otherwise the figure is given for reference. The figures "
        "come from different surveys of different populations: they are not comparable with "
        "one another.",
    },
    "report.share": {
        "fr": "Rouvrir ce résultat : {url}",
        "en": "Reopen this result: {url}",
    },
    "report.footer": {
        "fr": "Établi à partir des statistiques et enquêtes publiées citées ci-dessus. Vos "
        "réponses ne sont enregistrées nulle part : elles ne vivent que dans le lien.",
        "en": "Drawn from the published statistics and surveys cited above. Your answers are "
        "stored nowhere: they live only in the link.",
    },
    "report.page": {"fr": "Page {n}/{total}", "en": "Page {n} of {total}"},
    "report.file_name": {"fr": "rapport-maturite-ia.pdf", "en": "ai-maturity-report.pdf"},
}
