"""The recording-language rules (CONTRACTS §10) and their measured accuracy on the labelled set."""

import importlib.util
from pathlib import Path

import pytest

from macp.tools.language import ADULTIFYING, BLAMING, MINIMISING, OPINION, check

ROOT = Path(__file__).resolve().parents[2]


def categories(text, age=None):
    return [f.category for f in check(text, age)]


def test_adultifying_boyfriend_of_a_child_is_found_with_offsets_reason_and_suggestion():
    text = "Amy is in a relationship with her 23-year-old boyfriend."
    findings = check(text, 14)
    assert {f.category for f in findings} == {ADULTIFYING}
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.why and f.suggestion


def test_the_same_words_about_an_adult_are_not_flagged():
    assert check("Mum's boyfriend, who is 28, moved in.", 14) == []
    assert check("Mother is in a relationship with a 35-year-old man.", None) == []
    # The record says who the text is about: an adult of 30 is not a child.
    assert check("She is in a relationship with a 35-year-old man.", 30) == []


def test_age_from_the_record_decides_whether_a_boyfriend_is_a_peer():
    assert categories("Her boyfriend is 15 and in her class.", 15) == []
    assert categories("Her boyfriend (aged 24) picks her up.", 15) == [ADULTIFYING]


def test_blaming_minimising_and_opinion_are_each_found():
    assert categories("She keeps putting herself at risk.", 14) == [BLAMING]
    assert categories("It was just pushing and shoving.") == [MINIMISING]
    assert categories("Mum is a liar.") == [OPINION]
    assert categories("She is promiscuous.", 15) == [BLAMING]


def test_quoted_speech_and_attributed_opinion_are_left_alone():
    assert check('She said "he\'s my boyfriend, he is 23".', 14) == []
    assert check("Dad said mum is a liar.") == []
    assert check("In my view mum is not coping.") == []


def test_police_offence_wording_is_not_flagged():
    assert check("The man was charged with sexual activity with a child.", 14) == []
    assert check("He was arrested for possession with intent to supply.", 15) == []


def test_consent_to_sharing_information_is_not_consent_to_abuse():
    assert check("She consented to the police sharing her statement.", 15) == []
    assert categories("She consented to sex with the man.", 14) == [ADULTIFYING]


def test_a_clearly_visible_bruise_is_an_observation():
    assert check("The bruise was clearly visible.", 6) == []
    assert categories("Mum clearly cannot cope.") == [OPINION]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_language", ROOT / "bench" / "bench_language.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_is_big_enough_and_balanced(bench):
    rows = bench.load()
    assert len(rows) >= 300
    positives = sum(r["label"] != "none" for r in rows)
    assert 0.4 <= positives / len(rows) <= 0.6
    assert {r["split"] for r in rows} == {"tune", "held_out"}
    assert sum(r["split"] == "held_out" for r in rows) >= 100


def test_held_out_precision_and_recall_meet_the_targets(bench):
    result = bench.score([r for r in bench.load() if r["split"] == "held_out"])
    assert result["precision"] >= 0.9
    assert result["recall"] >= 0.85


def test_rules_are_data_and_a_bad_rule_file_fails_loudly():
    from macp.tools import language

    data = language.load_rules_file()
    assert [r["code"] for r in data["rule"]] == [r.code for r in language.RULES]
    assert all(r.when is None or r.when in language.CONDITIONS.values() for r in language.RULES)
    broken = {"rule": [dict(data["rule"][0], when="no_such_condition")]}
    with pytest.raises(ValueError, match="unknown condition"):
        language.rules_from(broken)
    with pytest.raises(ValueError, match="duplicate code"):
        language.rules_from({"rule": [data["rule"][0], data["rule"][0]]})
    with pytest.raises(ValueError, match="unknown category"):
        language.rules_from({"rule": [dict(data["rule"][0], category="rude")]})
