"""The linkage pipeline: read and check → prepare features → train (or load) the Splink model → score candidate
pairs → cluster with safeguards and human decisions → people and a review list.

    result = link_records("records.csv", decisions=[(("gp-1", "P1"), ("police", "N7"), "rejected")])
    result.clusters      # [(source, source_id, person_id)] in input order
    result.review_pairs  # pairs between the review and auto-link thresholds (or held apart by a safeguard)

The same code runs on DuckDB (embedded, the default) and on Spark (`backend="spark"`): features are prepared
in DuckDB either way and handed to the backend, the model and blocking are the same Splink settings, and the
clustering runs here on the scored pairs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from . import model as model_mod
from . import prepare
from .cluster import Blocked, Clusterer, DecisionConflict, Node

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------------------------------------ thresholds
# Chosen on labelled synthetic data (`macp gen-records --seed 1`, not the benchmark's seed): see
# docs/decisions/0004-linkage.md for the precision and recall at each.

#: At or above: the two records are linked automatically (subject to the clustering safeguards).
AUTO_LINK_THRESHOLD = 0.999
#: At or above (and below the auto-link threshold): a person reviews the pair. Below: no link.
REVIEW_THRESHOLD = 0.9
#: Two records from the same source are put in one person only when their own pair scores at least this.
SAME_SOURCE_THRESHOLD = 0.99999
#: Inputs with at least this many records train their own model (u by random sampling, m by EM); smaller
#: inputs use the model shipped with macp, trained the same way on synthetic data.
MIN_TRAINING_RECORDS = 50_000

#: Seeds and sizes for training, fixed so that a run is reproducible.
U_SAMPLING_SEED = 1729
U_MAX_PAIRS = 3e6
EM_MAX_PAIRS = 1.5e6

Progress = Callable[[str, int, int], None]
Decision = tuple[Any, Any, str]

STAGES = ("read", "check", "prepare", "train", "score", "cluster")


@dataclasses.dataclass(frozen=True)
class ReviewPair:
    source_a: str
    source_id_a: str
    source_b: str
    source_id_b: str
    match_probability: float
    reason: str = ""  # why it is in review: "uncertain", or the safeguard that held back an automatic link


@dataclasses.dataclass
class LinkResult:
    clusters: list[tuple[str, str, str]]
    review_pairs: list[ReviewPair]
    model: dict
    stats: dict

    def person_ids(self) -> dict[tuple[str, str], str]:
        return {(s, i): p for s, i, p in self.clusters}


def default_model_path() -> Path:
    return Path(str(resources.files("macp.identity.linkage").joinpath("data/model.json")))


def _noop(stage: str, done: int, total: int) -> None:
    return None


# ------------------------------------------------------------------------------------------------ backends

class _Backend:
    """Holds the Splink DatabaseAPI for one run."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def register_features(self):
        from splink import DuckDBAPI

        self.db_api = DuckDBAPI(connection=self.con)
        return self.db_api.register("features")

    def fetch_edges(self, predictions, threshold: float):
        sql = (f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name} "
               f"WHERE match_probability >= {threshold!r} "
               "ORDER BY match_probability DESC, unique_id_l, unique_id_r")
        table = self.con.sql(sql).to_arrow_table()
        return (table.column(0).to_pylist(), table.column(1).to_pylist(), table.column(2).to_pylist())

    def close(self) -> None:
        pass


