"""Every interface string in French and English, and locale-aware number formatting.

Strings live in one table, :data:`TEXTS`, keyed by a dotted id; ``t(key, lang)`` looks
one up and fills ``{placeholders}``. A test checks both languages have every key. Data
labels (figure labels, populations, caveats) live in ``data/`` with ``_fr``/``_en``
columns, not here.
"""

from __future__ import annotations

import math
from typing import Protocol

from adoption.benchmark_texts import BENCH_TEXTS
from adoption.population import NOT_STATED, Headcount
from adoption.workshop_texts import WORKSHOP_TEXTS

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

NNBSP = "\u202f"  # narrow no-break space: French puts it before % and between thousands

TEXTS: dict[str, dict[str, str]] = {
    # --- app chrome
    "app.title": {"fr": "Baromètre IA des PME", "en": "SME AI Benchmark"},
    "app.tagline": {
        "fr": "Les chiffres publiés sur l'IA dans les PME, et où se situe votre entreprise.",
        "en": "Published figures on AI in small and medium firms, and where your firm stands.",
    },
    "app.language": {"fr": "Langue", "en": "Language"},
    "app.data_error": {
        "fr": "Les données de l'application ne peuvent pas être chargées. Corrigez le fichier "
        "indiqué puis rechargez la page.",
        "en": "The app's data cannot be loaded. Fix the file named below, then reload the page.",
    },
    "app.bad_param": {
        "fr": "Le paramètre d'adresse « {name} » n'est pas valide et a été ignoré.",
        "en": 'The link parameter "{name}" is not valid and was ignored.',
    },
    # --- Streamlit's own interface words: "en" is Streamlit's exact string, "fr" what a
    # French page shows instead (pages/_ui.py swaps them in the page). A value ending with
    # a space is a prefix ("Help for <label>").
    "chrome.skip": {"fr": "Aller au contenu principal", "en": "Skip to main content"},
    "chrome.pages": {"fr": "Pages de l'application", "en": "App pages"},
    "chrome.choose": {"fr": "Choisissez une option", "en": "Choose an option"},
    "chrome.clear_value": {"fr": "Effacer la valeur", "en": "Clear value"},
    "chrome.clear_all": {"fr": "Tout effacer", "en": "Clear all"},
    "chrome.select_all": {"fr": "Tout sélectionner", "en": "Select all"},
    "chrome.open": {"fr": "Ouvrir", "en": "Open"},
    "chrome.close": {"fr": "Fermer", "en": "Close"},
    "chrome.search": {"fr": "Rechercher", "en": "Search"},
    "chrome.no_results": {"fr": "Aucun résultat", "en": "No results"},
    "chrome.fullscreen": {"fr": "Plein écran", "en": "Fullscreen"},
    "chrome.exit_fullscreen": {"fr": "Quitter le plein écran", "en": "Exit fullscreen"},
    "chrome.download_csv": {"fr": "Télécharger en CSV", "en": "Download as CSV"},
    "chrome.copy": {"fr": "Copier dans le presse-papiers", "en": "Copy to clipboard"},
    "chrome.decrement": {"fr": "Diminuer", "en": "Decrement"},
    "chrome.increment": {"fr": "Augmenter", "en": "Increment"},
    "chrome.link_heading": {"fr": "Lien vers ce titre", "en": "Link to heading"},
    "chrome.main_menu": {"fr": "Menu principal", "en": "Main menu"},
    "chrome.selected_values": {"fr": "Valeurs choisies", "en": "Selected values"},
    "chrome.info_icon": {"fr": "icône d'information", "en": "info icon"},
    "chrome.columns": {"fr": "Afficher ou masquer des colonnes", "en": "Show/hide columns"},
    "chrome.help_for": {"fr": "Aide : ", "en": "Help for "},
    "chrome.remove": {"fr": "Retirer ", "en": "Remove "},
    "chrome.fullscreen_for": {"fr": "Plein écran : ", "en": "Fullscreen: "},
    "nav.home": {"fr": "Chiffres clés", "en": "Key figures"},
    "nav.explore": {"fr": "Explorer", "en": "Explore"},
    "nav.benchmark": {"fr": "Me comparer", "en": "Benchmark my company"},
    "nav.workshop": {"fr": "Atelier", "en": "Workshop"},
    "nav.sources": {"fr": "Sources et méthode", "en": "Sources & method"},
    # --- provenance vocabulary
    "grade.primary": {"fr": "Vérifié à la source", "en": "Checked at source"},
    "grade.relayed": {"fr": "Relayé par la presse", "en": "Relayed by the press"},
    "grade.derived": {"fr": "Valeur calculée ou déduite", "en": "Computed or inferred"},
    "grade.article_claim": {"fr": "Affirmation d'article", "en": "Article claim"},
    "grade_help.primary": {
        "fr": "Lu dans le document ou les données de l'éditeur.",
        "en": "Read in the publisher's own document or data.",
    },
    "grade_help.relayed": {
        "fr": "Vu seulement dans des articles qui citent l'éditeur.",
        "en": "Seen only in articles quoting the publisher.",
    },
    "grade_help.derived": {
        "fr": "Calculée ou déduite d'un autre chiffre, jamais publiée telle quelle.",
        "en": "Computed or inferred from another figure, never published as such.",
    },
    "grade_help.article_claim": {
        "fr": "Seul l'article l'affirme ; éditeur inconnu ou non vérifié.",
        "en": "Only the article says so; publisher unknown or unchecked.",
    },
    "kind.exact": {"fr": "valeur publiée", "en": "published value"},
    "kind.approximate": {"fr": "valeur approchée", "en": "approximate value"},
    "kind.derived": {"fr": "valeur déduite", "en": "derived value"},
    "source_kind.official_statistics": {"fr": "Statistique publique", "en": "Official statistics"},
    "source_kind.industry_survey": {"fr": "Enquête professionnelle", "en": "Industry survey"},
    "source_kind.public_survey": {
        "fr": "Enquête publique (hors statistique officielle)",
        "en": "Public survey (not official statistics)",
    },
    "source_kind.unverified_study": {
        "fr": "Étude non vérifiable (méthode ou échantillon inconnus)",
        "en": "Unverifiable study (method or sample unknown)",
    },
    "source_kind.unsourced_claim": {
        "fr": "Affirmation sans source nommée",
        "en": "Claim with no source named",
    },
    "source_kind.press_article": {"fr": "Article (source secondaire)", "en": "Article (secondary)"},
    "theme.adoption": {"fr": "Adoption", "en": "Adoption"},
    "theme.satisfaction": {"fr": "Satisfaction", "en": "Satisfaction"},
    "theme.strategy": {"fr": "Stratégie", "en": "Strategy"},
    "theme.skills": {"fr": "Compétences", "en": "Skills"},
    "theme.risk": {"fr": "Risques", "en": "Risk"},
    "theme.investment": {"fr": "Investissement", "en": "Investment"},
    "theme.impact": {"fr": "Impact", "en": "Impact"},
    "theme.barriers": {"fr": "Freins", "en": "Barriers"},
    "theme.productivity": {"fr": "Productivité", "en": "Productivity"},
    "note.misattribution": {"fr": "Erreur d'attribution", "en": "Misattribution"},
    "note.conflict": {"fr": "Sources en désaccord", "en": "Sources disagree"},
    "note.paradox": {"fr": "Paradoxe", "en": "Paradox"},
    "note.range": {"fr": "Écart entre mesures", "en": "Spread between measures"},
    "prov.population": {"fr": "Population", "en": "Population"},
    "prov.period": {"fr": "Période", "en": "Period"},
    "prov.attributed_to": {"fr": "Mesuré par", "en": "Measured by"},
    "prov.cited_in": {"fr": "Cité dans", "en": "Quoted in"},
    "prov.original": {"fr": "Publication d'origine", "en": "Original publication"},
    "prov.grade": {"fr": "Niveau de vérification", "en": "Verification"},
    "prov.value_kind": {"fr": "Nature de la valeur", "en": "Kind of value"},
    "prov.caveat": {"fr": "À savoir", "en": "Caveat"},
    "prov.none": {"fr": "aucun article", "en": "no article"},
    "prov.counts": {"fr": "Ce qui est compté", "en": "What is counted"},
    "prov.where": {"fr": "Où", "en": "Where"},
    "prov.headcount": {"fr": "Effectif", "en": "Headcount"},
    "prov.sector": {"fr": "Secteurs", "en": "Sectors"},
    "prov.condition": {"fr": "Condition", "en": "Condition"},
    "prov.sample": {"fr": "Échantillon", "en": "Sample"},
    "prov.not_stated": {"fr": "non précisé par la source", "en": "not stated by the source"},
    "prov.all_sectors": {
        "fr": "pas de limite de secteur indiquée",
        "en": "no sector limit stated",
    },
    "counts.firms": {"fr": "des entreprises", "en": "firms"},
    "counts.leaders": {
        "fr": "des dirigeants, qui répondent pour eux-mêmes ou leur entreprise",
        "en": "leaders, answering for themselves or their firm",
    },
    "counts.employees": {"fr": "des salariés, pas des entreprises", "en": "employees, not firms"},
    "counts.deployments": {
        "fr": "des déploiements (projets), pas des entreprises",
        "en": "deployments (projects), not firms",
    },
    "counts.time_share": {"fr": "une part du temps de travail", "en": "a share of working time"},
    "counts.formula": {
        "fr": "rien : une formule d'auteur, sans mesure",
        "en": "nothing: an author's formula, with no measurement",
    },
    "prov.unknown": {"fr": "inconnue", "en": "unknown"},
    "prov.button": {"fr": "Source", "en": "Source"},
    # --- home
    "home.title": {
        "fr": "L'IA dans les PME : les chiffres publiés",
        "en": "AI in SMEs: the published figures",
    },
    "home.intro": {
        "fr": "Quatre chiffres reviennent dans la presse. Chacun décrit une population "
        "différente : ouvrez « Source » pour savoir qui a mesuré quoi, sur qui et quand.",
        "en": "Four figures keep coming back in the press. Each describes a different "
        'population: open "Source" to see who measured what, on whom and when.',
    },
    "home.honesty": {
        "fr": "Ces chiffres viennent d'enquêtes différentes, sur des populations différentes : "
        "ils ne se comparent pas directement entre eux. Les valeurs approchées (~) et "
        "déduites (*) sont signalées.",
        "en": "These figures come from different surveys of different populations: they are "
        "not directly comparable with one another. Approximate (~) and derived (*) values "
        "are marked.",
    },
    "home.series_title": {
        "fr": "Usage de l'IA générative par les dirigeants de TPE-PME",
        "en": "Generative AI use by leaders of French micro and small firms",
    },
    "home.paradoxes": {"fr": "Deux paradoxes", "en": "Two paradoxes"},
    "home.range_title": {
        "fr": "Combien de PME « utilisent l'IA » ? Cela dépend de qui répond",
        "en": 'How many SMEs "use AI"? It depends on who answers',
    },
    "home.by_theme": {"fr": "Les autres chiffres, par thème", "en": "The other figures, by theme"},
    "home.europe_title": {
        "fr": "Entreprises de 10 personnes ou plus utilisant au moins une technologie d'IA, 2025",
        "en": "Enterprises with 10+ persons employed using at least one AI technology, 2025",
    },
    "home.europe_note": {
        "fr": "Statistique publique européenne : entreprises de 10 personnes ou plus, liste fermée "
        "de technologies d'IA. Population et définition différentes des enquêtes ci-dessus.",
        "en": "European official statistics: enterprises with 10+ persons employed, a closed list "
        "of AI technologies. Population and definition differ from the surveys above.",
    },
    "home.europe_source": {
        "fr": "Source : Eurostat, isoc_eb_ai (2025).",
        "en": "Source: Eurostat, isoc_eb_ai (2025).",
    },
    "home.benchmark_cta": {
        "fr": "Où se situe votre entreprise ? Répondez à {n} questions (environ 3 minutes).",
        "en": "Where does your firm stand? Answer {n} questions (about 3 minutes).",
    },
    # --- charts
    "chart.download_png": {"fr": "Image PNG", "en": "PNG image"},
    "chart.download_svg": {"fr": "Image SVG", "en": "SVG image"},
    "chart.download_csv": {"fr": "Données CSV", "en": "CSV data"},
    "chart.col_label": {"fr": "Libellé", "en": "Label"},
    "chart.col_value": {"fr": "Valeur", "en": "Value"},
    "chart.col_shown": {"fr": "Affiché", "en": "Shown as"},
    "chart.no_image_export": {
        "fr": "Les images des graphiques demandent Chrome ou Chromium sur le serveur : seules "
        "les données sont proposées ici.",
        "en": "Chart images need Chrome or Chromium on the server: only the data is offered here.",
    },
    "chart.caption_sources": {"fr": "Sources : {sources}.", "en": "Sources: {sources}."},
    "chart.value_axis": {
        "fr": "% de la population interrogée",
        "en": "% of the population surveyed",
    },
    "chart.share_axis": {"fr": "% des entreprises", "en": "% of enterprises"},
    "chart.not_published": {"fr": "non publié", "en": "not published"},
    "chart.period_axis": {"fr": "Période", "en": "Period"},
    "chart.highlight_fr": {"fr": "France", "en": "France"},
    "chart.legend_grade": {"fr": "Vérification :", "en": "Verification:"},
    # --- explore
    "explore.title": {"fr": "Explorer les chiffres", "en": "Explore the figures"},
    "explore.intro": {
        "fr": "Filtrez, triez, téléchargez. Le lien de la page garde vos filtres.",
        "en": "Filter, sort, download. The page link keeps your filters.",
    },
    "explore.theme": {"fr": "Thème", "en": "Theme"},
    "explore.source": {"fr": "Source", "en": "Source"},
    "explore.grade": {"fr": "Vérification", "en": "Verification"},
    "explore.geo": {"fr": "Zone", "en": "Geography"},
    "explore.population": {"fr": "Population contient", "en": "Population contains"},
    "explore.count": {
        "fr_one": "{n} chiffre sur {total}",
        "fr": "{n} chiffres sur {total}",
        "en_one": "{n} of {total} figures",
        "en": "{n} of {total} figures",
    },
    "explore.empty": {
        "fr": "Aucun chiffre ne correspond à ces filtres.",
        "en": "No figure matches these filters.",
    },
    "explore.reset": {"fr": "Réinitialiser les filtres", "en": "Reset filters"},
    "explore.download_csv": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "explore.download_parquet": {"fr": "Télécharger (Parquet)", "en": "Download (Parquet)"},
    "col.label": {"fr": "Chiffre", "en": "Figure"},
    "col.value": {"fr": "Valeur (%)", "en": "Value (%)"},
    "col.theme": {"fr": "Thème", "en": "Theme"},
    "col.population": {"fr": "Population", "en": "Population"},
    "col.geo": {"fr": "Zone", "en": "Geography"},
    "col.period": {"fr": "Période", "en": "Period"},
    "col.attributed_to": {"fr": "Mesuré par", "en": "Measured by"},
    "col.cited_in": {"fr": "Cité dans", "en": "Quoted in"},
    "col.grade": {"fr": "Vérification", "en": "Verification"},
    "col.value_kind": {"fr": "Nature", "en": "Kind"},
    "col.url": {"fr": "Lien", "en": "Link"},
    "col.caveat": {"fr": "À savoir", "en": "Caveat"},
    "col.original": {"fr": "Publication d'origine", "en": "Original publication"},
    "explore.sort": {"fr": "Trier par", "en": "Sort by"},
    "explore.sort.value_desc": {"fr": "Valeur, de la plus haute", "en": "Value, highest first"},
    "explore.sort.value_asc": {"fr": "Valeur, de la plus basse", "en": "Value, lowest first"},
    "explore.sort.label": {"fr": "Chiffre, de A à Z", "en": "Figure, A to Z"},
    "explore.sort.period_desc": {"fr": "Période, la plus récente", "en": "Period, newest first"},
    "explore.sort.source": {"fr": "Source, de A à Z", "en": "Source, A to Z"},
    "col.organisation": {"fr": "Organisation", "en": "Organisation"},
    "col.title": {"fr": "Titre", "en": "Title"},
    "col.date": {"fr": "Date", "en": "Date"},
    "col.kind": {"fr": "Type", "en": "Kind"},
    "col.sample": {"fr": "Échantillon", "en": "Sample"},
    "col.note": {"fr": "Remarque", "en": "Note"},
    "col.figures": {"fr": "Chiffres", "en": "Figures"},
    # --- benchmark page
    "benchpage.title": {"fr": "Comparer mon entreprise", "en": "Benchmark my company"},
    "benchpage.intro": {
        "fr": "Répondez aux questions (environ 3 minutes) : votre résultat se met à jour au fur "
        "et à mesure, et le lien de la page le garde. Rien n'est enregistré sur le serveur.",
        "en": "Answer the questions (about 3 minutes): your result updates as you go, and the "
        "page link keeps it. Nothing is stored on the server.",
    },
    "benchpage.questions": {"fr": "Le questionnaire", "en": "The questionnaire"},
    "benchpage.result": {"fr": "Votre résultat", "en": "Your result"},
    "benchpage.empty": {
        "fr": "Répondez à au moins une question pour voir où vous vous situez.",
        "en": "Answer at least one question to see where you stand.",
    },
    "benchpage.score_hint": {
        "fr": "Score de maturité : {score}/100. Le détail est dans l'onglet « Votre résultat ».",
        "en": 'Maturity score: {score}/100. The details are in the "Your result" tab.',
    },
    "benchpage.share": {"fr": "Lien de partage", "en": "Share link"},
    "benchpage.share_help": {
        "fr": "Copiez ce lien (bouton à droite) : il rouvre exactement ce résultat, sur "
        "n'importe quel ordinateur.",
        "en": "Copy this link (button on the right): it reopens exactly this result, on any "
        "computer.",
    },
    "benchpage.pdf": {"fr": "Télécharger le rapport (PDF)", "en": "Download the report (PDF)"},
    "benchpage.restart": {"fr": "Tout effacer", "en": "Start again"},
    "benchpage.restart_title": {"fr": "Tout effacer ?", "en": "Start again?"},
    "benchpage.restart_confirm": {
        "fr": "Toutes vos réponses et le profil de l'entreprise seront vidés. Vous pourrez "
        "les récupérer tant que vous n'avez pas répondu à nouveau.",
        "en": "Every answer and the company profile will be emptied. You can bring them "
        "back until you answer again.",
    },
    "benchpage.restart_yes": {"fr": "Oui, tout effacer", "en": "Yes, empty everything"},
    "benchpage.restart_no": {"fr": "Annuler", "en": "Cancel"},
    "benchpage.erased": {
        "fr": "Vos réponses ont été effacées.",
        "en": "Your answers have been emptied.",
    },
    "benchpage.undo": {"fr": "Récupérer mes réponses", "en": "Bring my answers back"},
    "benchpage.headlines": {
        "fr": "Face aux quatre chiffres clés",
        "en": "Against the four headline figures",
    },
    "benchpage.per_question": {
        "fr": "Question par question, face à la population qui vous contient",
        "en": "Question by question, against the population that contains your firm",
    },
    "benchpage.all_comparisons": {
        "fr": "Toutes les comparaisons ({n} de plus) et le graphique",
        "en": "All comparisons ({n} more) and the chart",
    },
    "benchpage.all_comparisons_help": {
        "fr": "Les autres chiffres publiés pour les mêmes questions : ceux dont la population "
        "vous contient aussi, puis ceux d'autres populations, donnés pour référence.",
        "en": "The other published figures for the same questions: those whose population "
        "also contains your firm, then those of other populations, given for reference.",
    },
    "benchpage.stage": {"fr": "Stade : {stage}", "en": "Stage: {stage}"},
    # --- sources & method
    "sources.title": {"fr": "Sources et méthode", "en": "Sources & method"},
    "sources.list": {"fr": "Les sources", "en": "The sources"},
    "sources.reliability": {
        "fr": "Fiabilité, de la plus forte à la plus faible : statistique publique (INSEE, "
        "Eurostat) ; enquête publique (OCDE, baromètre France Num commandé par l'État) ; "
        "enquête professionnelle (éditeur nommé, échantillon connu) ; étude non vérifiable "
        "(nommée, mais sans méthode ni échantillon visibles) ; affirmation sans source ; "
        "article (source secondaire, qui cite les autres).",
        "en": "Reliability, strongest first: official statistics (INSEE, Eurostat); public "
        "survey (OECD, the government-commissioned France Num barometer); industry survey "
        "(named publisher, known sample); unverifiable study (named, but no visible method or "
        "sample); claim with no source named; article (a secondary source quoting the others).",
    },
    "sources.curation": {
        "fr": "Comment les chiffres ont été réunis",
        "en": "How the figures were gathered",
    },
    "sources.curation_text": {
        "fr": "Chaque chiffre des cinq articles de départ a été relevé avec ce qu'il compte "
        "(entreprises, dirigeants, salariés, projets), le pays, la tranche d'effectif, le "
        "secteur et la condition qu'il suppose, puis rapproché de la publication d'origine "
        "quand elle est connue. Ce que la source ne dit pas reste « non précisé » : aucune "
        "période ni date n'est complétée. Chaque chiffre reçoit un niveau : « vérifié à la "
        "source » (lu chez l'éditeur), « relayé » (vu seulement dans des reprises), « calculé "
        "ou déduit » (jamais publié tel quel) ou « affirmation d'article ». Les exemples "
        "hypothétiques des articles (« réduire de 30 % le temps de résolution ») ne sont pas "
        "des mesures et ne figurent pas dans les données.",
        "en": "Every figure in the five starting articles was recorded with what it counts "
        "(firms, leaders, employees, projects), its country, headcount range, sector and any "
        "condition it assumes, then matched with the original publication where it is known. "
        'What the source does not say stays "not stated": no period or date is filled in. '
        'Each figure gets a grade: "checked at source" (read at the publisher), "relayed" '
        '(seen only in reports), "computed or inferred" (never published as such) or '
        '"article claim". The articles\' hypothetical examples ("cut resolution time by '
        '30%") are not measurements and are left out.',
    },
    "sources.benchmark": {
        "fr": "Comment la comparaison est faite",
        "en": "How the benchmark works",
    },
    "sources.benchmark_text": {
        "fr": "Chaque question nomme les chiffres publiés auxquels elle se compare. Pour "
        "chacun, l'application vérifie que votre entreprise appartient à sa population : "
        "même pays (ou un groupe de pays qui le contient), tranche d'effectif qui contient la "
        "vôtre, secteur couvert, condition remplie, et des entreprises ou des dirigeants "
        "comptés (pas des salariés ni des projets). Alors seulement elle écrit « vous faites "
        "partie » ; sinon le chiffre est donné pour référence, avec la population qu'il "
        "décrit. Par question, elle retient la population la plus précise qui vous contient : "
        "statistique publique d'abord, puis pays avant groupe de pays, tranche d'effectif la "
        "plus étroite, votre secteur, période la plus récente. Les prochaines étapes sont "
        "choisies par des règles à partir de vos réponses et reprennent les pratiques "
        "décrites dans les articles.",
        "en": "Each question names the published figures it compares to. For each, the app "
        "checks that your firm belongs to its population: the same country (or a group of "
        "countries that holds it), a headcount range that holds yours, a sector covered, a "
        "condition met, and firms or leaders counted (not employees or projects). Only then "
        'does it write "you are among"; otherwise the figure is given for reference, with '
        "the population it describes. Per question it keeps the most specific population "
        "that contains your firm: official statistics first, then a country before a group, "
        "the narrowest headcount band, your sector, the latest period. Next steps are chosen "
        "by rules from your answers and draw on the practices the articles describe.",
    },
    "sources.limits": {"fr": "Limites", "en": "Limits"},
    "sources.limits_text": {
        "fr": "Les populations diffèrent (dirigeants, entreprises, salariés ; TPE, PME, ETI ; "
        "France, Belgique, Europe), les définitions aussi (IA générative, « au moins un "
        "outil », liste fermée de technologies), et les années. Deux chiffres proches ne "
        "disent pas la même chose ; deux chiffres éloignés ne se contredisent pas forcément.",
        "en": "Populations differ (leaders, firms, employees; micro, small, mid-sized; France, "
        'Belgium, Europe), so do definitions (generative AI, "at least one tool", a closed list '
        "of technologies) and years. Two close numbers may not say the same thing; two distant "
        "ones may not contradict each other.",
    },
    "sources.notes": {
        "fr": "Désaccords et erreurs relevés",
        "en": "Disagreements and errors found",
    },
    "sources.title_unknown": {"fr": "titre exact non connu", "en": "exact title not known"},
    "sources.data_files": {
        "fr": "Les données sont dans le dossier data/ (CSV décrits par datapackage.json). "
        "Eurostat : réutilisation autorisée avec mention « Source : Eurostat, isoc_eb_ai » "
        "(par taille) et « Source : Eurostat, isoc_eb_ain2 » (par secteur).",
        "en": "The data lives in the data/ folder (CSV files described by datapackage.json). "
        'Eurostat: reuse authorised with the credit "Source: Eurostat, isoc_eb_ai" (by size) '
        'and "Source: Eurostat, isoc_eb_ain2" (by sector).',
    },
}

