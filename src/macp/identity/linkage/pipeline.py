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

import contextlib
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
# The one place they are set (the file linker, the whole-population run and the service's matcher all read them).
# Chosen on labelled synthetic data the benchmark does not evaluate on (`macp gen-records --seed 1`, and the
# independent generator with seed 99: bench/sweep_thresholds.py): see docs/decisions/0004-linkage.md.

#: At or above: the two records are linked automatically (subject to the clustering safeguards). The lowest
#: threshold whose extra links (over the next stricter one tried) were still right 99 times in 100.
AUTO_LINK_THRESHOLD = 0.995
#: At or above (and below the auto-link threshold): a person reviews the pair. Below: no link. Even the lowest
#: band tried (0.5–0.7) was more than half matches, well above the one in three asked of it.
REVIEW_THRESHOLD = 0.5
#: Two records from the same source are put in one person only when their own pair scores at least this. Was
#: 0.999 (the lowest score above which such pairs were one person 99 times in 100 at 1M records: 99.5%); lowered
#: to the auto-link threshold in issue 15 because on both tuning sources 0.995 left precision unchanged (to five
#: places) and linked more (independent generator, seed 99: recall +0.27 points, review −0.09 points).
SAME_SOURCE_THRESHOLD = 0.995
#: Inputs with at least this many records train their own model (u by random sampling, m by EM); smaller
#: inputs use the model shipped with macp, trained the same way on synthetic data.
MIN_TRAINING_RECORDS = 1_000

#: DuckDB's working memory; beyond it, it spills to a temporary directory. With the Python side of clustering
#: this keeps a million-record run under 4 GB.
DUCKDB_MEMORY_LIMIT = "1500MB"

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
        sql = (
            f"SELECT unique_id_l - 1, unique_id_r - 1, match_probability FROM {predictions.physical_name} "
            f"WHERE match_probability >= {threshold!r} "
            "ORDER BY match_probability DESC, unique_id_l, unique_id_r"
        )
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
        self.spark.sparkContext.setLogLevel("ERROR")
        if not self.spark.sparkContext.getCheckpointDir():
            self.spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="macp-spark-checkpoints-"))

    def register_features(self):
        from splink import SparkAPI

        table = self.con.sql("SELECT * FROM features ORDER BY unique_id").to_arrow_table()
        sdf = self.spark.createDataFrame(table)
        self.db_api = SparkAPI(spark_session=self.spark, num_partitions_on_repartition=4)
        return self.db_api.register(sdf, table_name="features")

    def fetch_edges(self, predictions, threshold: float):
        sdf = predictions.as_spark_dataframe()
        rows = (
            sdf.selectExpr("unique_id_l - 1", "unique_id_r - 1", "match_probability")
            .where(f"match_probability >= {threshold!r}")
            .collect()
        )
        rows.sort(key=lambda r: (-r[2], r[0], r[1]))
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def close(self) -> None:
        if self._own_session:
            self.spark.stop()


