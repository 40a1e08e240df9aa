"""Country profiles (unireg.rules.profile): the built-in China profile and parse errors."""

from __future__ import annotations

import copy
import doctest
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from unireg.errors import ConfigError
from unireg.rules import profile
from unireg.rules.profile import kind_rank, load_profile, parse_profile


def cn_data() -> dict[str, Any]:
    text = resources.files("unireg.rules").joinpath("profiles", "cn.toml").read_text("utf-8")
    return tomllib.loads(text)


# --- the built-in profile -----------------------------------------------------------


def test_cn_country() -> None:
    p = load_profile("cn")
    assert (p.code, p.name_en, p.name_zh) == ("CN", "China", "中国")
    assert (p.id_scheme, p.region_scheme, p.employer_scheme) == ("gb11643", "gb2260", "gb32100")
    assert p.source == "builtin:cn"


def test_cn_groups_match_the_data_standard() -> None:
    p = load_profile("cn")
    assert {g: p.groups[g].schemes for g in p.groups} == {
        "old_age": ("OAI_EMP", "OAI_PUB", "OAI_RES"),
        "medical": ("MI_EMP", "MI_RES"),
        "work_injury": ("WII",),
        "unemployment": ("UI",),
        "maternity": ("MAT",),
    }
    assert all(p.group_of(s) == g for g in p.groups for s in p.groups[g].schemes)


def test_cn_target_ages() -> None:
    g = load_profile("cn").groups
    assert (g["old_age"].min_age, g["old_age"].max_age) == (16, None)
    assert g["old_age"].exclude_employment_types == ("student",)
    assert g["medical"].min_age == 0 and g["medical"].exclude_employment_types == ()
    for name in ("work_injury", "unemployment", "maternity"):
        assert g[name].min_age == 16 and g[name].only_employment_types == ("employee",)


def test_cn_schemes() -> None:
    s = load_profile("cn").schemes
    assert list(s) == ["OAI_EMP", "OAI_PUB", "OAI_RES", "MI_EMP", "MI_RES", "WII", "UI", "MAT"]
    assert (s["OAI_RES"].kind, s["OAI_RES"].name_zh) == ("resident", "城乡居民基本养老保险")
    assert kind_rank(s["MI_EMP"].kind) < kind_rank(s["MI_RES"].kind)
    assert kind_rank(s["OAI_PUB"].kind) == kind_rank(s["OAI_EMP"].kind)


def test_cn_code_lists() -> None:
    p = load_profile("cn")
    assert p.codes_of("sex") == ("1", "2", "0", "9")
    assert p.sex_labels == {"1": "male", "2": "female", "0": "unknown", "9": "not stated"}
    assert p.codes_of("enrolment_status") == ("contributing", "suspended", "receiving",
                                              "terminated")
    assert p.codes_of("industry")[0] == "A" and p.codes_of("industry")[-1] == "T"
    assert "platform" in p.codes_of("employment_type")
    assert p.age_bands == (0, 16, 30, 45, 60, 75)
    with pytest.raises(ConfigError, match="no code list 'colour'"):
        p.codes_of("colour")


def test_group_of_unknown_scheme() -> None:
    with pytest.raises(KeyError):
        load_profile("cn").group_of("NOPE")


def test_parse_of_the_file_equals_the_loaded_profile() -> None:
    assert parse_profile(cn_data(), "x") == load_profile("cn")


# --- errors name the key ----------------------------------------------------------------


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(cn_data())
    change(data)
    return data


