"""The file linker (macp.identity.linkage): hard cases stay apart, true matches link, invalid NHS numbers are never
a key, human decisions are respected, and accuracy on generated data."""

import random

import pytest

from macp.core import nhs_number
from macp.demo.records import write_records
from macp.identity.linkage import STAGES, DecisionConflict, LinkInputError, explain_pair, link_records, pipeline
from macp.identity.linkage.evaluate import pairwise_scores, read_mapping
from macp.identity.linkage.names import canonical_keys, dates_compatible, given_names_compatible, normalise_name


def rec(source, sid, given, family, dob, sex="", nhs="", postcode=""):
    return {
        "source": source,
        "source_id": sid,
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "sex": sex,
        "nhs_number": nhs,
        "postcode": postcode,
    }


def people(result):
    """{(source, source_id): person_id}"""
    return {(s, i): p for s, i, p in result.clusters}


def same(result, a, b):
    ids = people(result)
    return ids[a] == ids[b]


# ------------------------------------------------------------------------------------------------ names


def test_names_are_normalised_and_nicknames_share_a_key():
    assert normalise_name("  O'Brien-SMITH ") == "obrien smith"
    assert normalise_name("Łukasz Zoë") == "lukasz zoe"
    assert set(canonical_keys("bill")) & set(canonical_keys("william"))
    assert set(canonical_keys("mohammed")) & set(canonical_keys("muhammad"))
    assert set(canonical_keys("alex")) & set(canonical_keys("aleksander"))
    assert not set(canonical_keys("ella")) & set(canonical_keys("ellie"))


def test_given_name_compatibility_allows_typos_and_nicknames_but_not_twins_names():
    assert given_names_compatible(("william",), ("bill",))
    assert given_names_compatible(("jonathan",), ("jonathon",))  # one typo
    assert given_names_compatible(("ruby", "mae"), ("mae",))  # middle name used
    assert given_names_compatible(("alex",), ("alexander",))  # short form
    assert given_names_compatible(("smith",), ("john",), "john", "smith")  # swapped with family name
    assert not given_names_compatible(("ella",), ("ellie",))
    assert not given_names_compatible(("harry",), ("harvey",))
    assert not given_names_compatible(("leo",), ("lea",), a_sex="M", b_sex="F")


def test_date_compatibility_allows_one_recording_error_only():
    assert dates_compatible("2015-03-04", "2015-04-03")  # day and month swapped
    assert dates_compatible("2015-03-31", "2015-04-01")  # a day apart
    assert dates_compatible("2015-03-04", "2015-08-04")  # one digit
    assert dates_compatible("2015-03-04", "2014-03-04")  # year one out
    assert not dates_compatible("1985-03-04", "2010-03-04")  # father and son
    assert not dates_compatible("2015-03-04", "2017-06-20")  # siblings


def test_nhs_number_validity_in_sql_matches_the_python_check():
    rng = random.Random(3)
    numbers = [str(rng.randrange(10**9, 10**10)) for _ in range(400)]
    numbers += ["9434765919", "943 476 5919", "943-476-5919", "0000000000", "1111111111", "12345", "94347659190"]
    rows = [rec("s", str(i), "A", "B", "", nhs=n) for i, n in enumerate(numbers)]
    import duckdb

    from macp.identity.linkage import prepare

    con = duckdb.connect()
    prepare.load_records(con, rows)
    prepare.build_features(con)
    valid = {r[0]: r[1] for r in con.execute("SELECT source_id, nhs FROM features").fetchall()}
    for i, n in enumerate(numbers):
        expected = nhs_number.is_valid(n) and len(set(nhs_number.normalise(n))) > 1  # placeholders are not numbers
        assert (valid[str(i)] is not None) == expected, n


# ------------------------------------------------------------------------------------------------ hard cases