def spark_session(app_name: str = "macp-link"):
    """A local Spark session (local[2]) with Splink's similarity UDF jar; needs pyspark and Java."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("the Spark backend needs pyspark (pip install 'macp[spark]')") from exc
    from splink.internals.spark.jar_location import similarity_jar_location

    tmp = tempfile.mkdtemp(prefix="macp-spark-")
    return (
        SparkSession.builder.master(os.environ.get("MACP_SPARK_MASTER", "local[2]"))
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", tmp)
        .config("spark.sql.warehouse.dir", os.path.join(tmp, "warehouse"))
        .config("spark.driver.memory", os.environ.get("MACP_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


# ------------------------------------------------------------------------------------------------ the run


@dataclasses.dataclass
class Scored:
    """The records of a run and the scored candidate pairs: everything clustering needs."""

    sources: list[str]
    source_ids: list[str]
    nodes: list[Node]
    edges: tuple[list[int], list[int], list[float]]  # 0-based record indices, strongest first
    model: dict
    stats: dict


@contextlib.contextmanager
def _quiet_splink():
    """Splink logs warnings (levels never seen in training, default settings) that are not the user's business;
    keep them out of stderr, where the progress goes."""
    log = logging.getLogger("splink")
    level, propagate = log.level, log.propagate
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)
        log.propagate = propagate


def score_records(
    records: Any,
    *,
    backend: str = "duckdb",
    progress: Progress | None = None,
    model: str | Path | dict | None = None,
    train: bool | None = None,
    review_threshold: float = REVIEW_THRESHOLD,
    label: str | None = None,
    spark=None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> Scored:
    """Read, check and prepare the records, train or load the model, and score the candidate pairs at or above
    review_threshold. The first half of `link_records`."""
    if backend not in ("duckdb", "spark"):
        raise ValueError(f"unknown backend {backend!r} (duckdb or spark)")
    report = progress or _noop
    timings: dict[str, float] = {}
    started = time.perf_counter()
    con = duckdb.connect(":memory:")
    spill = tempfile.TemporaryDirectory(prefix="macp-link-")
    # Splink's DuckDB SQL relies on insertion order being kept: never SET preserve_insertion_order = false.
    con.execute(f"SET temp_directory = '{spill.name}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET memory_limit = '{memory_limit or DUCKDB_MEMORY_LIMIT}'")
    runner: _Backend = _SparkBackend(con, spark) if backend == "spark" else _Backend(con)
    try:
        with _quiet_splink():
            t = time.perf_counter()
            report("read", 0, 1)
            n, missing = prepare.load_records(con, records, label=label)
            report("read", n, n)
            timings["read"] = time.perf_counter() - t

            t = time.perf_counter()
            report("check", 0, n)
            garbled = prepare.validate(
                con, label or (str(records) if isinstance(records, (str, os.PathLike)) else "input")
            )
            report("check", n, n)
            timings["check"] = time.perf_counter() - t

            t = time.perf_counter()
            report("prepare", 0, n)
            prepare.build_features(con)
            keys = con.sql("SELECT source, source_id FROM raw ORDER BY row_no").to_arrow_table()
            sources, source_ids = _column(keys, "source", True), _column(keys, "source_id", False)
            con.execute("DROP TABLE raw")
            report("prepare", n, n)
            timings["prepare"] = time.perf_counter() - t

            edges: tuple[list, list, list] = ([], [], [])
            used: dict = {}
            if n >= 2:
                t = time.perf_counter()
                settings_dict, trained_here = _model_for(model, train, n)
                from splink import Linker

                features = runner.register_features()
                linker = Linker(features, model_mod.settings(settings_dict), log_level=None)
                if trained_here and _train(linker, lambda d, t: report("train", d, t), n) == 0:
                    # No EM pass found pairs to learn from: use the shipped model.
                    trained_here, settings_dict = False, load_model()
                    linker = Linker(features, model_mod.settings(settings_dict), log_level=None)
                if trained_here:
                    used = dict(linker.misc.save_model_to_json())
                    used[TF_KEY] = term_frequency_tables(con)
                else:
                    report("train", 0, 1)
                    register_term_frequencies(linker, runner.db_api, con, settings_dict)
                    report("train", 1, 1)
                    used = settings_dict
                timings["train"] = time.perf_counter() - t

                t = time.perf_counter()
                report("score", 0, 1)
                predictions = linker.inference.predict(
                    threshold_match_probability=review_threshold, warning_mode="never"
                )
                edges = runner.fetch_edges(predictions, review_threshold)
                linker._db_api.delete_tables_created_by_splink_from_db()
                del linker, predictions
                report("score", 1, 1)
                timings["score"] = time.perf_counter() - t
            nodes = _nodes(con)
    finally:
        runner.close()
        con.close()
        spill.cleanup()
    timings["scoring"] = time.perf_counter() - started
    stats = {
        "records": n,
        "scored_pairs": len(edges[0]),
        "missing_columns": missing,
        "garbled": garbled,
        "backend": backend,
        "trained": bool(n >= 2 and trained_here),
        "seconds": timings,
    }
    return Scored(sources, source_ids, nodes, edges, used, stats)


def cluster_scored(
    scored: Scored,
    *,
    decisions: Iterable[Decision] = (),
    auto_threshold: float = AUTO_LINK_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    same_source_threshold: float = SAME_SOURCE_THRESHOLD,
    progress: Progress | None = None,
) -> LinkResult:
    """Cluster scored pairs into people, respecting human decisions. The second half of `link_records`; it can
    be run again on the same Scored with other thresholds or decisions."""
    report = progress or _noop
    n = len(scored.nodes)
    t = time.perf_counter()
    report("cluster", 0, n)
    index = {(s, i): k for k, (s, i) in enumerate(zip(scored.sources, scored.source_ids))}
    confirmed, rejected = _decisions(decisions, index)
    edges = scored.edges
    if edges[2] and edges[2][-1] < review_threshold:  # scored lower than this run reviews: drop the tail
        keep = sum(1 for p in edges[2] if p >= review_threshold)
        edges = (edges[0][:keep], edges[1][:keep], edges[2][:keep])
    clusters, review = _cluster(
        scored.nodes,
        scored.sources,
        scored.source_ids,
        edges,
        confirmed,
        rejected,
        auto_threshold=auto_threshold,
        same_source_threshold=same_source_threshold,
    )
    report("cluster", n, n)
    seconds = dict(scored.stats["seconds"])
    seconds["cluster"] = time.perf_counter() - t
    seconds["total"] = seconds.pop("scoring", 0.0) + seconds["cluster"]
    stats = dict(scored.stats)
    stats.update(
        {
            "people": len({p for _, _, p in clusters}),
            "review_pairs": len(review),
            "seconds": {k: round(v, 2) for k, v in seconds.items()},
            "thresholds": {
                "auto_link": auto_threshold,
                "review": review_threshold,
                "same_source": same_source_threshold,
            },
        }
    )
    return LinkResult(clusters=clusters, review_pairs=review, model=scored.model, stats=stats)


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
        Confirmed pairs always end in one person; rejected pairs never do. Decisions about records not in the
        input are ignored.
    backend: "duckdb" or "spark" (`spark` may pass a SparkSession; by default a local[2] one is started).
    progress: called as progress(stage, done, total) as the run goes; stages are STAGES.
    model: a trained model (dict or JSON path, as in LinkResult.model) to use. By default inputs of at least
        MIN_TRAINING_RECORDS records train their own and smaller ones use the shipped model; `train` forces
        either way.
    threads, memory_limit: DuckDB settings (default: all cores, DUCKDB_MEMORY_LIMIT).

    Raises LinkInputError for bad input and DecisionConflict for contradictory decisions.
    """
    # Check decisions before the expensive part.
    decisions = list(decisions)
    _decisions(decisions, {})
    scored = score_records(
        records,
        backend=backend,
        progress=progress,
        model=model,
        train=train,
        review_threshold=min(review_threshold, auto_threshold),
        label=label,
        spark=spark,
        threads=threads,
        memory_limit=memory_limit,
    )
    return cluster_scored(
        scored,
        decisions=decisions,
        auto_threshold=auto_threshold,
        review_threshold=review_threshold,
        same_source_threshold=same_source_threshold,
        progress=progress,
    )


