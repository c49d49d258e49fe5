"""Analyst corrections to commitments: data/curated/commitment_annotations.csv, validated, applied visibly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .dates import day_or_none
from .asks import check_ask, whole_paragraph
from .errors import InputError
from .ledger import with_added_columns
from .problems import Problem, errors_only
from .schemas import Column, Schema, split_list

ANNOTATIONS_FILE = "commitment_annotations.csv"
CURATABLE_FIELDS = ("kind", "verb", "strength", "addressee", "addressees", "themes", "deadline", "deadline_text", "object",
                    "sdg_targets", "subjects")
LIST_FIELDS = ("addressees", "themes", "sdg_targets", "subjects")  # a value of ids (or terms) separated by |
ASK_FIELDS = ("kind", "verb", "strength", "addressee", "addressees", "deadline", "object")  # what an ask row may correct
ASK_KINDS = ("action", "decision", "reporting")

ANNOTATIONS_SCHEMA = Schema(
    "commitment_annotations",
    (
        Column("commitment_id", pattern=r"[A-Z]+(?:/[A-Za-z0-9.()-]+)+:(?:OP|PP)\d+",
               description="the commitment corrected: resolution symbol and paragraph, e.g. A/HRC/RES/46/28:OP19"),
        Column("ask", "int", required=False,
               description="the ask corrected (its number in the paragraph, 'monitor asks'); empty: the whole paragraph"),
        Column("field", choices=CURATABLE_FIELDS, description="the field of the commitment the analyst corrects"),
        Column("value", required=False, description="the corrected value: a vocabulary id, a strength 1-5, a date, or ids "
               "(SDG target codes, UNBIS subject terms) separated by |"),
        Column("note", multiline=True, description="why the automatic value is wrong"),
        Column("curated_by", description="who made the correction"),
        Column("curated_on", "date", description="when the correction was made"),
    ),
    key=("commitment_id", "ask", "field"),
    description="An analyst's correction of one field of one commitment; wins over the automatic value",
)

def read_annotations(curated_dir: Path) -> pd.DataFrame:
    path = Path(curated_dir) / ANNOTATIONS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=ANNOTATIONS_SCHEMA.column_names)
    try:
        return with_added_columns(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"),
                                  ANNOTATIONS_SCHEMA)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None


def check_annotations(annotations: pd.DataFrame, source: str, commitment_ids: set[str],
                      vocabularies: dict[str, set[str]], ask_counts: dict[str, int] | None = None) -> list[Problem]:
    """Every problem in the annotations: schema, unknown commitments and asks, values outside vocabularies."""
    problems = [p for p in ANNOTATIONS_SCHEMA.check(annotations, source) if p.field != "ask" or p.location == "header"]
    if errors_only(problems):
        return problems
    for offset, row in enumerate(annotations.to_dict("records")):
        where = f"row {offset + 2}"
        if row["commitment_id"] not in commitment_ids:
            problems.append(Problem("error", source, where, "commitment_id",
                                    f"no such commitment {row['commitment_id']!r} in the workspace"))
            continue
        if str(row.get("ask", "")).strip():
            why = check_ask(row["commitment_id"], row["ask"], ask_counts)
            if why:
                problems.append(Problem("error", source, where, "ask", why))
                continue
            if row["field"] not in ASK_FIELDS:
                problems.append(Problem("error", source, where, "field", f"an ask's {row['field']} cannot be "
                                        f"corrected (an ask takes {', '.join(ASK_FIELDS)}): leave ask empty to "
                                        "correct the whole paragraph"))
                continue
            if row["field"] == "kind" and row["value"] not in ASK_KINDS:
                problems.append(Problem("error", source, where, "value",
                                        f"an ask's kind is one of {', '.join(ASK_KINDS)}, not {row['value']!r}"))
                continue
        elif row["field"] == "object":
            problems.append(Problem("error", source, where, "field",
                                    "object belongs to an ask: give its number in the ask column"))
            continue
        message = _check_field_value(row["field"], row["value"], vocabularies)
        if message:
            problems.append(Problem("error", source, where, "value", message))
    return problems


def _check_field_value(field: str, value: str, vocabularies: dict[str, set[str]]) -> str | None:
    if field == "kind" and value not in vocabularies["kinds"]:
        return f"unknown kind {value!r} (allowed: {', '.join(sorted(vocabularies['kinds']))})"
    if field == "strength" and value not in {"1", "2", "3", "4", "5"}:
        return f"strength must be 1 to 5, not {value!r}"
    if field in ("addressee", "addressees"):
        unknown = [v for v in split_list(value) if v not in vocabularies["actors"]]
        if unknown:
            return f"unknown actor {unknown[0]!r} (see the actors vocabulary)"
        if field == "addressee" and len(split_list(value)) > 1:
            return "addressee takes one actor; use addressees for several"
    if field == "themes":
        unknown = [v for v in split_list(value) if v not in vocabularies["themes"]]
        if unknown:
            return f"unknown theme {unknown[0]!r} (allowed: {', '.join(sorted(vocabularies['themes']))})"
    if field == "sdg_targets":
        unknown = [v for v in split_list(value) if v not in vocabularies["sdg_targets"]]
        if unknown:
            return f"unknown SDG target {unknown[0]!r} (see vocabularies/sdg_targets.csv: codes such as 16.3 or 16.a)"
    if field == "deadline" and value and day_or_none(value) is None:
        return f"deadline must be a date YYYY-MM-DD, not {value!r}"
    return None


def apply_ask_annotations(asks: pd.DataFrame, annotations: pd.DataFrame) -> pd.DataFrame:
    """The annotations that name an ask, applied to the asks table as apply_annotations does to commitments."""
    named = annotations["ask"].astype(str).str.strip() != "" if "ask" in annotations else []
    return apply_annotations(asks, annotations[named] if len(annotations) else annotations, key="ask_id")


def apply_annotations(commitments: pd.DataFrame, annotations: pd.DataFrame, key: str = "commitment_id") -> pd.DataFrame:
    """Curated values replace automatic ones; curated_fields and curation_notes say which and why.

    With key ask_id, the rows are asks and an annotation names one by its commitment and ask number;
    otherwise only the annotations of whole paragraphs (ask empty) apply.
    """
    out = commitments.copy()
    if key == "commitment_id":  # asks keep what carry_paragraph_curation gave them
        out["curated_fields"] = [[] for _ in range(len(out))]
        out["curation_notes"] = [[] for _ in range(len(out))]
        annotations = whole_paragraph(annotations)
    position = {cid: i for i, cid in enumerate(out[key])}
    for row in annotations.to_dict("records"):
        target = row["commitment_id"] if key == "commitment_id" else f"{row['commitment_id']}.{str(row['ask']).strip()}"
        index = position.get(target)
        if index is None:
            continue
        field, value = row["field"], row["value"]
        if field in LIST_FIELDS:
            new = split_list(value)
        elif field == "strength":
            new = int(value)
        else:
            new = value or None
        out.at[out.index[index], field] = new
        out.at[out.index[index], "curated_fields"] = out.at[out.index[index], "curated_fields"] + [field]
        note = f"{field}: {row['note']} ({row['curated_by']}, {row['curated_on']})"
        out.at[out.index[index], "curation_notes"] = out.at[out.index[index], "curation_notes"] + [note]
    # a warning about a field the analyst has since curated is settled
    settles = {"addressee": "addressee", "addressees": "addressee", "verb": "strength scale", "kind": "read as"}
    for index in out.index:
        curated = out.at[index, "curated_fields"]
        if curated:
            out.at[index, "warnings"] = [
                w for w in out.at[index, "warnings"]
                if not any(settles.get(f, "\0") in w for f in curated)
            ]
    return out


CARRIED_FIELDS = ("addressee", "addressees", "deadline")  # a one-ask paragraph's corrections that are its ask's too


def carry_paragraph_curation(asks: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """A paragraph with one ask: the analyst's corrections of its addressee(s) and deadline hold for that ask.

    (46/28 OP26 "Calls for ... elections" names no addressee; the paragraph's curated government is the ask's.)
    Call before apply_ask_annotations, so that an ask's own correction wins.
    """
    out = asks.copy()
    single = asks.groupby("commitment_id")["ask_id"].transform("size") == 1 if len(asks) else []
    curated = commitments.set_index("commitment_id")
    for index in out.index[single] if len(asks) else []:
        cid = out.at[index, "commitment_id"]
        fields = [f for f in curated.at[cid, "curated_fields"] if f in CARRIED_FIELDS] if cid in curated.index else []
        for field in fields:
            out.at[index, field] = curated.at[cid, field]
            out.at[index, "curated_fields"] = out.at[index, "curated_fields"] + [field]
            out.at[index, "curation_notes"] = out.at[index, "curation_notes"] + [f"{field}: as its paragraph's correction"]
        if fields and any(f.startswith("addressee") for f in fields):
            out.at[index, "warnings"] = [w for w in out.at[index, "warnings"] if "addressee" not in w]
    return out