def test_twins_stay_apart_even_with_a_record_that_could_bridge_them():
    rows = [
        rec("school-1", "S1", "Ella", "Smith", "2015-03-04", "F", postcode="BS5 6XX"),
        rec("school-1", "S2", "Ellie", "Smith", "2015-03-04", "F", postcode="BS5 6XX"),
        rec("gp-1", "G1", "Ella", "Smith", "2015-03-04", "F", "4010232137", "BS5 6XX"),
        rec("gp-1", "G2", "Ellie", "Smith", "2015-03-04", "F", "4010232145", "BS5 6XX"),
        rec("police", "P1", "ELLA", "SMITH", "2015-03-04", "F", postcode="BS5 6XX"),
        rec("housing", "H1", "", "Smith", "2015-03-04", "F", postcode="BS5 6XX"),  # no given name: could be either
        rec("school-1", "S3", "George", "Marwick", "2018-11-19", "M", postcode="BS20 4HD"),
        rec("school-1", "S4", "James", "Marwick", "2018-11-19", "M", postcode="BS20 4HD"),
        rec("chs", "C3", "Harry", "Patel", "2020-01-01", "M", postcode="BS7 8TJ"),
        rec("chs", "C4", "Harvey", "Patel", "2020-01-01", "M", postcode="BS7 8TJ"),
        rec("school-2", "S5", "Harry", "Patel", "2020-01-01", "M", postcode="BS7 8TJ"),
    ]
    result = link_records(rows)
    assert same(result, ("school-1", "S1"), ("gp-1", "G1"))
    assert same(result, ("school-1", "S1"), ("police", "P1"))
    assert same(result, ("school-1", "S2"), ("gp-1", "G2"))
    assert not same(result, ("school-1", "S1"), ("school-1", "S2"))
    assert not same(result, ("gp-1", "G1"), ("gp-1", "G2"))
    assert not same(result, ("school-1", "S3"), ("school-1", "S4"))
    assert not same(result, ("chs", "C3"), ("chs", "C4"))
    assert same(result, ("chs", "C3"), ("school-2", "S5"))
    assert not same(result, ("school-2", "S5"), ("chs", "C4"))


def test_siblings_with_similar_names_and_a_father_and_son_with_one_name_stay_apart():
    rows = [
        rec("school-1", "A", "Ella", "Jones", "2014-06-02", "F", postcode="BS3 1AA"),
        rec("gp-1", "B", "Ellie", "Jones", "2016-09-15", "F", postcode="BS3 1AA"),
        rec("school-1", "C", "Ellie", "Jones", "2016-09-15", "F", postcode="BS3 1AA"),
        rec("gp-1", "D", "John", "Smith", "1985-02-10", "M", postcode="BS4 2BB"),
        rec("police", "E", "John", "Smith", "2010-02-10", "M", postcode="BS4 2BB"),
        rec("housing", "F", "John", "Smith", "", "M", postcode="BS4 2BB"),  # no date: could be either
        rec("school-1", "G", "John", "Smith", "2010-02-10", "M", postcode="BS4 2BB"),
        rec("edt", "H", "John", "Smith", "1985-02-10", "M", postcode="BS4 2BB"),
    ]
    result = link_records(rows)
    assert same(result, ("gp-1", "B"), ("school-1", "C"))
    assert not same(result, ("school-1", "A"), ("gp-1", "B"))
    assert same(result, ("police", "E"), ("school-1", "G"))
    assert same(result, ("gp-1", "D"), ("edt", "H"))
    assert not same(result, ("gp-1", "D"), ("police", "E"))


def test_namesakes_in_different_places_without_nhs_numbers_do_not_auto_link():
    rows = [
        rec("police", "N1", "Muhammad", "Khan", "2012-05-14", "M", postcode="BS5 6QR"),
        rec("school-9", "U7", "Muhammad", "Khan", "2012-05-14", "M", postcode="BS34 7SP"),
        rec("gp-1", "G1", "Toluwani", "Boateng", "2016-02-03", "F", postcode="BS1 5FJ"),
        rec("housing", "H1", "Toluwani", "Boateng", "2016-02-03", "F", postcode="BA2 8JP"),
    ]
    result = link_records(rows)
    assert not same(result, ("police", "N1"), ("school-9", "U7"))
    assert not same(result, ("gp-1", "G1"), ("housing", "H1"))  # even a rare name: nothing but name and date
    reviewed = {frozenset({(r.source_a, r.source_id_a), (r.source_b, r.source_id_b)}) for r in result.review_pairs}
    assert frozenset({("gp-1", "G1"), ("housing", "H1")}) in reviewed