TF_KEY = "macp_term_frequencies"
TF_COLUMNS = ("g_first", "f_key", "g_canon")
#: Values seen fewer times than this are left out of a saved model's term-frequency tables (and get the floor).
TF_MIN_COUNT = 3


def load_model(model: str | Path | dict | None = None) -> dict:
    """A trained model from a dict, a JSON file, or the shipped default: Splink settings (whose parameters —
    the prior, each level's m and u — are what is used; the SQL comes from `model.settings`), plus the name
    frequencies it was trained with under "macp_term_frequencies"."""
    if model is None:
        model = default_model_path()
    return dict(model) if isinstance(model, dict) else json.loads(Path(model).read_text("utf-8"))


def splink_settings(model: dict) -> dict:
    """The model without macp's own keys, as Splink takes it."""
    return {k: v for k, v in model.items() if k != TF_KEY}


def term_frequency_tables(con: duckdb.DuckDBPyConnection, min_count: int = TF_MIN_COUNT) -> dict:
    """Name frequencies of the `features` table, to save with a model."""
    n = con.execute("SELECT count(*) FROM features").fetchall()[0][0]
    out: dict[str, Any] = {"records": n}
    for col in TF_COLUMNS:
        rows = con.execute(
            f"SELECT {col}, count(*) FROM features WHERE {col} IS NOT NULL GROUP BY 1 "
            f"HAVING count(*) >= {int(min_count)} ORDER BY 2 DESC, 1"
        ).fetchall()
        total = con.execute(f"SELECT count({col}) FROM features").fetchall()[0][0] or 1
        out[col] = {value: round(count / total, 8) for value, count in rows}
    return out