class _SparkBackend(_Backend):
    name = "spark"

    def __init__(self, con: duckdb.DuckDBPyConnection, spark=None):
        super().__init__(con)
        self._own_session = spark is None
        self.spark = spark or spark_session()

    def register_features(self):
        from splink import SparkAPI

        table = self.con.execute("SELECT * FROM features ORDER BY unique_id").to_arrow_table()
        sdf = self.spark.createDataFrame(table)
        self.db_api = SparkAPI(spark_session=self.spark, break_lineage_method="parquet",
                               num_partitions_on_repartition=4)
        return self.db_api.register(sdf, table_name="features")

    def fetch_edges(self, predictions, threshold: float):
        sdf = predictions.as_spark_dataframe()
        rows = (sdf.select("unique_id_l", "unique_id_r", "match_probability")
                .where(f"match_probability >= {threshold!r}").collect())
        rows.sort(key=lambda r: (-r[2], r[0], r[1]))
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def spark_session(app_name: str = "macp-link"):
    """A local Spark session (local[2]) with Splink's similarity UDF jar; needs pyspark and Java."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("the Spark backend needs pyspark (pip install 'macp[spark]')") from exc
    from splink.internals.spark.jar_location import similarity_jar_location

    tmp = tempfile.mkdtemp(prefix="macp-spark-")
    return (SparkSession.builder.master(os.environ.get("MACP_SPARK_MASTER", "local[2]")).appName(app_name)
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.local.dir", tmp)
            .config("spark.sql.warehouse.dir", os.path.join(tmp, "warehouse"))
            .config("spark.driver.memory", os.environ.get("MACP_SPARK_DRIVER_MEMORY", "2g"))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate())


# ------------------------------------------------------------------------------------------------ the run

def link_records(
    records: Any,
    *,
    decisions: Iterable[Decision] = (),
    backend: str = "duckdb",
    progress: Progress | None = None,
    model: str | Path | dict | None = None,
    train: bool | None = None,
    auto_threshold: float = AUTO_LINK_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    same_source_threshold: float = SAME_SOURCE_THRESHOLD,
    label: str | None = None,
    spark=None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> LinkResult:
    """Link source records into people.

    records: a CSV path, a pyarrow Table, a pandas DataFrame, or an iterable of dicts with the columns of
        CONTRACTS.md §1 (`source`, `source_id` required; any other may be missing or empty).
    decisions: (record_a, record_b, decision) where a record is a (source, source_id) pair (or a dict with
        those keys) and decision is "confirmed" (or "confirm", "same") or "rejected" (or "reject", "different").
        Confirmed pairs always end in one person; rejected pairs never do.
    backend: "duckdb" or "spark".
    progress: called as progress(stage, done, total) at each stage; stages are STAGES.
    model: a trained Splink model (dict or JSON path) to use instead of training; by default inputs of at least
        MIN_TRAINING_RECORDS records train their own and smaller ones use the shipped model. `train` forces
        either way.

    Raises prepare.LinkInputError for bad input and DecisionConflict for contradictory decisions.
    """
    report = progress or _noop
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def stage(name: str, done: int, total: int) -> None:
        report(name, done, total)

    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    # Splink's DuckDB SQL relies on insertion order being kept (turning it off silently breaks predictions).
    runner: _Backend = _SparkBackend(con, spark) if backend == "spark" else _Backend(con)
    if backend not in ("duckdb", "spark"):
        raise ValueError(f"unknown backend {backend!r} (duckdb or spark)")
    try:
        t = time.perf_counter()
        stage("read", 0, 1)
        n, missing = prepare.load_records(con, records, label=label)
        stage("read", n, n)
        timings["read"] = time.perf_counter() - t

        t = time.perf_counter()
        stage("check", 0, n)
        prepare.validate(con, label or (str(records) if isinstance(records, (str, os.PathLike)) else "input"))
        stage("check", n, n)
        timings["check"] = time.perf_counter() - t

        t = time.perf_counter()
        stage("prepare", 0, n)
        prepare.build_features(con)
        keys = con.sql("SELECT source, source_id FROM raw ORDER BY row_no").to_arrow_table()
        sources, source_ids = keys.column(0).to_pylist(), keys.column(1).to_pylist()
        index = {(s, i): k for k, (s, i) in enumerate(zip(sources, source_ids))}
        confirmed, rejected = _decisions(decisions, index)
        stage("prepare", n, n)
        timings["prepare"] = time.perf_counter() - t

        edges: tuple[list, list, list] = ([], [], [])
        trained: dict = {}
        if n >= 2:
            t = time.perf_counter()
            settings_dict, trained_here = _model_for(model, train, n)
            from splink import Linker

            features = runner.register_features()
            linker = Linker(features, settings_dict if settings_dict else model_mod.settings(), log_level=None)
            if trained_here:
                _train(linker, lambda done, total: stage("train", done, total))
            else:
                stage("train", 1, 1)
            trained = linker.misc.save_model_to_json()
            timings["train"] = time.perf_counter() - t

            t = time.perf_counter()
            stage("score", 0, 1)
            predictions = linker.inference.predict(threshold_match_probability=review_threshold,
                                                   warning_mode="never")
            edges = runner.fetch_edges(predictions, review_threshold)
            stage("score", 1, 1)
            timings["score"] = time.perf_counter() - t

        t = time.perf_counter()
        stage("cluster", 0, n)
        nodes = _nodes(con)
        result = _cluster(nodes, sources, source_ids, edges, confirmed, rejected, auto_threshold=auto_threshold,
                          same_source_threshold=same_source_threshold)
        stage("cluster", n, n)
        timings["cluster"] = time.perf_counter() - t
        clusters, review = result
    finally:
        runner.close()
        con.close()
    timings["total"] = time.perf_counter() - started
    people = len({p for _, _, p in clusters})
    stats = {"records": n, "people": people, "scored_pairs": len(edges[0]), "review_pairs": len(review),
             "missing_columns": missing, "backend": backend, "seconds": {k: round(v, 2) for k, v in timings.items()},
             "thresholds": {"auto_link": auto_threshold, "review": review_threshold,
                            "same_source": same_source_threshold}}
    return LinkResult(clusters=clusters, review_pairs=review, model=trained, stats=stats)


def _model_for(model: str | Path | dict | None, train: bool | None, n: int) -> tuple[dict | None, bool]:
    """(settings to start from, whether to train)."""
    if model is not None:
        if isinstance(model, dict):
            return model, bool(train)
        return json.loads(Path(model).read_text("utf-8")), bool(train)
    if train is None:
        train = n >= MIN_TRAINING_RECORDS or not default_model_path().is_file()
    if train:
        return None, True
    return json.loads(default_model_path().read_text("utf-8")), False


def _train(linker, report: Callable[[int, int], None]) -> None:
    """u by random sampling, the prior from near-certain rules, m by EM over several blockings."""
    total = 2 + len(model_mod.EM_BLOCKING_RULES)
    report(0, total)
    linker.training.estimate_probability_two_random_records_match(
        list(model_mod.DETERMINISTIC_RULES), recall=model_mod.DETERMINISTIC_RECALL)
    report(1, total)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=U_SAMPLING_SEED)
    report(2, total)
    from splink import block_on

    for i, cols in enumerate(model_mod.EM_BLOCKING_RULES):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS)
        report(3 + i, total)


def _decisions(decisions: Iterable[Decision], index: dict[tuple[str, str], int]):
    confirmed, rejected = [], []
    for item in decisions:
        try:
            a, b, decision = item
        except (TypeError, ValueError):
            raise ValueError(f"a decision is (record_a, record_b, 'confirmed' | 'rejected'), not {item!r}") from None
        ka, kb = _record_key(a), _record_key(b)
        kind = str(decision).strip().lower()
        if kind in ("confirmed", "confirm", "same", "match", "link"):
            target = confirmed
        elif kind in ("rejected", "reject", "different", "non-match", "no_link"):
            target = rejected
        else:
            raise ValueError(f"unknown decision {decision!r} for {ka} / {kb} (confirmed or rejected)")
        if ka in index and kb in index and ka != kb:  # decisions about records not in this input are ignored
            target.append((index[ka], index[kb]))
    return confirmed, rejected


def _record_key(record: Any) -> tuple[str, str]:
    if isinstance(record, dict):
        return str(record["source"]), str(record["source_id"])
    source, source_id = record
    return str(source), str(source_id)


def _nodes(con: duckdb.DuckDBPyConnection) -> list[Node]:
    table = con.sql("SELECT source, source_id, nhs, g_tokens, f_key, dob, sex FROM features ORDER BY unique_id"
                    ).to_arrow_table()
    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [Node((s, i), nhs, tuple(g) if g else (), f or "", dob, sex)
            for s, i, nhs, g, f, dob, sex in zip(*cols)]


def person_id_for(keys: Iterable[tuple[str, str]]) -> str:
    """An opaque, stable id for a person: a digest of the lowest (source, source_id) of their records."""
    first = min(keys)
    return "P" + hashlib.sha256(f"{first[0]}\x1f{first[1]}".encode()).hexdigest()[:15]


def _cluster(nodes: list[Node], sources: list[str], source_ids: list[str], edges, confirmed, rejected, *,
             auto_threshold: float, same_source_threshold: float):
    ids_l, ids_r, probs = edges
    # unique ids are 1-based row numbers
    pair_p: dict[tuple[int, int], float] = {}
    for a, b, p in zip(ids_l, ids_r, probs):
        if p >= same_source_threshold:
            a, b = a - 1, b - 1
            if sources[a] == sources[b]:
                pair_p[(a, b) if a < b else (b, a)] = p

    def lookup(a: int, b: int) -> float | None:
        return pair_p.get((a, b) if a < b else (b, a))

    clusterer = Clusterer(nodes, pair_probability=lookup, same_source_threshold=same_source_threshold)
    for a, b in confirmed:
        clusterer.force(a, b)
    clusterer.check_rejections(rejected)
    for a, b in rejected:
        clusterer.reject(a, b)
    blocked = clusterer.run(((a - 1, b - 1, p) for a, b, p in zip(ids_l, ids_r, probs)), auto_threshold)
    labels = clusterer.labels()

    groups: dict[int, list[int]] = {}
    for i, root in enumerate(labels):
        groups.setdefault(root, []).append(i)
    pid = {root: person_id_for((sources[i], source_ids[i]) for i in members) for root, members in groups.items()}
    clusters = [(sources[i], source_ids[i], pid[labels[i]]) for i in range(len(nodes))]

    decided = {frozenset(p) for p in confirmed} | {frozenset(p) for p in rejected}
    held = {frozenset((b.a, b.b)): b.reason for b in blocked}
    best: dict[frozenset, tuple[float, int, int, str]] = {}
    for a, b, p in zip(ids_l, ids_r, probs):
        a, b = a - 1, b - 1
        ra, rb = labels[a], labels[b]
        if ra == rb or frozenset((a, b)) in decided:
            continue
        na, nb = nodes[a].nhs, nodes[b].nhs
        if na and nb and na != nb:
            continue
        reason = held.get(frozenset((a, b)), "uncertain" if p < auto_threshold else "held apart")
        key = frozenset((ra, rb))
        if key not in best or p > best[key][0]:
            best[key] = (p, a, b, reason)
    review = []
    for p, a, b, reason in sorted(best.values(), key=lambda v: (-v[0], v[1], v[2])):
        if (sources[a], source_ids[a]) > (sources[b], source_ids[b]):
            a, b = b, a
        review.append(ReviewPair(sources[a], source_ids[a], sources[b], source_ids[b], p, reason))
    return clusters, review


__all__ = ["AUTO_LINK_THRESHOLD", "REVIEW_THRESHOLD", "SAME_SOURCE_THRESHOLD", "MIN_TRAINING_RECORDS", "LinkResult",
           "ReviewPair", "DecisionConflict", "link_records", "person_id_for", "STAGES", "Blocked"]