# The benchmark's strings are kept in their own module to keep this one readable.
TEXTS.update(BENCH_TEXTS)
TEXTS.update(WORKSHOP_TEXTS)


def normalise_lang(value: object) -> str | None:
    """``"fr"``/``"en"`` from a URL value or a browser locale like ``"fr-FR"``; else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGS else None


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


def plural_form(count: int, lang: str) -> str:
    """``"one"`` or ``"other"``, by the language's rule: French treats 0 and 1 as
    singular ("0 réponse", "1 réponse"); English only 1 ("0 answers", "1 answer")."""
    if lang == "fr":
        return "one" if 0 <= count < 2 else "other"
    return "one" if count == 1 else "other"


def tn(key: str, count: int, lang: str, **values: object) -> str:
    """The string ``key`` in the plural form ``count`` calls for in ``lang``.

    The entry holds ``{lang}_one`` and ``{lang}`` (other). ``{n}`` is ``count`` written the
    language's way (``1 200`` in French) unless ``values`` gives it.
    """
    entry = TEXTS[key]
    code = lang if lang in entry else DEFAULT_LANG
    form = entry.get(f"{code}_one") if plural_form(count, code) == "one" else None
    text = form or entry[code]
    return text.format(**{"n": fmt_number(count, code, 0), **values})


class DataRow(Protocol):
    """A data row read by column name: a record ``dict`` or a pandas ``Series``."""

    def __getitem__(self, column: str, /) -> object: ...


def pick(row: DataRow, column: str, lang: str) -> str:
    """The ``column_fr`` or ``column_en`` value of a data row."""
    value = row[f"{column}_{lang}"]
    return "" if value is None else str(value)


def fmt_number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number the local way: ``1 234,5`` in French, ``1,234.5`` in English.

    French groups thousands with a narrow no-break space and uses a decimal comma.
    ``decimals=None`` keeps up to two decimals and drops trailing zeros.
    """
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text


