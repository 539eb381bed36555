"""The Splink model: comparisons tuned for UK children and families, blocking rules, and training.

Columns are those of `prepare.FEATURE_COLUMNS`. Every comparison is written with Splink's level library or in
SQL that DuckDB and Spark both accept, so one settings object serves both backends.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# ------------------------------------------------------------------------------------------------ comparisons


def nhs_comparison():
    return cl.CustomComparison(
        output_column_name="nhs_number",
        comparison_description="Valid NHS number (invalid numbers are treated as missing)",
        comparison_levels=[
            cll.NullLevel("nhs"),
            cll.ExactMatchLevel("nhs").configure(label_for_charts="Same valid NHS number"),
            # Valid NHS numbers are trusted: two different ones are two people. EM would learn otherwise from
            # twins and siblings, so m is fixed.
            cll.ElseLevel().configure(
                label_for_charts="Different valid NHS numbers", m_probability=1e-4, fix_m_probability=True
            ),
        ],
    )


def _one_typo(col: str, length_col: str) -> cll.And:
    """Damerau-Levenshtein distance 1, computed only where it can be (lengths within one, first or last letter
    the same): the distance function is the costliest thing in scoring, and most pairs fail the cheap test."""
    return cll.And(
        cll.CustomLevel(
            f"abs({length_col}_l - {length_col}_r) <= 1 AND "
            f"(left({col}_l, 1) = left({col}_r, 1) OR right({col}_l, 1) = right({col}_r, 1))"
        ),
        cll.DamerauLevenshteinLevel(col, 1),
    )


_CANON = ("g_canon", "g_canon2", "g_canon3")
SHARED_KEY_SQL = " OR ".join(f"{a}_l = {b}_r" for a in _CANON for b in _CANON)
SWAPPED_SQL = "g_first_l = f_key_r AND f_key_l = g_first_r"


def given_name_comparison():
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_description="Given name: exact, nickname or spelling variant, typo, swapped with the family name, "
        "middle name, sounds alike, similar",
        comparison_levels=[
            cll.NullLevel("g_first"),
            cll.ExactMatchLevel("g_first", term_frequency_adjustments=True).configure(
                label_for_charts="Same given name"
            ),
            cll.CustomLevel(SHARED_KEY_SQL).configure(
                label_for_charts="Nickname or spelling variant",
                tf_adjustment_column="g_canon",
                tf_adjustment_weight=1.0,
                disable_tf_exact_match_detection=True,
            ),
            _one_typo("g_first", "g_len").configure(label_for_charts="One typing error apart"),
            # Random sampling sees too few swapped pairs to estimate u. Agreeing on both names the wrong way round
            # is about as strong as agreeing on both the right way (≈ 2⁻¹⁶ together for fairly common names), and
            # is counted here only (neutral in the family-name comparison).
            cll.CustomLevel(SWAPPED_SQL).configure(
                label_for_charts="Given and family name swapped", u_probability=5e-7, fix_u_probability=True
            ),
            cll.CustomLevel("g_first_l = g_tok2_r OR g_tok2_l = g_first_r OR g_tok2_l = g_tok2_r").configure(
                label_for_charts="A middle name used as the given name"
            ),
            cll.ExactMatchLevel("g_meta").configure(label_for_charts="Sound alike"),
            cll.JaroWinklerLevel("g_first", 0.88).configure(label_for_charts="Similar (Jaro-Winkler ≥ 0.88)"),
            cll.ElseLevel().configure(label_for_charts="Different given names"),
        ],
    )


def family_name_comparison():
    return cl.CustomComparison(
        output_column_name="family_name",
        comparison_description="Family name: exact, part of a double-barrelled name, typo, similar, sounds alike; "
        "a different name (marriage, separation) is allowed by the weights",
        comparison_levels=[
            cll.NullLevel("f_key"),
            cll.ExactMatchLevel("f_key", term_frequency_adjustments=True).configure(
                label_for_charts="Same family name"
            ),
            cll.CustomLevel(
                "f_first_l = f_first_r OR f_first_l = f_last_r OR f_last_l = f_first_r OR f_last_l = f_last_r"
            ).configure(label_for_charts="Share part of a double-barrelled name"),
            _one_typo("f_key", "f_len").configure(label_for_charts="One typing error apart"),
            # Counted once, in the given-name comparison: neutral here.
            cll.CustomLevel(SWAPPED_SQL).configure(
                label_for_charts="Given and family name swapped (counted under given name)",
                m_probability=0.01,
                u_probability=0.01,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.JaroWinklerLevel("f_key", 0.9).configure(label_for_charts="Similar (Jaro-Winkler ≥ 0.9)"),
            cll.ExactMatchLevel("f_meta").configure(label_for_charts="Sound alike"),
            cll.ElseLevel().configure(label_for_charts="Different family names"),
        ],
    )


def date_of_birth_comparison():
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="Date of birth: exact, day and month swapped, a day apart, one digit different, "
        "the year one out",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="Same date of birth"),
            cll.CustomLevel("dob_swap_l = dob_r", label_for_charts="Day and month swapped"),
            cll.CustomLevel("abs(dob_days_l - dob_days_r) <= 1", label_for_charts="One day apart"),
            cll.And(
                cll.CustomLevel(
                    "CAST(dob_year_l = dob_year_r AS INT) + CAST(dob_m_l = dob_m_r AS INT) "
                    "+ CAST(dob_d_l = dob_d_r AS INT) = 2"
                ),
                cll.LevenshteinLevel("dob", 1),
            ).configure(label_for_charts="One digit different"),
            cll.CustomLevel(
                "dob_md_l = dob_md_r AND abs(dob_year_l - dob_year_r) = 1", label_for_charts="Year one out"
            ),
            cll.ElseLevel().configure(label_for_charts="Different dates of birth"),
        ],
    )


def postcode_comparison():
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode: unit, sector, district",
        comparison_levels=[
            cll.CustomLevel(
                "(pc_l IS NULL AND pc_district_l IS NULL) OR (pc_r IS NULL AND pc_district_r IS NULL)",
                label_for_charts="Postcode missing",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("pc").configure(label_for_charts="Same postcode"),
            cll.ExactMatchLevel("pc_sector").configure(label_for_charts="Same postcode sector"),
            cll.ExactMatchLevel("pc_district").configure(label_for_charts="Same postcode district"),
            cll.ElseLevel().configure(label_for_charts="Different postcode districts"),
        ],
    )


def sex_comparison():
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_description="Recorded sex (unknown is missing)",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="Same sex"),
            cll.ElseLevel().configure(label_for_charts="Different sex"),
        ],
    )


def comparisons():
    return [
        nhs_comparison(),
        given_name_comparison(),
        family_name_comparison(),
        date_of_birth_comparison(),
        postcode_comparison(),
        sex_comparison(),
    ]


# ------------------------------------------------------------------------------------------------ blocking

#: Pairs are scored only when they agree on one of these. Together they still find pairs with a typo in the
#: date of birth (same names and year, or same names and day and month, or same address and initial) or in a
#: name (same date of birth and family-name soundex, or same date of birth and given-name key), and names
#: swapped, or both names garbled at one address (postcode + year of birth: cheap, and on FEBRL3 it finds a
#: third of the pairs the others miss). Chosen by what each adds to the final recall for its cost (see the
#: decision record): date of birth + postcode sector and names + missing date of birth added nothing.
BLOCKING_RULES = (
    ("nhs",),
    ("dob", "f_sdx"),
    ("dob", "g_canon"),
    ("g_canon", "f_meta", "dob_year"),
    ("g_canon", "f_key", "dob_md"),
    ("pc", "g_init"),
    ("pc", "dob_year"),
    # Same names (the given name's key, the family name's sound) in one postcode district: finds records with no
    # or a garbled date of birth and a postcode slip or a move within the district (issue 15).
    ("pc_district", "g_canon", "f_sdx"),
    # Tried in issue 15 and dropped: both names' soundex + birth year (2.4M pairs at 1M records), + day and month
    # (1.2M), and postcode + family-name soundex: none added to the final recall on the tuning sources, and the
    # last sent siblings at one address to review (+0.9 points of records).
)
EXTRA_BLOCKING_RULES = (
    # Given and family name the other way round, exactly (same year of birth) or by sound (same date of birth).
    "l.g_first = r.f_key AND l.f_key = r.g_first AND l.dob_year = r.dob_year",
    "l.dob = r.dob AND l.g_sdx = r.f_sdx",
    "l.dob = r.dob AND l.f_sdx = r.g_sdx",
    # Both names garbled beyond their sound but their first letters kept, with the date of birth (FEBRL-style
    # errors; issue 15).
    "l.dob = r.dob AND l.g_init = r.g_init AND left(l.f_key, 1) = left(r.f_key, 1)",
)


def blocking_rules_for_prediction():
    return [block_on(*cols) for cols in BLOCKING_RULES] + list(EXTRA_BLOCKING_RULES)


#: Expectation maximisation passes: each estimates m for the comparisons its blocking does not use. Pairs that
#: share a valid NHS number are nearly all one person, so they show how names, dates and addresses vary for one
#: person; blocking on date of birth or address instead would mix in twins and households, which agree on
#: everything but the given name and teach the model that a different given name is common in a match.
EM_BLOCKING_RULES = (
    ("nhs",),
    ("g_canon", "f_key", "dob"),
    # Without NHS numbers (FEBRL, police, schools) the passes above may find no pairs or only matches; this one
    # (same sounding surname, birth year and postcode) holds a mixture, so EM still learns from the input itself.
    ("f_sdx", "dob_year", "pc"),
)

#: Rules that admit almost no false positives, used to estimate the prior (probability two random records match),
#: with the share of true pairs they are expected to find.
DETERMINISTIC_RULES = (
    "l.nhs = r.nhs",
    "l.g_first = r.g_first AND l.f_key = r.f_key AND l.dob = r.dob AND l.pc = r.pc",
)
DETERMINISTIC_RECALL = 0.7


def settings(trained: dict | None = None, **overrides) -> SettingsCreator:
    """The model's settings. With `trained` (a saved model: Splink settings JSON), its parameters — the prior and
    every level's m and u — are put into the comparisons built here, so the SQL always comes from this code in
    the backend's own dialect, never from a file written for another."""
    comps = comparisons()
    if trained is not None:
        saved = {c["output_column_name"]: c for c in trained["comparisons"]}
        for creator in comps:
            name = creator.create_output_column_name()
            levels = [lv for lv in saved[name]["comparison_levels"]]
            creators = creator.create_comparison_levels()
            if len(levels) != len(creators):
                raise ValueError(
                    f"the saved model's {name} comparison has {len(levels)} levels, this macp "
                    f"{len(creators)}: retrain it"
                )
            for level, saved_level in zip(creators, levels):
                if saved_level.get("is_null_level"):
                    continue
                params = {k: saved_level[k] for k in ("m_probability", "u_probability") if k in saved_level}
                if params:
                    level.configure(**params)
            creator.create_comparison_levels = (lambda built: lambda: built)(creators)
        overrides.setdefault("probability_two_random_records_match", trained["probability_two_random_records_match"])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comps,
        blocking_rules_to_generate_predictions=blocking_rules_for_prediction(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
        **overrides,
    )
