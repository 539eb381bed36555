"""`macp link` and `macp gen-records` as CONTRACTS.md §1 and the identity issue say."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from macp.demo.records import RECORD_COLUMNS, write_records

MACP = str(Path(sys.executable).with_name("macp"))
HEADER = "source,source_id,given_name,family_name,date_of_birth,sex,nhs_number,postcode"


def write(path: Path, text: str) -> Path:
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def macp(*args, cwd=None):
    # The installed `macp` runs the tree this test is in (a worktree's src first, as pytest's own path has it).
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = dict(os.environ, MACP_TESTING="1", PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([MACP, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture
def small(tmp_path):
    return write(
        tmp_path / "records.csv",
        f"""
{HEADER}
gp-1,G1,William,Taylor,2011-04-12,M,4010232137,BS6 3FE
police,P1,BILL,TAYLOR,2011-04-12,M,,BS6 3FE
school-1,S1,Ella,Smith,2015-03-04,F,,BS5 6XX
school-1,S2,Ellie,Smith,2015-03-04,F,,BS5 6XX
housing,H1,,,,,,
""",
    )


def test_link_writes_every_row_and_a_review_file_with_progress_on_stderr_only(small, tmp_path):
    out, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    run = macp("link", "--input", str(small), "--output", str(out), "--review", str(review))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().count("\n") == 0 and "5 records" in run.stdout  # a one-line summary
    assert "clustering into people" in run.stderr
    rows = read(out)
    assert list(rows[0]) == ["source", "source_id", "person_id"]
    assert [(r["source"], r["source_id"]) for r in rows] == [
        ("gp-1", "G1"),
        ("police", "P1"),
        ("school-1", "S1"),
        ("school-1", "S2"),
        ("housing", "H1"),
    ]
    ids = {r["source_id"]: r["person_id"] for r in rows}
    assert ids["G1"] == ids["P1"] and ids["S1"] != ids["S2"] and all(ids.values())
    assert (
        open(review, encoding="utf-8").readline().strip()
        == "source_a,source_id_a,source_b,source_id_b,match_probability"
    )


def test_any_column_order_extra_columns_and_missing_optional_columns(tmp_path):
    path = write(
        tmp_path / "r.csv",
        """
notes,postcode,source_id,family_name,source,given_name,date_of_birth
x,BS6 3FE,G1,Taylor,gp-1,William,2011-04-12
y,BS6 3FE,P1,TAYLOR,police,Bill,2011-04-12
""",
    )
    call_command("link", "--input", str(path), "--output", str(tmp_path / "c.csv"))
    rows = read(tmp_path / "c.csv")
    assert len(rows) == 2 and rows[0]["person_id"] == rows[1]["person_id"]


@pytest.mark.parametrize(
    "body, row, column, words",
    [
        ("gp-1,G1,Ann,Lee,2011-02-03,F,,\ngp-1,G1,Ann,Lee,2011-02-03,F,,", 3, "source_id", "duplicate"),
        ("gp-1,,Ann,Lee,2011-02-03,F,,", 2, "source_id", "empty"),
    ],
)
def test_bad_input_exits_non_zero_naming_file_row_and_column(tmp_path, body, row, column, words):
    path = write(tmp_path / "bad.csv", f"{HEADER}\ngp-0,G0,Zoe,Ash,2010-01-01,F,,\n{body}")
    with pytest.raises(CommandError) as error:
        call_command("link", "--input", str(path), "--output", str(tmp_path / "c.csv"))
    message = str(error.value)
    assert str(path) in message and f"row {row}" in message and f"column {column}" in message and words in message
    assert not (tmp_path / "c.csv").exists()


def test_garbled_dates_nhs_numbers_and_sex_codes_are_kept_and_reported(tmp_path):
    """Issue 15: garbled values are data. The run goes on, every record is in the output, and stderr says how
    many values of each column were garbled, with examples; a garbled date shaped like one is compared as text."""
    path = write(
        tmp_path / "garbled.csv",
        f"""{HEADER}
