"""Words of the workbook in English and French: sheet names, column headers, fixed texts.

Statuses, kinds, themes, actors, confidence and event types take their labels from their
vocabularies; this table holds only the workbook's own words. A header renamed here keeps
its old name in ALIASES so that workbooks from older builds still import.
"""

from __future__ import annotations

LANGUAGES = ("en", "fr")

SHEETS: dict[str, tuple[str, str]] = {
    "about": ("About", "À propos"),
    "summary": ("Summary", "Synthèse"),
    "commitments": ("Commitments", "Engagements"),
    "indicators": ("Indicators", "Indicateurs"),
    "observations": ("Observations", "Observations"),
    "timeline": ("Timeline", "Chronologie"),
    "changes": ("Changes", "Modifications"),
    "assessments": ("Assessments", "Évaluations"),
    "issues": ("Issues", "Problèmes"),
}

HEADERS: dict[str, tuple[str, str]] = {
    # commitments
    "commitment_id": ("Commitment", "Engagement"),
    "resolution_id": ("Resolution", "Résolution"),
    "paragraph_id": ("Paragraph", "Paragraphe"),
    "opener": ("Opening phrase", "Formule d'ouverture"),
    "text": ("Text", "Texte"),
    "kind": ("Kind", "Nature"),
    "strength": ("Strength (1-5)", "Force (1-5)"),
    "addressees": ("Addressees", "Destinataires"),
    "themes": ("Themes", "Thèmes"),
    "deadline": ("Deadline", "Échéance"),
    "deadline_text": ("Deadline as written", "Échéance (texte)"),
    "deadline_state": ("Deadline state", "État de l'échéance"),
    "status": ("Status", "Statut"),
    "reason": ("Reason", "Motif"),
    "evidence": ("Evidence", "Preuve"),
    "evidence_date": ("Evidence date", "Date de la preuve"),
    "confidence": ("Confidence", "Fiabilité"),
    "assessments": ("Latest assessments", "Dernières évaluations"),
    "disagreement": ("Assessors disagree", "Évaluateurs en désaccord"),
    "notes": ("Analyst notes", "Notes de l'analyste"),
    # indicators
    "indicator_id": ("Indicator", "Indicateur"),
    "name": ("Name", "Nom"),
    "unit": ("Unit", "Unité"),
    "type": ("Type", "Type"),
    "direction": ("Direction", "Sens"),
    "baseline": ("Baseline", "Référence"),
    "baseline_date": ("Baseline date", "Date de référence"),
    "baseline_source": ("Baseline source", "Source de la référence"),
    "target": ("Target", "Cible"),
    "target_date": ("Target date", "Date cible"),
    "latest_value": ("Latest value", "Dernière valeur"),
    "latest_qualifier": ("Qualifier", "Qualificatif"),
    "latest_date": ("Latest date", "Date de la dernière valeur"),
    "latest_source": ("Latest source", "Source de la dernière valeur"),
    "latest_confidence": ("Latest confidence", "Fiabilité de la dernière valeur"),
    "trend": ("Trend", "Tendance"),
    "observations": ("Observations", "Observations"),
    "commitments": ("Commitments", "Engagements"),
    "note": ("Note", "Remarque"),
    # observations
    "observation_id": ("Observation", "Observation"),
    "date": ("Date", "Date"),
    "date_end": ("Date end", "Date de fin"),
    "precision": ("Precision", "Précision"),
    "value": ("Value", "Valeur"),
    "qualifier": ("Qualifier", "Qualificatif"),
    "source": ("Source", "Source"),
    "source_date": ("Source date", "Date de la source"),
    "recorded_at": ("Recorded at", "Enregistré le"),
    "recorded_by": ("Recorded by", "Enregistré par"),
    # timeline
    "what": ("What", "Quoi"),
    "title": ("Title", "Intitulé"),
    "state": ("State", "État"),
    "scheduled_for": ("Scheduled for", "Prévu pour le"),
    "announced_on": ("Announced on", "Annoncé le"),
    "days_after_deadline": ("Days after the deadline", "Jours après l'échéance"),
    # changes between consecutive resolutions of a series
    "from_resolution": ("Old resolution", "Résolution précédente"),
    "to_resolution": ("New resolution", "Résolution suivante"),
    "from_paragraph": ("From paragraph", "Paragraphe d'origine"),
    "to_paragraph": ("To paragraph", "Paragraphe d'arrivée"),
    "change": ("Change", "Modification"),
    "similarity": ("Similarity (0-1)", "Similarité (0-1)"),
    "from_opener": ("Opening phrase before", "Formule d'ouverture avant"),
    "to_opener": ("Opening phrase after", "Formule d'ouverture après"),
    "removed": ("Words removed", "Mots supprimés"),
    "added": ("Words added", "Mots ajoutés"),
    # assessments
    "assessment_id": ("Assessment", "Évaluation"),
    "current_status": ("Current status", "Statut actuel"),
    "assessor": ("Assessor", "Évaluateur"),
    "rationale": ("Rationale", "Justification"),
    # issues
    "severity": ("Severity", "Gravité"),
    "location": ("Location", "Emplacement"),
    "field": ("Field", "Champ"),
    "message": ("Message", "Message"),
    # summary
    "count": ("Count", "Nombre"),
    "share": ("Share", "Part"),
    "label": ("Label", "Libellé"),
}

