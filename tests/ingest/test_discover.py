"""Finding the files of a delivery, their kind, format and source name."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.errors import IngestError
from unireg.ingest.discover import discover, kind_from_name


@pytest.mark.parametrize(("name", "kind"), [
    ("enrolment.csv", "enrolment"),
    ("enrolment-gd-2017q4.csv", "enrolment"),
    ("population_census.parquet", "population"),
    ("events.2024.xlsx", "events"),
    ("Survey-A.csv", "survey"),
    ("enrolments.csv", None),
    ("frame.csv", None),
])
def test_kind_from_name(name: str, kind: str | None) -> None:
    assert kind_from_name(name) == kind


def _touch(d: Path, *names: str) -> None:
    for n in names:
        (d / n).write_text("x\n")


def test_files_sorted_by_name_with_kind_format_and_source(delivery: Path) -> None:
    _touch(delivery, "survey.xlsx", "enrolment-b.csv", "enrolment-a.parquet", "employer.csv")
    found = [(f.name, f.kind, f.format, f.source) for f in discover(delivery)]
    assert found == [("employer.csv", "employer", "csv", "employer"),
                     ("enrolment-a.parquet", "enrolment", "parquet", "enrolment-a"),
                     ("enrolment-b.csv", "enrolment", "csv", "enrolment-b"),
                     ("survey.xlsx", "survey", "xlsx", "survey")]


def test_ignores_sources_hidden_readme_lock_files_and_folders(delivery: Path) -> None:
    _touch(delivery, "employer.csv", ".DS_Store", "~$survey.xlsx", "README.md")
    (delivery / "truth").mkdir()
    (delivery / "truth" / "persons.csv").write_text("x\n")
    (delivery / "sources.yaml").write_text("")
    assert [f.name for f in discover(delivery)] == ["employer.csv"]


def test_unknown_kind_names_the_file_and_the_fix(delivery: Path) -> None:
    _touch(delivery, "employer.csv", "pension-export.csv")
    with pytest.raises(IngestError) as e:
        discover(delivery)
    msg = str(e.value)
    assert "pension-export.csv" in msg and "sources.yaml" in msg and "enrolment" in msg


def test_unknown_format_names_the_file(delivery: Path) -> None:
    _touch(delivery, "enrolment.txt")
    with pytest.raises(IngestError, match=r"enrolment\.txt.*'\.txt'"):
        discover(delivery)


def test_kind_source_and_profile_from_sources_yaml(delivery: Path) -> None:
    _touch(delivery, "pension-export.csv", "enrolment-gd.csv")
    (delivery / "sources.yaml").write_text(
        "files:\n"
        "  pension-export.csv: {kind: enrolment, source: pension-gd, profile: p}\n"
        "  enrolment-gd.csv: {kind: employment}\n"
        "profiles:\n  p: {encoding: gbk}\n", encoding="utf-8")
    by_name = {f.name: f for f in discover(delivery)}
    export = by_name["pension-export.csv"]
    assert (export.kind, export.source, export.encoding) == ("enrolment", "pension-gd", "gbk")
    assert export.profile is not None and export.profile.name == "p"
    assert by_name["enrolment-gd.csv"].kind == "employment"  # sources.yaml wins over the name


def test_sources_yaml_naming_a_missing_file_is_an_error(delivery: Path) -> None:
    _touch(delivery, "enrolment.csv")
    (delivery / "sources.yaml").write_text("files: {enrolment-old.csv: {kind: enrolment}}\n")
    with pytest.raises(IngestError, match=r"enrolment-old\.csv: no such file"):
        discover(delivery)


def test_two_files_with_one_source_name_are_an_error(delivery: Path) -> None:
    _touch(delivery, "enrolment-a.csv", "enrolment-a.xlsx")
    with pytest.raises(IngestError, match="source name 'enrolment-a'"):
        discover(delivery)


def test_sheet_on_a_csv_is_an_error(delivery: Path) -> None:
    _touch(delivery, "enrolment.csv")
    (delivery / "sources.yaml").write_text("files: {enrolment.csv: {sheet: Sheet1}}\n")
    with pytest.raises(IngestError, match="not an XLSX"):
        discover(delivery)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a folder"):
        discover(tmp_path / "nope")