def register_term_frequencies(linker, db_api, con: duckdb.DuckDBPyConnection, model: dict, model_source=None) -> None:
    """Use the model's name frequencies (not the input's): a small input says little about how common a name is.
    Values the model never saw often get the frequency of a name seen `TF_MIN_COUNT - 1` times."""
    import pyarrow as pa

    tables = model.get(TF_KEY)
    if not tables:
        return
    floor = (TF_MIN_COUNT - 1) / max(1, int(tables.get("records", 1)))
    for col in TF_COLUMNS:
        known = tables.get(col, {})
        values = [r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM features WHERE {col} IS NOT NULL").fetchall()]
        table = pa.table(
            {
                col: pa.array(values, pa.string()),
                f"tf_{col}": pa.array([known.get(v, floor) for v in values], pa.float64()),
            }
        )
        sdf = db_api.register(table, table_name=f"__macp_tf_{col}")
        linker.table_management.register_term_frequency_lookup(sdf, col)


def _model_for(model: str | Path | dict | None, train: bool | None, n: int) -> tuple[dict | None, bool]:
    """(settings to start from, whether to train)."""
    if model is not None:
        return load_model(model), bool(train)
    if train is None:
        train = n >= MIN_TRAINING_RECORDS or not default_model_path().is_file()
    # Training starts from the shipped model's parameters: EM on the input moves them where the input says.
    return (load_model() if default_model_path().is_file() else None), bool(train)


def _train(linker, report: Callable[[int, int], None], records: int) -> int:
    """u by random sampling, the prior from near-certain rules, m by EM over several blockings. Returns how many
    EM passes ran (a pass whose blocking finds no pairs is skipped)."""
    from splink import block_on

    total = 2 + len(model_mod.EM_BLOCKING_RULES)
    report(0, total)
    try:
        linker.training.estimate_probability_two_random_records_match(
            list(model_mod.DETERMINISTIC_RULES), recall=model_mod.DETERMINISTIC_RECALL
        )
    except Exception as exc:  # no near-certain pairs at all: keep Splink's default prior
        logger.info("prior not estimated: %s", exc)
    prior = linker._settings_obj._probability_two_random_records_match
    if not 0 < prior < 1:
        # No near-certain pairs at all (e.g. no NHS numbers and no postcodes): about one true pair per record.
        linker._settings_obj._probability_two_random_records_match = 1 / max(2, records - 1)
    report(1, total)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=U_MAX_PAIRS, seed=U_SAMPLING_SEED, min_count_per_level=None, num_chunks=1
    )
    report(2, total)
    passes = 0
    for i, cols in enumerate(model_mod.EM_BLOCKING_RULES):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
            )
            passes += 1
        except Exception as exc:
            logger.info("EM pass on %s skipped: %s", cols, exc)
        report(3 + i, total)
    return passes


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


def _column(table, name: str, intern: bool) -> list:
    """A column as a Python list; with intern, repeated values share one object (names, dates, districts repeat
    a lot, and a million separate strings cost hundreds of megabytes)."""
    col = table.column(name)
    if not intern:
        return col.to_pylist()
    encoded = col.dictionary_encode().combine_chunks()
    values = encoded.dictionary.to_pylist()
    return [None if i is None else values[i] for i in encoded.indices.to_pylist()]