def round_half_up(value: float) -> int:
    """Half up, not Python's half-to-even: 62.5 shows as 63, as people expect."""
    return math.floor(value + 0.5)


def quoted(value: str, lang: str) -> str:
    """A title in the language's quotation marks: ``« … »`` in French, ``“…”`` in English."""
    return f"« {value} »" if lang == "fr" else f"“{value}”"


def format_band(headcount: Headcount, lang: str) -> str:
    """A headcount range as numbers: ``10–49``, ``250+``, ``5\u202f000+`` in French."""
    low = fmt_number(headcount.low, lang, 0)
    if headcount.high is None:
        return f"{low}+"
    if headcount.high == headcount.low:
        return low
    return f"{low}–{fmt_number(headcount.high, lang, 0)}"


def format_period(period: str, lang: str) -> str:
    """``2024-12`` → ``déc. 2024``; ``2024-H2`` → ``fin 2024``; ``not_stated`` →
    ``période non précisée``; a bare year is kept as it is."""
    if period == NOT_STATED:
        return t("bench.period.not_stated", lang)
    year, _, part = period.partition("-")
    if part in ("H1", "H2"):
        return t(f"bench.period.{part.lower()}", lang, year=year)
    if part.isdigit() and 1 <= int(part) <= 12:
        months = t("bench.months", lang).split(";")
        return f"{months[int(part) - 1]} {year}"
    return period


def fmt_pct(value: float, lang: str, *, kind: str = "exact", decimals: int | None = None) -> str:
    """A percentage: ``31 %`` (narrow no-break space) in French, ``31%`` in English.

    Approximate values get a leading ``~``, derived ones a trailing ``*``.
    """
    text = fmt_number(value, lang, decimals)
    text += f"{NNBSP}%" if lang == "fr" else "%"
    if kind == "approximate":
        text = "~" + text
    elif kind == "derived":
        text += "*"
    return text