@pytest.mark.parametrize(("change", "match"), [
    (lambda d: d.update(colours={}), r"unknown section\(s\) \['colours'\]"),
    (lambda d: d.pop("groups"), "missing key 'groups'"),
    (lambda d: d.pop("country"), "missing key 'country'"),
    (lambda d: d["codes"].pop("sex"), "missing key 'sex'"),
    (lambda d: d["codes"].pop("reason_uninsured"), r"\[codes\]: missing key 'reason_uninsured'"),
    (lambda d: d["country"].update(currency="CNY"),
     r"\[country\]: unknown key\(s\) \['currency'\]"),
    (lambda d: d["country"].pop("id_scheme"), "missing key 'id_scheme'"),
    (lambda d: d["country"].update(id_scheme="ssn"),
     "id_scheme = 'ssn': unireg implements gb11643"),
    (lambda d: d["groups"]["old_age"].update(min_agee=16),
     r"\[groups.old_age\]: unknown key\(s\) \['min_agee'\]"),
    (lambda d: d["groups"]["medical"].pop("label_zh"), "missing key 'label_zh'"),
    (lambda d: d["groups"]["old_age"].update(min_age="16"), r"old_age\] min_age = '16'"),
    (lambda d: d["groups"]["old_age"].update(max_age=10), "max_age = 10 is below min_age = 16"),
    (lambda d: d["groups"]["old_age"].update(exclude_employment_types=["pupil"]),
     r"exclude_employment_types: \['pupil'\] not in \[codes\] employment_type"),
    (lambda d: d["schemes"]["UI"].update(group="jobless"),
     "scheme 'UI' names unknown group 'jobless'"),
    (lambda d: d["schemes"]["UI"].update(kind="private"), r"\[schemes.UI\] kind = 'private'"),
    (lambda d: d["schemes"]["UI"].pop("name_zh"), "missing key 'name_zh'"),
    (lambda d: d["schemes"]["UI"].update(rate=0.5), r"\[schemes.UI\]: unknown key\(s\) \['rate'\]"),
    (lambda d: d["schemes"].pop("MAT"), "group 'maternity' has no schemes"),
    (lambda d: d["codes"].update(size="small"), r"\[codes\] size = 'small': expected a list"),
    (lambda d: d["cuts"].update(age_bands=[16, 30]), "age_bands = \\[16, 30\\]"),
    (lambda d: d["cuts"].update(age_bands=[0, 30, 16]), "expected increasing"),
    (lambda d: d["cuts"].update(bands=[0]), r"\[cuts\]: unknown key\(s\) \['bands'\]"),
])
def test_parse_errors_name_the_key(change: Any, match: str) -> None:
    with pytest.raises(ConfigError, match=match) as exc:
        parse_profile(broken(change), "my.toml")
    assert "country profile my.toml" in str(exc.value)


def test_removing_any_key_is_named_or_harmless() -> None:
    # Remove each key of each scheme and group in turn: a required key gives a
    # ConfigError naming it (never a bare KeyError); an optional one just parses.
    data = cn_data()
    for section, required in (("schemes", ("group", "kind", "name_en", "name_zh")),
                              ("groups", ("label_en", "label_zh"))):
        for name, table in data[section].items():
            for key in table:
                d = copy.deepcopy(data)
                del d[section][name][key]
                if key in required:
                    with pytest.raises(ConfigError, match=f"missing key '{key}'"):
                        parse_profile(d, "my.toml")
                else:
                    assert parse_profile(d, "my.toml").groups


# --- profile files ------------------------------------------------------------------------

SMALL = """
[country]
code = "XL"
name_en = "Exampleland"
id_scheme = "gb11643"
region_scheme = "gb2260"
employer_scheme = "gb32100"

[codes]
sex = { "1" = "male", "2" = "female" }
employment_type = ["employee", "student", "other"]
enrolment_status = ["contributing", "terminated"]
hukou_type = ["urban", "rural"]
person_status = ["living", "deceased"]
industry = ["A", "B"]
size = ["small", "large"]
reason_uninsured = ["other"]
event_type = ["birth", "death"]
active_benefit_status = ["contributing"]

[schemes.PEN]
group = "pension"
kind = "employee"
name_en = "State pension"
name_zh = "国家养老金"

[schemes.HEALTH]
group = "health"
kind = "resident"
name_en = "Health cover"
name_zh = "医疗保障"

[groups.pension]
label_en = "Pension"
label_zh = "养老"
min_age = 18
max_age = 64
exclude_employment_types = ["student"]

[groups.health]
label_en = "Health"
label_zh = "医疗"
"""


def test_custom_profile_by_path(tmp_path: Path) -> None:
    path = tmp_path / "xl.toml"
    path.write_text(SMALL, encoding="utf-8")
    p = load_profile(str(path))
    assert (p.code, p.name_zh, p.source) == ("XL", "", str(path))
    assert p.groups["pension"].schemes == ("PEN",)
    assert (p.groups["pension"].min_age, p.groups["pension"].max_age) == (18, 64)
    assert p.groups["health"].min_age == 0
    assert p.group_of("HEALTH") == "health"
    assert p.codes_of("sex") == ("1", "2")
    assert p.age_bands == (0, 16, 30, 45, 60, 75)  # default cuts


def test_country_profiles_doc_example_loads(tmp_path: Path) -> None:
    # The worked example in docs/country-profiles.md must keep loading.
    doc = Path(__file__).parents[2] / "docs" / "country-profiles.md"
    text = doc.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    p = load_profile(str(path))
    assert p.groups["pension"].schemes == ("PEN_EMP", "PEN_RES")
    assert p.group_of("HEALTH") == "health"
    assert p.codes_of("sex") == ("1", "2", "9")
    assert p.age_bands == (0, 18, 40, 65)


def test_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_profile(str(tmp_path / "nope.toml"))


def test_unknown_builtin_profile() -> None:
    with pytest.raises(ConfigError, match="no country profile named 'xx'"):
        load_profile("xx")


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[country\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_profile(str(path))


def test_doctests() -> None:
    result = doctest.testmod(profile)
    assert result.attempted >= 3 and result.failed == 0