def _nodes(con: duckdb.DuckDBPyConnection) -> list[Node]:
    table = con.sql(
        "SELECT source, source_id, nhs, g_std, f_key, dob, sex, pc_district, pc FROM features ORDER BY unique_id"
    ).to_arrow_table()
    source = _column(table, "source", True)
    source_id = _column(table, "source_id", False)
    nhs = _column(table, "nhs", False)
    tokens: dict[str | None, tuple[str, ...]] = {None: ()}
    given = [
        tokens[g] if g in tokens else tokens.setdefault(g, tuple(g.split())) for g in _column(table, "g_std", True)
    ]
    family = _column(table, "f_key", True)
    dob = _column(table, "dob", True)
    sex = _column(table, "sex", True)
    district = _column(table, "pc_district", True)
    postcode = _column(table, "pc", True)
    del table
    return [
        Node((s, i), n, g or (), f or "", d, x, p, u)
        for s, i, n, g, f, d, x, p, u in zip(source, source_id, nhs, given, family, dob, sex, district, postcode)
    ]


def person_id_for(keys: Iterable[tuple[str, str]]) -> str:
    """An opaque, stable id for a person: a digest of the lowest (source, source_id) of their records."""
    first = min(keys)
    return "P" + hashlib.sha256(f"{first[0]}\x1f{first[1]}".encode()).hexdigest()[:15]


def _cluster(
    nodes: list[Node],
    sources: list[str],
    source_ids: list[str],
    edges,
    confirmed,
    rejected,
    *,
    auto_threshold: float,
    same_source_threshold: float,
):
    ids_l, ids_r, probs = edges
    pair_p: dict[tuple[int, int], float] = {}
    for a, b, p in zip(ids_l, ids_r, probs):
        if p >= same_source_threshold:
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
    blocked = clusterer.run(zip(ids_l, ids_r, probs), auto_threshold)
    labels = clusterer.labels()

    groups: dict[int, list[int]] = {}
    for i, root in enumerate(labels):
        groups.setdefault(root, []).append(i)
    pid = {root: person_id_for((sources[i], source_ids[i]) for i in members) for root, members in groups.items()}
    clusters = [(sources[i], source_ids[i], pid[labels[i]]) for i in range(len(nodes))]

    def pair(a: int, b: int) -> tuple[int, int]:
        return (a, b) if a < b else (b, a)

    root_nhs: dict[int, str] = {}
    for i, node in enumerate(nodes):
        if node.nhs:
            root_nhs.setdefault(labels[i], node.nhs)
    decided = {pair(a, b) for a, b in confirmed} | {pair(a, b) for a, b in rejected}
    held = {pair(b.a, b.b): b.reason for b in blocked}
    best: dict[tuple[int, int], tuple[float, int, int, str]] = {}
    for a, b, p in zip(ids_l, ids_r, probs):
        ra, rb = labels[a], labels[b]
        if ra == rb:
            continue
        key = pair(ra, rb)
        if key in best and best[key][0] >= p:
            continue
        na, nb = root_nhs.get(ra), root_nhs.get(rb)
        if (na and nb and na != nb) or pair(a, b) in decided:
            continue  # each side has its own valid NHS number: two people; or a person has decided
        reason = held.get(pair(a, b), "uncertain" if p < auto_threshold else "held apart")
        best[key] = (p, a, b, reason)
    review = []
    for p, a, b, reason in sorted(best.values(), key=lambda v: (-v[0], v[1], v[2])):
        if (sources[a], source_ids[a]) > (sources[b], source_ids[b]):
            a, b = b, a
        review.append(ReviewPair(sources[a], source_ids[a], sources[b], source_ids[b], p, reason))
    return clusters, review


__all__ = [
    "AUTO_LINK_THRESHOLD",
    "REVIEW_THRESHOLD",
    "SAME_SOURCE_THRESHOLD",
    "MIN_TRAINING_RECORDS",
    "LinkResult",
    "ReviewPair",
    "DecisionConflict",
    "link_records",
    "person_id_for",
    "STAGES",
    "Blocked",
]