febrl,A1,Ann,Lee,1955-11-92,F,,4560
febrl,A2,Ann,Lee,1955-11-92,F,9434765918,4560
febrl,A3,Bob,Marsh,12/03/2011,Male,,2770
febrl,A4,Bob,Marsh,2011-03-12,M,,2770
""",
    )
    run = macp("link", "--input", str(path), "--output", str(tmp_path / "c.csv"))
    assert run.returncode == 0, run.stderr
    rows = {r["source_id"]: r["person_id"] for r in read(tmp_path / "c.csv")}
    assert set(rows) == {"A1", "A2", "A3", "A4"}
    assert rows["A1"] == rows["A2"]  # the same garbled date, compared as text
    assert "3 values in column date_of_birth are not a real date" in run.stderr
    assert "row 1 '1955-11-92'" in run.stderr and "row 3 '12/03/2011'" in run.stderr
    assert "1 value in column nhs_number is not a valid NHS number" in run.stderr and "'9434765918'" in run.stderr
    assert "1 value in column sex is not a sex code" in run.stderr and "'Male'" in run.stderr


def test_bad_input_from_the_command_line(tmp_path):
    missing = write(tmp_path / "nosource.csv", "source_id,given_name\nG1,Ann")
    run = macp("link", "--input", str(missing), "--output", str(tmp_path / "c.csv"))
    assert run.returncode != 0
    assert "nosource.csv" in run.stderr and "column source" in run.stderr and run.stdout == ""
    run = macp("link", "--input", str(tmp_path / "absent.csv"), "--output", str(tmp_path / "c.csv"))
    assert run.returncode != 0 and "absent.csv" in run.stderr


def test_empty_values_and_a_header_only_file_are_fine(tmp_path):
    path = write(tmp_path / "e.csv", HEADER)
    call_command("link", "--input", str(path), "--output", str(tmp_path / "c.csv"))
    assert read(tmp_path / "c.csv") == []
    path = write(tmp_path / "one.csv", f"{HEADER}\ngp-1,G1,,,,,,")
    call_command("link", "--input", str(path), "--output", str(tmp_path / "c.csv"))
    assert len(read(tmp_path / "c.csv")) == 1


def test_decisions_file_is_respected(small, tmp_path):
    decisions = write(
        tmp_path / "d.csv",
        """
source_a,source_id_a,source_b,source_id_b,decision
gp-1,G1,police,P1,rejected
school-1,S1,school-1,S2,confirmed
""",
    )
    call_command("link", "--input", str(small), "--output", str(tmp_path / "c.csv"), "--decisions", str(decisions))
    ids = {r["source_id"]: r["person_id"] for r in read(tmp_path / "c.csv")}
    assert ids["G1"] != ids["P1"] and ids["S1"] == ids["S2"]


def test_gen_records_is_deterministic_and_writes_the_truth(tmp_path):
    call_command("gen_records", "--people", "300", "--seed", "7", "--out", str(tmp_path / "a"))
    write_records(tmp_path / "b", people=300, seed=7)
    records = (tmp_path / "a" / "records.csv").read_bytes()
    assert records == (tmp_path / "b" / "records.csv").read_bytes()
    assert records != write_records(tmp_path / "c", people=300, seed=8).records_path.read_bytes()
    rows, truth = read(tmp_path / "a" / "records.csv"), read(tmp_path / "a" / "truth.csv")
    assert list(rows[0]) == list(RECORD_COLUMNS) and list(truth[0]) == ["source", "source_id", "person"]
    assert [(r["source"], r["source_id"]) for r in rows] == [(t["source"], t["source_id"]) for t in truth]
    assert len({t["person"] for t in truth}) == 300
    assert 2.6 <= len(rows) / 300 <= 4.0
    assert len({(r["source"], r["source_id"]) for r in rows}) == len(rows)


@pytest.mark.parametrize("option", ["--output", "--review"])
def test_an_output_in_a_missing_folder_is_refused_before_linking(tmp_path, option):
    path = tmp_path / "r.csv"
    path.write_text("source,source_id,given_name,family_name,date_of_birth\na,1,Amy,Ng,2019-01-01\n")
    args = ["--input", str(path), "--output", str(tmp_path / "c.csv")]
    args += [option, str(tmp_path / "no-such-folder" / "out.csv")] if option == "--review" else []
    if option == "--output":
        args[3] = str(tmp_path / "no-such-folder" / "out.csv")
    with pytest.raises(CommandError, match=f"{option} .*no-such-folder.*does not exist"):
        call_command("link", *args)