def test_true_matches_link_through_nicknames_typos_swaps_and_missing_values():
    rows = [
        rec("gp-1", "G1", "William", "Taylor", "2011-04-12", "M", "4010232137", "BS6 3FE"),
        rec("police", "P1", "BILL", "TAYLOR", "2011-04-12", "M", postcode="BS6 3FE"),
        rec("school-1", "S1", "Liam", "Taylor", "2011-12-04", "M", postcode="BS6 3FE"),  # day and month swapped
        rec("gp-2", "G2", "Mohammed", "Hussain", "2019-10-24", "M", "4010232145", "BS5 0ZQ"),
        rec("chs", "C2", "Muhammad", "Husain", "2019-10-24", "M", postcode="BS5 0ZQ"),
        rec("edt", "E2", "Hussain", "Mohammed", "2019-10-25", "M", postcode="BS5 0ZQ"),  # swapped, a day out
        rec("gp-3", "G3", "Aleksander", "Nowak", "2008-01-15", "M", "4010232153", "BS16 2EA"),
        rec("csc", "K3", "Alex", "Nowak", "2008-01-15", "", "401 023 2153", ""),
        rec("school-2", "S3", "Aleksandr", "Nowak", "2008-01-16", "M", postcode="BS16 2EA"),  # typo, a day out
        rec("police", "P3", "Alex", "NOWAK", "", "M", postcode="BS16 2EA"),  # no date: for review, not linked
        rec("gp-4", "G4", "Amelia", "Smith-Jones", "2020-08-02", "F", "4010232161", "BS3 1WY"),
        rec("school-3", "S4", "Amelia", "Jones", "2020-08-02", "F", postcode="BS3 1WY"),
    ]
    result = link_records(rows)
    assert same(result, ("gp-1", "G1"), ("police", "P1"))
    assert same(result, ("gp-1", "G1"), ("school-1", "S1"))
    assert same(result, ("gp-2", "G2"), ("chs", "C2"))
    assert same(result, ("gp-2", "G2"), ("edt", "E2"))
    assert same(result, ("gp-3", "G3"), ("csc", "K3"))
    assert same(result, ("gp-3", "G3"), ("school-2", "S3"))
    assert same(result, ("gp-4", "G4"), ("school-3", "S4"))
    assert len(set(people(result).values())) == 5
    assert any(
        ("police", "P3") in {(r.source_a, r.source_id_a), (r.source_b, r.source_id_b)} for r in result.review_pairs
    )


def test_invalid_nhs_numbers_are_never_a_match_key():
    assert not nhs_number.is_valid("4010232138")
    rows = [
        rec("gp-1", "A", "Olivia", "Brown", "2012-01-01", "F", "4010232138", "BS1 1AA"),
        rec("gp-2", "B", "Noah", "Green", "1990-07-30", "M", "4010232138", "BA1 2BB"),
    ]
    result = link_records(rows)
    assert not same(result, ("gp-1", "A"), ("gp-2", "B"))
    assert result.review_pairs == []


def test_different_valid_nhs_numbers_are_two_people_whatever_else_agrees():
    rows = [
        rec("gp-1", "A", "Olivia", "Brown", "2012-01-01", "F", "4010232137", "BS1 1AA"),
        rec("gp-2", "B", "Olivia", "Brown", "2012-01-01", "F", "4010232145", "BS1 1AA"),
    ]
    result = link_records(rows)
    assert not same(result, ("gp-1", "A"), ("gp-2", "B"))


# ------------------------------------------------------------------------------------------------ decisions

CHAIN = [
    rec("gp-1", "A", "Sarah", "Green", "1979-12-28", "F", postcode="BS3 2BW"),
    rec("police", "B", "Sarah", "Green", "1979-12-28", "F", postcode="BS3 2BW"),
    rec("housing", "C", "Sarah", "Geen", "1979-12-28", "F", postcode="BS3 2BW"),
    rec("edt", "D", "Sara", "Greene", "1979-11-28", "F", postcode="BS9 9ZZ"),
]


def test_without_decisions_the_chain_links_and_the_outlier_does_not():
    result = link_records(CHAIN)
    assert same(result, ("gp-1", "A"), ("police", "B")) and same(result, ("gp-1", "A"), ("housing", "C"))
    assert not same(result, ("gp-1", "A"), ("edt", "D"))


def test_a_rejected_pair_is_cut_even_through_a_chain():
    result = link_records(CHAIN, decisions=[(("gp-1", "A"), ("housing", "C"), "rejected")])
    assert not same(result, ("gp-1", "A"), ("housing", "C"))
    assert same(result, ("gp-1", "A"), ("police", "B")) or same(result, ("police", "B"), ("housing", "C"))
    assert all(
        {(r.source_a, r.source_id_a), (r.source_b, r.source_id_b)} != {("gp-1", "A"), ("housing", "C")}
        for r in result.review_pairs
    )


