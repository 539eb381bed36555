"""The same pipeline on Splink's Spark backend (local[2]) gives the same people as on DuckDB.

Skipped only when Java or pyspark is missing (pyspark is the optional extra `macp[spark]`)."""

import importlib.util
import shutil

import pytest

from macp.demo.records import write_records
from macp.identity.linkage import link_records

if shutil.which("java") is None:
    pytest.skip("the Spark backend needs Java (java is not on PATH)", allow_module_level=True)
if importlib.util.find_spec("pyspark") is None:
    pytest.skip("the Spark backend needs pyspark (pip install 'macp[spark]')", allow_module_level=True)


def partition(result):
    groups = {}
    for source, source_id, person in result.clusters:
        groups.setdefault(person, set()).add((source, source_id))
    return {frozenset(g) for g in groups.values()}


def test_spark_backend_gives_the_same_clusters_as_duckdb(tmp_path):
    generated = write_records(tmp_path, people=900, seed=21)
    assert generated.records >= 2500
    decisions = [(("gp-x", "1"), ("gp-y", "2"), "rejected")]  # about records not in the input: ignored
    duck = link_records(str(generated.records_path), decisions=decisions)
    spark = link_records(str(generated.records_path), decisions=decisions, backend="spark")
    assert spark.stats["backend"] == "spark"
    assert partition(spark) == partition(duck)
    assert [(r.source_a, r.source_id_a, r.source_b, r.source_id_b) for r in spark.review_pairs] == [
        (r.source_a, r.source_id_a, r.source_b, r.source_id_b) for r in duck.review_pairs
    ]
