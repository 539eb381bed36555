import json

import pytest
from django.core.management import CommandError, call_command

from macp.intake.models import Batch, SourceRecord
from macp.people.models import Event, Person

CSV = """kind,source_id,given_name,family_name,date_of_birth,sex,nhs_number,postcode,address,from,to,type,persons,occurred_at,summary,person,agency,role,start
person,H1,Mia,Patel,2020-05-05,F,9990000018,SV1 2AB,1 Example Road,,,,,,,,,,
person,H2,Priya,Patel,1994-09-09,F,,SV1 2AB,1 Example Road,,,,,,,,,,
relationship,HR1,,,,,,,,H2,H1,parent,,,,,,,
event,HE1,,,,,,,,,,was_not_brought,H1;H2,2026-09-01T09:00:00+01:00,Hearing test not attended,,,,
involvement,HI1,,,,,,,,,,,,,,H1,hv-svc,health_visitor,2020-06-01
"""


@pytest.fixture
def agencies(make_agency):
    make_agency("hv-svc", "community_health", "svc")


def test_csv_import_builds_people_and_is_idempotent(agencies, tmp_path, capsys):
    path = tmp_path / "health.csv"
    path.write_text(CSV)
    call_command("import_records", str(path), source="hv-svc")
    assert "Imported 5 records" in capsys.readouterr().out
    mia = Person.objects.get(given_name="Mia")
    assert mia.involvements.get().role == "health_visitor"
    assert set(Event.objects.get().persons.values_list("given_name", flat=True)) == {"Mia", "Priya"}
    call_command("import_records", str(path), source="hv-svc")
    assert "nothing changed" in capsys.readouterr().out
    assert Batch.objects.count() == 1 and Person.objects.count() == 2


def test_json_import_in_the_api_shape(agencies, tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            {
                "source": "hv-svc",
                "batch_id": "j1",
                "records": [
                    {
                        "kind": "person",
                        "source_id": "J1",
                        "given_name": "Leo",
                        "family_name": "Ward",
                        "date_of_birth": "2022-02-02",
                        "sex": "M",
                    }
                ],
            }
        )
    )
    call_command("import_records", str(path), source="hv-svc")
    assert Batch.objects.get().batch_id == "j1" and Person.objects.get().given_name == "Leo"


def test_bad_csv_names_file_row_and_column_and_imports_nothing(agencies, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV.replace("2020-05-05", "05/05/2020").replace("parent", "uncle"))
    with pytest.raises(CommandError) as error:
        call_command("import_records", str(path), source="hv-svc")
    message = str(error.value)
    assert f"{path}: row 4, column type" in message
    assert "column date_of_birth" not in message  # a garbled date is data, not a reason to refuse (issue 15)
    assert not SourceRecord.objects.exists()


def test_garbled_dates_are_imported_and_reported_per_column(agencies, tmp_path, capsys):
    path = tmp_path / "garbled.csv"
    path.write_text(CSV.replace("2020-05-05", "05/05/2020"))
    call_command("import_records", str(path), source="hv-svc")
    err = capsys.readouterr().err
    assert (
        f"{path}: 1 value in column date_of_birth kept as sent (row 2: Not a real date" in err and "05/05/2020" in err
    )
    record = SourceRecord.objects.get(source_id="H1")
    assert record.data["date_of_birth_as_sent"] == "05/05/2020" and record.data["date_of_birth"] is None


def test_unknown_source_and_missing_file(agencies, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_records", str(tmp_path / "nope.csv"), source="hv-svc")
    path = tmp_path / "x.csv"
    path.write_text(CSV)
    with pytest.raises(CommandError, match="Unknown source agency"):
        call_command("import_records", str(path), source="nobody")
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="row 1: the header needs"):
        call_command("import_records", str(path), source="hv-svc")


# ---- hostile files: a message naming the file and row, never a traceback ----------------------------------------


def test_a_utf16_file_with_its_byte_order_mark_imports(agencies, tmp_path, capsys):
    path = tmp_path / "health16.csv"
    path.write_bytes(CSV.replace("Mia", "Zoë").encode("utf-16"))
    call_command("import_records", str(path), source="hv-svc")
    assert "Imported 5 records" in capsys.readouterr().out and Person.objects.filter(given_name="Zoë").exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("latin1.csv", CSV.replace("Priya", "Zoë").encode("latin-1"), "latin1.csv: row 3: byte 0xeb is not UTF-8 text"),
        (
            "huge.csv",
            CSV.replace("Hearing test not attended", "x" * (130 * 1024)).encode(),
            "huge.csv: row 5: a value is longer than 128 KiB",
        ),
        (
            "deep.json",
            ('{"records": ' + "[" * 5000 + "]" * 5000 + "}").encode(),
            "deep.json: nested more than 32 levels deep",
        ),
        (
            "nested.json",
            json.dumps(
                {
                    "records": [
                        {
                            "kind": "person",
                            "source_id": "J1",
                            "given_name": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
                        }
                    ]
                }
            ).encode(),
            "nested.json: record 1, given_name",
        ),
        (
            "nul.json",
            json.dumps({"records": [{"kind": "person", "source_id": "J1", "given_name": "A\x00"}]}).encode(),
            "nul.json: record 1, given_name: The text contains a NUL character",
        ),
        ("binary.csv", b"kind,source_id\nperson,\x00\x01\x02", "binary.csv: row 2: contains a NUL character"),
    ],
)
def test_unreadable_files_are_refused_naming_the_file_and_row(agencies, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_records", str(path), source="hv-svc")
    assert message in str(refused.value) and "Traceback" not in str(refused.value)
    assert not Batch.objects.exists()