# Header names used by earlier builds, so their workbooks still import.
ALIASES: dict[str, tuple[str, ...]] = {
    "assessment_id": ("assessment id", "id"),
    "commitment_id": ("commitment id",),
}

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Implementation of Human Rights Council resolutions", "Mise en œuvre des résolutions du Conseil des droits de l'homme"),
    "what": ("What this is", "De quoi s'agit-il"),
    "what_text": (
        "Each operative paragraph of the resolution(s) below is tracked as a commitment: who is asked to do what, "
        "by when, and what the recorded evidence says about it on the date of this report.",
        "Chaque paragraphe du dispositif des résolutions ci-dessous est suivi comme un engagement : qui doit faire quoi, "
        "pour quand, et ce que disent les preuves enregistrées à la date de ce rapport.",
    ),
    "resolutions": ("Resolutions", "Résolutions"),
    "as_of": ("Status as of", "Situation au"),
    "built_at": ("Built at", "Produit le"),
    "version": ("Code version", "Version du code"),
    "commit": ("Code commit", "Révision du code"),
    "inputs": ("Data files", "Fichiers de données"),
    "workspace": ("Workspace", "Espace de travail"),
    "language": ("Language", "Langue"),
    "how": ("How to read it", "Comment le lire"),
    "how_text": (
        "Summary counts the commitments by status, kind, addressee and theme and lists the overdue deadlines. "
        "Commitments has one row per operative paragraph with its status, the reason and the evidence. "
        "Indicators and Observations hold the measured values with their sources; Timeline puts deadlines, events "
        "and the election calendar in date order. Changes sets each operative paragraph beside its counterpart in "
        "the previous resolution of the series (kept, reworded, strengthened, weakened, new or dropped) with the "
        "words removed and added. Assessments is the only sheet meant for editing: choose a status "
        "in the empty row of a commitment, give the rationale and the evidence, and send the file back "
        "('monitor import-workbook'). Issues lists every problem found in the data: nothing is hidden.",
        "La Synthèse compte les engagements par statut, nature, destinataire et thème et liste les échéances dépassées. "
        "Engagements donne une ligne par paragraphe du dispositif avec son statut, le motif et la preuve. "
        "Indicateurs et Observations donnent les valeurs mesurées et leurs sources ; Chronologie classe par date les "
        "échéances, les événements et le calendrier électoral. Modifications met chaque paragraphe du dispositif en "
        "regard de son équivalent dans la résolution précédente de la série (maintenu, reformulé, renforcé, affaibli, "
        "nouveau ou abandonné) avec les mots supprimés et ajoutés. Évaluations est la seule feuille à modifier : choisissez "
        "un statut dans la ligne vide d'un engagement, donnez la justification et la preuve, puis renvoyez le fichier "
        "('monitor import-workbook'). Problèmes liste tous les problèmes trouvés dans les données : rien n'est caché.",
    ),
    "scope": ("What is counted", "Ce qui est compté"),
    "scope_text": (
        "Observations, events and assessments dated on or before the as-of date; every validation problem.",
        "Les observations, événements et évaluations datés au plus tard de la date de situation ; tous les problèmes de validation.",
    ),
    "legend": ("Statuses", "Statuts"),
    "sheets": ("Sheets", "Feuilles"),
    "by_status": ("Commitments by status", "Engagements par statut"),
    "by_kind": ("Commitments by kind", "Engagements par nature"),
    "by_addressee": ("Commitments by addressee (a commitment may have several)", "Engagements par destinataire (un engagement peut en avoir plusieurs)"),
    "by_theme": ("Commitments by theme (a commitment may have several)", "Engagements par thème (un engagement peut en avoir plusieurs)"),
    "overdue": ("Overdue deadlines", "Échéances dépassées"),
    "none": ("none", "aucune"),
    "total": ("Total", "Total"),
    "no_addressee": ("(no addressee)", "(aucun destinataire)"),
    "no_theme": ("(no theme)", "(aucun thème)"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    "up": ("up", "en hausse"),
    "down": ("down", "en baisse"),
    "unchanged": ("unchanged", "inchangé"),
    "deadline_event": ("deadline", "échéance"),
    "schedule_announced": ("schedule announced", "calendrier annoncé"),
    "chart_status": ("Commitments by status", "Engagements par statut"),
    "chart_theme": ("Commitments by theme", "Engagements par thème"),
    "edit_here": ("Fill in status, rationale and evidence in the pale yellow cells; ids are protected.",
                  "Remplissez statut, justification et preuve dans les cellules jaune pâle ; les identifiants sont protégés."),
    "status_prompt": ("Choose a status from the list", "Choisissez un statut dans la liste"),
    "status_error": ("Not a status of the vocabulary: choose one from the list.",
                     "Ce n'est pas un statut du vocabulaire : choisissez-en un dans la liste."),
}

