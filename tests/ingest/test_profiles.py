"""sources.yaml: the documented format parses; anything else is an error naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from unireg.errors import ConfigError, IngestError
from unireg.ingest.profiles import SourcesError, load_sources, parse_sources

EXAMPLE = Path(__file__).parents[2] / "src/unireg/examples/nonstandard-feed"


def test_the_example_parses_as_documented() -> None:
    s = load_sources(EXAMPLE)
    entry = s.files["enrolment-legacy.csv"]
    assert (entry.kind, entry.source, entry.profile) == ("enrolment", "enrolment-legacy",
                                                         "legacy-pension")
    p = s.profiles["legacy-pension"]
    assert p.encoding == "gbk"
    assert p.columns["id_number"] == "身份证号码"
    assert p.values["sex"] == {"男": "1", "女": "2"}
    assert p.values["status"]["享受待遇"] == "receiving"
    assert p.dates == ("%Y年%m月%d日", "%Y%m%d", "%Y/%m/%d")
    assert p.months == ("%Y年%m月", "%Y%m")
    assert p.constants == {}


def test_no_sources_file_is_empty(tmp_path: Path) -> None:
    s = load_sources(tmp_path)
    assert s.files == {} and s.profiles == {}


def test_scalars_stay_text() -> None:
    s = parse_sources("profiles: {p: {values: {sex: {男: 1, no: 0}}, constants: {sex: 9}}}", "x")
    assert s.profiles["p"].values["sex"] == {"男": "1", "no": "0"}
    assert s.profiles["p"].constants == {"sex": "9"}


@pytest.mark.parametrize(("text", "key"), [
    ("fiels: {}", "'fiels'"),
    ("files: {a.csv: {knd: enrolment}}", "'knd'"),
    ("profiles: {p: {encodng: gbk}}", "'encodng'"),
    ("profiles: {p: {columns: {idnumber: 身份证}}}", "'idnumber'"),
    ("profiles: {p: {values: {sexe: {男: '1'}}}}", "'sexe'"),
    ("profiles: {p: {constants: {agency: '440305'}}}", "'agency'"),
])
def test_unknown_keys_are_errors_naming_the_key_and_file(text: str, key: str) -> None:
    with pytest.raises(SourcesError) as e:
        parse_sources(text, "/d/sources.yaml")
    assert key in str(e.value) and "/d/sources.yaml" in str(e.value)
    assert isinstance(e.value, IngestError) and isinstance(e.value, ConfigError)


@pytest.mark.parametrize(("text", "words"), [
    ("files: {a.csv: {kind: enrollment}}", "enrollment"),
    ("files: {a.csv: {profile: nope}}", "nope"),
    ("profiles: {p: {encoding: latin-1}}", "latin-1"),
    ("profiles: {p: {dates: '%Y'}}", "dates"),
    ("profiles: {p: {dates: [YYYY-MM-DD]}}", "dates"),
    ("files: [a.csv]", "files"),
    ("files: {a.csv: {kind: [enrolment]}}", "kind"),
    ("files: {a.csv: {kind: enrolment\n", "YAML"),
])
def test_wrong_values_are_errors(text: str, words: str) -> None:
    with pytest.raises(SourcesError, match=r"sources\.yaml") as e:
        parse_sources(text, "sources.yaml")
    assert words in str(e.value)


def test_encodings_are_normalised() -> None:
    s = parse_sources("profiles: {a: {encoding: GBK}, b: {encoding: utf8}, c: {}}", "x")
    assert [p.encoding for p in s.profiles.values()] == ["gbk", "utf-8", "utf-8"]


def test_empty_values_mean_nothing_given() -> None:
    s = parse_sources("files:\nprofiles:\n  p:\n    constants:\n    dates:\n", "x")
    assert s.files == {} and s.profiles["p"].constants == {} and s.profiles["p"].dates == ()
