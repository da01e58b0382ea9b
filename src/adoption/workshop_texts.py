"""French and English strings of the Workshop pages (facilitator, participant, presenter).

Same shape as :data:`adoption.i18n.TEXTS`, which merges it; every key starts with ``ws.``
and is looked up with :func:`adoption.i18n.t`. No figure value is written here: values
reach the text through placeholders filled from ``data/figures.csv`` or from the room.
"""

from __future__ import annotations

WORKSHOP_TEXTS: dict[str, dict[str, str]] = {
    # --- shared
    "ws.db_unavailable": {
        "fr": "La base de données des ateliers est injoignable ou mal configurée. Le reste de "
        "l'application fonctionne normalement ; réessayez dans un instant ou prévenez la "
        "personne qui administre l'application.",
        "en": "The workshop database cannot be reached or is misconfigured. The rest of the app "
        "works as usual; try again in a moment or tell whoever runs the app.",
    },
    "ws.db_details": {"fr": "Détail technique", "en": "Technical detail"},
    "ws.retry": {"fr": "Réessayer", "en": "Try again"},
    "ws.forbidden": {
        "fr": "Ce lien facilitateur n'est pas valide : la session n'existe pas, a expiré ou a "
        "été supprimée, ou la clé ne correspond pas. Utilisez le lien privé obtenu à la "
        "création de la session.",
        "en": "This facilitator link is not valid: the session does not exist, has expired or "
        "was deleted, or the key does not match. Use the private link you got when the "
        "session was created.",
    },
    "ws.code_label": {"fr": "Code de la session", "en": "Session code"},
    "ws.status.open": {"fr": "Ouverte aux réponses", "en": "Open for answers"},
    "ws.status.closed": {"fr": "Close", "en": "Closed"},
    "ws.count_label": {"fr": "Réponses reçues", "en": "Answers received"},
    "ws.retention": {
        "fr": "Les sessions et leurs réponses sont supprimées automatiquement {days} jours "
        "après leur création.",
        "en": "Sessions and their answers are deleted automatically {days} days after they are "
        "created.",
    },
    # --- facilitator: create
    "ws.title": {"fr": "Atelier", "en": "Workshop"},
    "ws.intro": {
        "fr": "Animez une séance : les participants répondent au questionnaire sur leur "
        "téléphone, de façon anonyme, et l'écran projeté montre les réponses de la salle face "
        "aux chiffres publiés, en direct.",
        "en": "Run a session: participants answer the questionnaire on their phones, "
        "anonymously, and the projected screen shows the room's answers against the published "
        "figures, live.",
    },
    "ws.create.heading": {"fr": "Créer une session", "en": "Create a session"},
    "ws.create.name": {"fr": "Titre de la session", "en": "Session title"},
    "ws.create.name_help": {
        "fr": "Visible par les participants. {max} caractères au plus.",
        "en": "Shown to participants. At most {max} characters.",
    },
    "ws.create.name_placeholder": {
        "fr": "ex. : Club des dirigeants, atelier IA",
        "en": "e.g. Business leaders' club, AI workshop",
    },
    "ws.create.lang": {"fr": "Langue des participants", "en": "Participants' language"},
    "ws.create.questions": {"fr": "Questions posées", "en": "Questions asked"},
    "ws.create.questions_help": {
        "fr": "Laissez vide pour poser toutes les questions ({n}). Moins de questions, c'est "
        "une séance plus courte.",
        "en": "Leave empty to ask every question ({n}). Fewer questions make a shorter session.",
    },
    "ws.create.capacity": {
        "fr": "Participants attendus (facultatif)",
        "en": "Expected participants (optional)",
    },
    "ws.create.capacity_help": {
        "fr": "Au-delà de ce nombre de téléphones, les nouveaux venus sont refusés : un script "
        "ne peut pas remplir la salle de fausses réponses. 0 : pas de limite.",
        "en": "Beyond this many phones, newcomers are turned away, so a script cannot fill the "
        "room with fake answers. 0: no limit.",
    },
    "ws.capacity_set": {"fr": "Appliquer", "en": "Apply"},
    "ws.capacity_now": {
        "fr": "Limite : {cap} participants.",
        "en": "Limit: {cap} participants.",
    },
    "ws.capacity_none": {"fr": "Pas de limite de participants.", "en": "No participant limit."},
    "ws.create.all_questions": {"fr": "Toutes les questions", "en": "Every question"},
    "ws.create.submit": {"fr": "Créer la session", "en": "Create the session"},
    "ws.create.title_missing": {
        "fr": "Donnez un titre à la session.",
        "en": "Give the session a title.",
    },
    "ws.create.title_invalid": {
        "fr": "Ce titre n'est pas accepté : de 1 à {max} caractères, sans caractère de contrôle.",
        "en": "This title is not accepted: 1 to {max} characters, no control characters.",
    },
    "ws.create.failed": {
        "fr": "La session n'a pas pu être créée. Réessayez.",
        "en": "The session could not be created. Try again.",
    },
    "ws.created": {
        "fr": "Session créée. Enregistrez tout de suite le lien facilitateur ci-dessous : c'est "
        "le seul moyen de revenir à cette page de gestion.",
        "en": "Session created. Save the facilitator link below right away: it is the only way "
        "back to this management page.",
    },
    # --- facilitator: manage
    "ws.manage.heading": {"fr": "Gérer la session", "en": "Manage the session"},
    "ws.join_label": {"fr": "Lien pour les participants", "en": "Link for participants"},
    "ws.join_help": {
        "fr": "À projeter ou à envoyer : il ouvre seulement le questionnaire. Sans QR code, on "
        "peut aussi ouvrir {url} et saisir le code.",
        "en": "Project it or send it: it only opens the questionnaire. Without the QR code, "
        "people can also open {url} and type the code.",
    },
    "ws.local_link": {
        "fr": "Ce lien désigne cet ordinateur (localhost) : les téléphones ne pourront pas "
        "l'ouvrir. Lancez l'application avec « make workshop » (les liens prennent alors "
        "l'adresse réseau de l'ordinateur) ou hébergez-la, puis revenez sur le lien "
        "facilitateur.",
        "en": "This link points to this computer (localhost): phones will not be able to open "
        "it. Start the app with 'make workshop' (links then carry the computer's network "
        "address) or host it, then come back through the facilitator link.",
    },
    "ws.qr_caption": {
        "fr": "Scannez pour rejoindre la session",
        "en": "Scan to join the session",
    },
    "ws.qr_svg": {"fr": "QR code (SVG)", "en": "QR code (SVG)"},
    "ws.qr_png": {"fr": "QR code (PNG)", "en": "QR code (PNG)"},
    "ws.secret_label": {
        "fr": "Votre lien facilitateur (privé)",
        "en": "Your facilitator link (private)",
    },
    "ws.secret_warning": {
        "fr": "Gardez ce lien pour vous. Quiconque l'a peut voir les réponses de la salle, les "
        "exporter, clore et supprimer la session. Ne le projetez pas et ne l'envoyez pas aux "
        "participants. Mettez-le en favori : il ne peut pas être retrouvé.",
        "en": "Keep this link to yourself. Anyone who has it can see the room's answers, export "
        "them, close and delete the session. Do not project it or send it to participants. "
        "Bookmark it: it cannot be recovered.",
    },
    "ws.presenter_open": {"fr": "Ouvrir la vue présentateur", "en": "Open the presenter view"},
    "ws.presenter_help": {
        "fr": "S'ouvre dans un nouvel onglet, à afficher sur le projecteur. Ce lien contient "
        "aussi la clé : projetez la page, ne partagez pas son adresse.",
        "en": "Opens in a new tab, for the projector. This link holds the key too: project the "
        "page, do not share its address.",
    },
    "ws.refresh": {"fr": "Actualiser", "en": "Refresh"},
    "ws.close": {"fr": "Clore la session", "en": "Close the session"},
    "ws.close_help": {
        "fr": "Plus aucune réponse ne sera acceptée ni modifiée. Les résultats restent visibles.",
        "en": "No answer will be accepted or changed any more. Results stay visible.",
    },
    "ws.closed_done": {
        "fr": "Session close : plus aucune réponse n'est acceptée.",
        "en": "Session closed: no more answers are accepted.",
    },
    "ws.export_heading": {"fr": "Après la séance", "en": "After the session"},
    "ws.export_csv": {"fr": "Exporter les réponses (CSV)", "en": "Export the answers (CSV)"},
    "ws.export_parquet": {
        "fr": "Exporter les réponses (Parquet)",
        "en": "Export the answers (Parquet)",
    },
    "ws.export_help": {
        "fr": "Une ligne par participant, numérotée ; aucune donnée personnelle.",
        "en": "One numbered row per participant; no personal data.",
    },
    "ws.delete": {"fr": "Supprimer la session…", "en": "Delete the session…"},
    "ws.delete_confirm": {
        "fr_one": "Supprimer définitivement cette session et sa réponse ({n}) ? Impossible à "
        "annuler : exportez d'abord si vous voulez la garder.",
        "fr": "Supprimer définitivement cette session et ses {n} réponses ? Impossible à "
        "annuler : exportez d'abord si vous voulez les garder.",
        "en_one": "Delete this session and its {n} answer for good? This cannot be undone: "
        "export first if you want to keep it.",
        "en": "Delete this session and its {n} answers for good? This cannot be undone: "
        "export first if you want to keep them.",
    },
    "ws.delete_yes": {"fr": "Oui, tout supprimer", "en": "Yes, delete everything"},
    "ws.delete_cancel": {"fr": "Annuler", "en": "Cancel"},
    "ws.deleted": {
        "fr": "La session et toutes ses réponses ont été supprimées.",
        "en": "The session and all its answers have been deleted.",
    },
    "ws.new_session": {"fr": "Créer une autre session", "en": "Create another session"},
    # --- participant
    "ws.join.title": {"fr": "Rejoindre l'atelier", "en": "Join the workshop"},
    "ws.join.enter_code": {
        "fr": "Saisissez le code affiché par l'animateur.",
        "en": "Type the code the facilitator shows.",
    },
    "ws.join.code_placeholder": {"fr": "ex. : K7M-Q4P", "en": "e.g. K7M-Q4P"},
    "ws.join.go": {"fr": "Rejoindre", "en": "Join"},
    "ws.join.unknown": {
        "fr": "Aucune session ne porte ce code. Vérifiez-le (6 lettres et chiffres) ; une "
        "session supprimée ou créée il y a plus de {days} jours n'existe plus.",
        "en": "No session has this code. Check it (6 letters and digits); a session that was "
        "deleted or created more than {days} days ago no longer exists.",
    },
    "ws.join.closed": {
        "fr": "Cette session est close : les réponses ne sont plus acceptées.",
        "en": "This session is closed: answers are no longer accepted.",
    },
    "ws.join.anonymous": {
        "fr": "Vos réponses sont anonymes : ni nom, ni e-mail. L'effectif et le secteur sont "
        "facultatifs. La salle ne voit que des totaux, à partir de {min} réponses.",
        "en": "Your answers are anonymous: no name, no e-mail. Headcount and sector are "
        "optional. The room only sees totals, from {min} answers up.",
    },
    "ws.join.profile": {"fr": "Votre entreprise (facultatif)", "en": "Your firm (optional)"},
    "ws.join.questions": {"fr": "Les questions", "en": "The questions"},
    "ws.join.submit": {"fr": "Envoyer mes réponses", "en": "Send my answers"},
    "ws.join.update": {"fr": "Mettre à jour mes réponses", "en": "Update my answers"},
    "ws.join.need_answer": {
        "fr": "Répondez à au moins une question avant d'envoyer.",
        "en": "Answer at least one question before sending.",
    },
    "ws.join.sent": {
        "fr": "Réponses enregistrées. Vous pouvez les modifier et les renvoyer tant que la "
        "session est ouverte.",
        "en": "Answers saved. You can change and send them again while the session is open.",
    },
    "ws.join.already": {
        "fr": "Vos réponses sont enregistrées. Modifiez-les puis renvoyez-les si besoin.",
        "en": "Your answers are saved. Change them and send again if you wish.",
    },
    "ws.join.unsent": {
        "fr": "Vous avez modifié des réponses sans les renvoyer.",
        "en": "You changed some answers without sending them.",
    },
    "ws.join.failed": {
        "fr": "Pas encore enregistré : la base de données ne répond pas. Vos réponses restent "
        "sur ce téléphone, dans le formulaire ; la page réessaie toute seule toutes les "
        "quelques secondes et vous dira quand c'est fait.",
        "en": "Not saved yet: the database is not answering. Your answers stay on this phone, "
        "in the form; the page tries again by itself every few seconds and will tell you "
        "once they are saved.",
    },
    "ws.join.retrying": {
        "fr": "Nouvel essai toutes les {s} secondes…",
        "en": "Trying again every {s} seconds…",
    },
    "ws.join.sent_late": {
        "fr": "C'est fait : la base de données répond de nouveau et vos réponses sont "
        "enregistrées.",
        "en": "Done: the database is answering again and your answers are saved.",
    },
    "ws.join.offline": {
        "fr": "La base de données ne répond pas pour l'instant. Vous pouvez continuer : vos "
        "réponses restent sur ce téléphone jusqu'à leur enregistrement.",
        "en": "The database is not answering for now. You can carry on: your answers stay on "
        "this phone until they are saved.",
    },
    "ws.join.kept_on_phone": {
        "fr": "Si vous aviez commencé à répondre sur ce téléphone, vos réponses reviendront "
        "dès que la base de données répondra : rechargez la page dans un instant.",
        "en": "If you had started answering on this phone, your answers will come back as soon "
        "as the database answers: reload the page in a moment.",
    },
    "ws.join.full": {
        "fr": "Cette session est complète : elle a déjà le nombre de participants prévu par "
        "l'animateur. Signalez-le à l'animateur si vous devez être compté.",
        "en": "This session is full: it already has as many participants as the facilitator "
        "expected. Tell the facilitator if you should be counted.",
    },
    "ws.join.throttled": {
        "fr": "Trop d'envois en peu de temps depuis ce téléphone ou ce réseau. Attendez "
        "quelques secondes puis renvoyez : vos réponses restent dans le formulaire.",
        "en": "Too many sends in a short time from this phone or this network. Wait a few "
        "seconds, then send again: your answers stay in the form.",
    },
    "ws.join.busy": {
        "fr": "Beaucoup de connexions arrivent de ce réseau en ce moment. Patientez quelques "
        "secondes puis réessayez.",
        "en": "Many connections are arriving from this network right now. Wait a few seconds, "
        "then try again.",
    },
    "ws.join.closed_on_submit": {
        "fr": "La session a été close : vos réponses n'ont pas été enregistrées.",
        "en": "The session has been closed: your answers were not saved.",
    },
    "ws.join.gone_on_submit": {
        "fr": "Cette session n'existe plus : vos réponses n'ont pas été enregistrées.",
        "en": "This session no longer exists: your answers were not saved.",
    },
    "ws.join.invalid": {
        "fr": "Certaines réponses n'ont pas été acceptées. Vérifiez-les et renvoyez.",
        "en": "Some answers were not accepted. Check them and send again.",
    },
    "ws.join.result": {"fr": "Votre résultat", "en": "Your result"},
    "ws.join.result_note": {
        "fr": "Calculé sur les questions de cette session, d'après vos réponses enregistrées.",
        "en": "Computed on this session's questions, from your saved answers.",
    },
    "ws.join.stage": {"fr": "Stade : {stage}", "en": "Stage: {stage}"},
    "ws.join.positions": {"fr": "Face aux chiffres publiés", "en": "Against the published figures"},
    "ws.join.pillars": {"fr": "Par pilier (sur 100)", "en": "By pillar (out of 100)"},
    # --- presenter
    "ws.pres.title": {"fr": "Vue présentateur", "en": "Presenter view"},
    "ws.pres.join_with": {"fr": "Rejoignez avec le code", "en": "Join with the code"},
    "ws.pres.answers": {"fr": "réponses", "en": "answers"},
    "ws.pres.closed": {
        "fr": "Session close : les réponses ne sont plus acceptées.",
        "en": "Session closed: answers are no longer accepted.",
    },
    "ws.pres.waiting": {
        "fr": "Les résultats s'affichent à partir de {min} réponses, pour que personne ne puisse "
        "être reconnu. Encore {missing}…",
        "en": "Results show from {min} answers up, so that no one can be singled out. "
        "{missing} to go…",
    },
    "ws.pres.capped": {
        "fr_one": "Session limitée à {cap} participants : {n} tentative de plus refusée.",
        "fr": "Session limitée à {cap} participants : {n} tentatives de plus refusées.",
        "en_one": "Session limited to {cap} participants: {n} more attempt turned away.",
        "en": "Session limited to {cap} participants: {n} more attempts turned away.",
    },
    "ws.pres.throttled": {
        "fr_one": "{n} envoi ou connexion refusé car trop rapproché : script ou réseau très "
        "chargé.",
        "fr": "{n} envois ou connexions refusés car trop rapprochés : script ou réseau très "
        "chargé.",
        "en_one": "{n} send or join turned away as too fast: a script or a very busy network.",
        "en": "{n} sends or joins turned away as too fast: a script or a very busy network.",
    },
    "ws.pres.questions": {
        "fr": "La salle face aux chiffres publiés",
        "en": "The room against the published figures",
    },
    "ws.pres.caveat": {
        "fr": "Les chiffres publiés décrivent d'autres populations, à d'autres dates : la "
        "comparaison est indicative.",
        "en": "The published figures describe other populations at other dates: the comparison "
        "is a pointer, not a measurement.",
    },
    "ws.pres.room": {"fr": "La salle", "en": "This room"},
    "ws.pres.room_group": {"fr": "réponse « {group} »", "en": 'answered "{group}"'},
    "ws.pres.answered": {
        "fr_one": "{n} réponse",
        "fr": "{n} réponses",
        "en_one": "{n} answer",
        "en": "{n} answers",
    },
    "ws.pres.hidden": {
        "fr_one": "{n} réponse : moins de {min}, résultat masqué.",
        "fr": "{n} réponses : moins de {min}, résultat masqué.",
        "en_one": "{n} answer: fewer than {min}, result hidden.",
        "en": "{n} answers: fewer than {min}, result hidden.",
    },
    "ws.pres.no_figure": {
        "fr": "Aucun chiffre publié à comparer : répartition de la salle.",
        "en": "No published figure to compare with: how the room answered.",
    },
    "ws.pres.pillars": {
        "fr": "Maturité moyenne de la salle (sur 100)",
        "en": "The room's average maturity (out of 100)",
    },
    "ws.pres.overall_label": {"fr": "moyenne générale", "en": "overall average"},
    "ws.pres.pillars_note": {
        "fr": "Auto-évaluation : aucun chiffre publié ne donne de moyenne par pilier.",
        "en": "Self-assessment: no published figure gives a per-pillar average.",
    },
    # --- projector slides
    "ws.slides.join_at": {"fr": "Rejoignez la session", "en": "Join the session"},
    "ws.slides.open": {"fr": "Sur votre téléphone, ouvrez", "en": "On your phone, open"},
    "ws.slides.then_code": {"fr": "puis saisissez le code", "en": "then type the code"},
    "ws.slides.or_scan": {"fr": "ou scannez ce QR code", "en": "or scan this QR code"},
    "ws.slides.people": {
        "fr_one": "{n} participant a répondu",
        "fr": "{n} participants ont répondu",
        "en_one": "{n} participant has answered",
        "en": "{n} participants have answered",
    },
    "ws.slides.answers_word": {
        "fr_one": "{n} réponse",
        "fr": "{n} réponses",
        "en_one": "{n} answer",
        "en": "{n} answers",
    },
    "ws.slides.position": {
        "fr": "Question {i} sur {total}",
        "en": "Question {i} of {total}",
    },
    "ws.slides.hidden": {
        "fr": "La réponse de la salle s'affichera quand l'animateur la révélera.",
        "en": "The room's answer appears when the facilitator reveals it.",
    },
    "ws.slides.too_few": {
        "fr_one": "Encore {n} réponse avant d'afficher le résultat : personne ne doit "
        "pouvoir être reconnu.",
        "fr": "Encore {n} réponses avant d'afficher le résultat : personne ne doit "
        "pouvoir être reconnu.",
        "en_one": "{n} more answer before the result shows: no one may be singled out.",
        "en": "{n} more answers before the result shows: no one may be singled out.",
    },
    "ws.slides.source": {"fr": "Source : {source}", "en": "Source: {source}"},
    "ws.slides.closing": {
        "fr": "La salle, pilier par pilier (sur 100)",
        "en": "The room, pillar by pillar (out of 100)",
    },
    "ws.slides.thanks": {"fr": "Merci de votre participation", "en": "Thank you for taking part"},
    "ws.slides.prev": {"fr": "Précédent", "en": "Previous"},
    "ws.slides.next": {"fr": "Suivant", "en": "Next"},
    "ws.slides.reveal": {"fr": "Révéler", "en": "Reveal"},
    "ws.slides.hide": {"fr": "Masquer", "en": "Hide"},
    "ws.slides.start": {"fr": "Accueil", "en": "Welcome"},
    "ws.slides.end": {"fr": "Synthèse", "en": "Summary"},
    # --- facilitator: driving the projector, the room report
    "ws.drive.heading": {"fr": "Piloter la projection", "en": "Drive the projector"},
    "ws.drive.now": {"fr": "À l'écran : {slide}", "en": "On screen: {slide}"},
    "ws.drive.revealed": {"fr": "réponse révélée", "en": "answer revealed"},
    "ws.drive.not_revealed": {"fr": "réponse masquée", "en": "answer hidden"},
    "ws.drive.help": {
        "fr": "Le projecteur suit en quelques secondes. Sur l'ordinateur du projecteur, les "
        "flèches, la barre d'espace et les télécommandes de présentation font de même.",
        "en": "The projector follows within seconds. On the projector's computer, the arrow "
        "keys, the space bar and presentation clickers do the same.",
    },
    "ws.secret_show": {"fr": "Afficher mon lien privé", "en": "Show my private link"},
    "ws.secret_hide": {"fr": "Masquer mon lien privé", "en": "Hide my private link"},
    "ws.report_pdf": {"fr": "Rapport de la salle (PDF)", "en": "Room report (PDF)"},
    "ws.report_help": {
        "fr": "La salle face aux chiffres publiés, question par question, avec les moyennes "
        "par pilier et les sources. Les questions avec moins de {min} réponses restent masquées.",
        "en": "The room against the published figures, question by question, with the pillar "
        "averages and the sources. Questions with fewer than {min} answers stay hidden.",
    },
    # --- room report (PDF)
    "ws.report.title": {"fr": "Rapport de l'atelier", "en": "Workshop report"},
    "ws.report.meta": {
        "fr_one": "{date} · {n} participant · session {code}",
        "fr": "{date} · {n} participants · session {code}",
        "en_one": "{date} · {n} participant · session {code}",
        "en": "{date} · {n} participants · session {code}",
    },
    "ws.report.questions": {"fr": "Question par question", "en": "Question by question"},
    "ws.report.pillars": {
        "fr": "Maturité moyenne de la salle, par pilier (sur 100)",
        "en": "The room's average maturity, by pillar (out of 100)",
    },
    "ws.report.sources": {"fr": "Sources", "en": "Sources"},
}