def test_a_confirmed_pair_is_joined_whatever_the_scores():
    result = link_records(CHAIN, decisions=[({"source": "edt", "source_id": "D"}, ("gp-1", "A"), "confirmed")])
    assert same(result, ("gp-1", "A"), ("edt", "D"))
    assert same(result, ("police", "B"), ("edt", "D"))


def test_contradictory_decisions_are_refused():
    with pytest.raises(DecisionConflict):
        link_records(
            CHAIN,
            decisions=[
                (("gp-1", "A"), ("edt", "D"), "confirmed"),
                (("edt", "D"), ("police", "B"), "confirmed"),
                (("gp-1", "A"), ("police", "B"), "rejected"),
            ],
        )
    with pytest.raises(ValueError):
        link_records(CHAIN, decisions=[(("gp-1", "A"), ("edt", "D"), "maybe")])


# ------------------------------------------------------------------------------------------------ api


def test_progress_is_reported_for_every_stage_and_explanations_add_up():
    seen = []
    result = link_records(CHAIN, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert [s for s in STAGES if s in {x[0] for x in seen}] == list(STAGES)
    assert all(0 <= done <= total for _, done, total in seen)
    assert result.stats["records"] == 4 and result.stats["trained"] is False

    explanation = explain_pair(CHAIN[0], CHAIN[2])
    fields = {f.field: f for f in explanation.fields}
    assert fields["family_name"].level == "One typing error apart" and fields["family_name"].match_weight > 0
    assert fields["nhs_number"].level == "Missing in one or both" and fields["nhs_number"].match_weight == 0
    total = explanation.prior_weight + sum(f.match_weight for f in explanation.fields)
    assert total == pytest.approx(explanation.match_weight, abs=0.01)
    twins = explain_pair(
        rec("a", "1", "Ella", "Smith", "2015-03-04", "F"), rec("b", "2", "Ellie", "Smith", "2015-03-04", "F")
    )
    assert any("twins" in reason for reason in twins.safeguards)


def test_bad_input_names_the_row_and_column():
    with pytest.raises(LinkInputError) as error:
        link_records([rec("gp", "1", "A", "B", "2020-02-03"), rec("gp", "1", "A", "B", "2020-02-03")])
    assert error.value.row == 2 and error.value.column == "source_id"
    garbled = link_records([rec("gp", "1", "A", "B", "2020-02-30")]).stats["garbled"]
    assert garbled["date_of_birth"]["count"] == 1 and garbled["date_of_birth"]["examples"] == [(1, "2020-02-30")]
    with pytest.raises(LinkInputError, match="required column 'source_id'"):
        link_records([{"source": "gp", "given_name": "A"}])


# ------------------------------------------------------------------------------------------------ accuracy


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("linkage")
    summary = write_records(out, people=1600, seed=11)
    return summary


def test_pairwise_precision_and_recall_on_generated_records(generated):
    result = link_records(str(generated.records_path))
    scores = pairwise_scores(people(result), read_mapping(generated.truth_path, "person"))
    assert 4500 <= generated.records <= 6000
    assert scores.precision >= 0.99, scores
    assert scores.recall >= 0.95, scores


def test_small_inputs_without_nhs_numbers_train_on_themselves(generated):
    """Issue 15: EM on the input itself, even with no NHS number to anchor it (as FEBRL, police, schools)."""
    import csv

    with open(generated.records_path, newline="", encoding="utf-8") as f:
        rows = [dict(r, nhs_number="") for r in csv.DictReader(f)][:1500]
    result = link_records(rows)
    assert result.stats["trained"] is True
    shipped = pipeline.load_model()
    assert result.model["probability_two_random_records_match"] != shipped["probability_two_random_records_match"]


def test_training_falls_back_to_the_shipped_model_when_there_is_nothing_to_learn_from():
    rows = [{"source": "a", "source_id": str(i), "given_name": f"N{i}"} for i in range(1200)]  # no pair to learn from
    result = link_records(rows, train=True)
    assert result.stats["trained"] is False and result.model.get("macp_term_frequencies")
