"""The Splink comparisons: how two descriptions of a person are judged alike.

Each comparison reads columns of the linkage input (``probabilistic.py``
builds them; ``features.py`` makes the name columns) and is the same on every
engine: the levels use only exact matches, Levenshtein distance, substrings
and array intersection, which DuckDB and Spark both have natively (no
Splink UDF jar is needed on Spark).

| comparison | levels, best first |
| --- | --- |
| name | exact (term-frequency adjusted: 王伟 is weaker evidence than a rare name) · same sound (pinyin) · same fuzzy sound (z/zh, n/l, -n/-ng…) · a character or two apart (look-alikes: 田/由) · else |
| birth date | exact · day and month swapped · one character apart (a digit slip) · two apart (transposed digits) · else |
| sex | exact · else (unknown and not stated count as missing) |
| region | a county in common · a prefecture in common · a province in common · else. A record's regions: hukou and residence (frame), agency (enrolment), residence (survey), and the issuing region of a damaged ID; a person's: the same over all its records and its ID |
| id | the surviving digits of a damaged ID against the person's number: one edit apart (a typo, a wrong check character) · two · else. Missing for a record whose ID is missing, and for a record whose valid ID belongs to someone else (it is no evidence either way) |

Every level starts from a documented prior m probability (:data:`M_PRIORS`: how
often one person's set-aside record and their registry entry agree at that
level, judged from the error profiles of real feeds). Training replaces the
priors where the data allow (EM); where a delivery is too small to train on,
the priors stand, so a build never fails for want of training pairs.

>>> [c.create_comparison_dict("duckdb")["output_column_name"] for c in comparisons(1)]
['name', 'birth_date', 'sex', 'region', 'id']
>>> sum(M_PRIORS["name"])
1.0
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator

_SWAPPED = (
    "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
    "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
    "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
)


# Prior m probabilities of the non-null levels, best level first (each list sums to 1).
M_PRIORS: dict[str, tuple[float, ...]] = {
    "name": (0.90, 0.04, 0.02, 0.03, 0.01),
    "birth_date": (0.95, 0.01, 0.03, 0.005, 0.005),
    "sex": (0.99, 0.01),
    "region": (0.85, 0.08, 0.05, 0.02),
    "id": (0.95, 0.03, 0.02),
}


def _with_priors(name: str, levels: list[Any]) -> list[Any]:
    """``levels`` (null level first) with the prior m probabilities of :data:`M_PRIORS`."""
    priors = M_PRIORS[name]
    return [levels[0], *(lv.configure(m_probability=m)
                         for lv, m in zip(levels[1:], priors, strict=True))]


def name_comparison(max_edits: int) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=_with_priors("name", [
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_sound").configure(label_for_charts="same sound"),
            cll.ExactMatchLevel("name_fuzzy").configure(label_for_charts="similar sound"),
            cll.LevenshteinLevel("name", max_edits),
            cll.ElseLevel(),
        ]),
        comparison_description="name: written form, sound, fuzzy sound, character edits",
    )


def birth_date_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=_with_priors("birth_date", [
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel(_SWAPPED, "day and month swapped", base_dialect_str="duckdb"),
            cll.LevenshteinLevel("birth_date", 1),
            cll.LevenshteinLevel("birth_date", 2),
            cll.ElseLevel(),
        ]),
        comparison_description="birth date: exact, swapped day/month, digit slips",
    )


def sex_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=_with_priors("sex", [
            cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()]),
        comparison_description="sex (unknown and not stated are missing)",
    )


def region_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="region",
        comparison_levels=_with_priors("region", [
            cll.NullLevel("regions"),
            cll.ArrayIntersectLevel("regions", 1).configure(label_for_charts="same county"),
            cll.ArrayIntersectLevel("regions4", 1).configure(label_for_charts="same prefecture"),
            cll.ArrayIntersectLevel("regions2", 1).configure(label_for_charts="same province"),
            cll.ElseLevel(),
        ]),
        comparison_description="regions in common: county, prefecture, province",
    )


def id_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="id",
        comparison_levels=_with_priors("id", [
            cll.NullLevel("id_digits"),
            cll.LevenshteinLevel("id_digits", 1),
            cll.LevenshteinLevel("id_digits", 2),
            cll.ElseLevel(),
        ]),
        comparison_description="surviving digits of a damaged ID number",
    )


def comparisons(max_name_edits: int) -> list[ComparisonCreator]:
    """The comparisons, in model order; ``max_name_edits`` from the name scheme."""
    return [name_comparison(max_name_edits), birth_date_comparison(), sex_comparison(),
            region_comparison(), id_comparison()]
