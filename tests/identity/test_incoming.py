"""The service's matcher scores one record with the file linker's own model and SQL (issue 15: one matcher),
compiled once per model version."""

import csv
import os

import pytest

from macp.demo.records import write_records
from macp.identity.linkage import explain, incoming, pipeline


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("incoming")
    summary = write_records(out, people=150, seed=23)
    with open(summary.records_path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_one_record_scores_as_the_file_linker_scores_the_same_pair(rows):
    """Every pair `macp link` scores with the shipped model gets the same probability from the matcher."""
    scored = pipeline.score_records(rows, train=False, review_threshold=1e-9)
    ids_l, ids_r, probs = scored.edges
    assert len(probs) > 100
    by_left: dict[int, list[tuple[int, float]]] = {}
    for a, b, p in zip(ids_l, ids_r, probs):
        by_left.setdefault(a, []).append((b, p))
    checked = 0
    for a, pairs in list(by_left.items())[:40]:
        result = incoming.score_candidates(rows[a], [rows[b] for b, _ in pairs])
        for (b, p), explained in zip(pairs, result):
            assert explained.probability == pytest.approx(p, rel=1e-9, abs=1e-12), (rows[a], rows[b])
            checked += 1
    assert checked > 40


def test_the_scoring_sql_is_built_once_per_model_file_version(rows, tmp_path):
    model = pipeline.load_model()
    path = tmp_path / "model.json"
    path.write_text(__import__("json").dumps(model))
    incoming.score_candidates(rows[0], rows[1:3], model=str(path))
    before = dict(explain._SCORERS)
    incoming.score_candidates(rows[3], rows[4:9], model=str(path))
    assert explain._SCORERS == before  # the same scorer, not built again
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a new version of the file
    incoming.score_candidates(rows[3], rows[4:9], model=str(path))
    assert len(set(explain._SCORERS) - set(before)) == 1


def test_the_stored_blocking_keys_find_every_pair_the_file_linker_compares(rows):
    """The keys the service indexes are the linker's blocking rules: each pair `macp link` compares shares one."""
    scored = pipeline.score_records(rows, train=False, review_threshold=1e-12)
    keys = [set(incoming.blocking_keys(r)) for r in rows]
    ids_l, ids_r, _ = scored.edges
    assert len(ids_l) > 100
    missed = [(rows[a], rows[b]) for a, b in zip(ids_l, ids_r) if not keys[a] & keys[b]]
    assert not missed, missed[:3]