DEADLINE_STATES: dict[str, tuple[str, str]] = {
    "none": ("no deadline", "sans échéance"),
    "upcoming": ("upcoming", "à venir"),
    "due": ("due now", "en cours d'échéance"),
    "overdue": ("overdue", "dépassée"),
    "met_on_time": ("met on time", "réalisé à temps"),
    "met_late": ("met late", "réalisé en retard"),
}


# What became of an operative paragraph from one resolution of a series to the next (monitor.diff.CHANGES),
# in the order shown. The fills are the dashboard's Okabe-Ito colours, readable by colour-blind readers.
CHANGES: dict[str, tuple[str, str]] = {
    "unchanged": ("Kept (unchanged)", "Maintenu (inchangé)"),
    "reworded": ("Reworded", "Reformulé"),
    "strengthened": ("Strengthened", "Renforcé"),
    "weakened": ("Weakened", "Affaibli"),
    "new": ("New", "Nouveau"),
    "dropped": ("Dropped", "Abandonné"),
}
CHANGE_FILLS: dict[str, str] = {
    "unchanged": "#999999",
    "reworded": "#56B4E9",
    "strengthened": "#009E73",
    "weakened": "#E69F00",
    "new": "#0072B2",
    "dropped": "#D55E00",
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (have: {', '.join(LANGUAGES)})")
    return table[key][LANGUAGES.index(lang)]


def sheet_name(key: str, lang: str) -> str:
    return _pick(SHEETS, key, lang)


def header(key: str, lang: str) -> str:
    return _pick(HEADERS, key, lang)


def text(key: str, lang: str) -> str:
    return _pick(TEXTS, key, lang)


def change(key: str, lang: str) -> str:
    return _pick(CHANGES, key, lang) if key in CHANGES else key


def deadline_state(key: str, lang: str) -> str:
    return _pick(DEADLINE_STATES, key, lang) if key in DEADLINE_STATES else key


def header_keys_by_name(keys) -> dict[str, str]:
    """Every header of the given column keys in every language, their aliases and the key itself -> key."""
    found: dict[str, str] = {}
    for key in keys:
        for name in (*HEADERS[key], *ALIASES.get(key, ()), key):
            found[name.strip().casefold()] = key
    return found
