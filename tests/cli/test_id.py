"""`unireg id` (unireg.cli.idcheck): text and JSON output, stdin, exit codes, languages."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from unireg.cli import main

GOOD = "11010519491231002X"        # GB 11643's own example: Beijing Chaoyang, 1949-12-31, female
GOOD15 = "110105491231002"         # the same as a 15-digit number
XUANWU = "110104199003078039"      # abolished district, male
BAD_CHECK = "110105194912310021"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["id", *args], input=stdin)


def test_valid_number() -> None:
    r = run(GOOD)
    assert r.exit_code == 0, r.output
    assert r.output == f"{GOOD}  VALID  1949-12-31  female  北京市 市辖区 朝阳区\n"


def test_invalid_number_exits_1() -> None:
    r = run(BAD_CHECK)
    assert r.exit_code == 1
    assert r.output.startswith(f"{BAD_CHECK}  INVALID id.checksum  1949-12-31  female")


def test_one_invalid_among_valid_exits_1() -> None:
    r = run(GOOD, "1234", XUANWU)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{GOOD}  VALID")
    assert lines[1] == "1234  INVALID id.length"
    assert lines[2] == f"{XUANWU}  VALID  1990-03-07  male  北京市 市辖区 宣武区 (abolished 2010)"


def test_several_failures_are_listed() -> None:
    r = run("990000199013010021")
    assert r.exit_code == 1
    assert "INVALID id.birth_date,id.region,id.checksum" in r.output


def test_upgraded_note() -> None:
    r = run(GOOD15)
    assert r.exit_code == 0
    assert r.output.startswith(f"{GOOD}  VALID (upgraded from 15 digits)  1949-12-31  female")


def test_normalised_input_is_printed_normalised() -> None:
    r = run("１１０１０５ １９４９１２３１ ００２ｘ")
    assert r.exit_code == 0
    assert r.output.startswith(f"{GOOD}  VALID")


def test_empty_argument() -> None:
    r = run("")
    assert r.exit_code == 1
    assert r.output == "(empty)  INVALID id.missing\n"


def test_stdin() -> None:
    r = run("-", stdin=f"{GOOD}\n\n  \n{GOOD15}\r\n{BAD_CHECK}\n")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert len(lines) == 3  # blank lines are skipped
    assert [line.split("  ")[1] for line in lines] == [
        "VALID", "VALID (upgraded from 15 digits)", "INVALID id.checksum"]


def test_stdin_all_valid_exits_0() -> None:
    r = run("-", stdin=f"{GOOD}\n{XUANWU}\n")
    assert r.exit_code == 0
    assert len(r.output.splitlines()) == 2


def test_stdin_mixed_with_arguments() -> None:
    r = run(XUANWU, "-", stdin=f"{GOOD}\n")
    assert [line.split("  ")[0] for line in r.output.splitlines()] == [XUANWU, GOOD]


def test_json() -> None:
    r = run("--json", GOOD15, BAD_CHECK)
    assert r.exit_code == 1
    first, second = (json.loads(line) for line in r.output.splitlines())
    assert first == {
        "input": GOOD15, "number": GOOD, "valid": True, "errors": [], "messages": [],
        "upgraded": True, "birth_date": "1949-12-31", "sex": "2", "region": "110105",
        "region_name": "北京市 市辖区 朝阳区",
    }
    assert second["valid"] is False and second["errors"] == ["id.checksum"]
    assert second["messages"] == ["the check character does not match the other 17 "
                                  "(a mistyped digit?)"]


def test_json_invalid_shape_has_no_details() -> None:
    r = run("--json", "11010519491231A02X")
    d = json.loads(r.output)
    assert (d["errors"], d["birth_date"], d["sex"], d["region"], d["region_name"]) == (
        ["id.chars"], None, None, None, None)
    assert r.exit_code == 1


def test_json_all_valid_exits_0() -> None:
    r = run("--json", "-", stdin=f"{GOOD}\n")
    assert r.exit_code == 0 and json.loads(r.output)["valid"] is True


def test_chinese_labels() -> None:
    r = run("--lang", "zh", GOOD, XUANWU, GOOD15, "1234")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        f"{GOOD}  有效  1949-12-31  女  北京市 市辖区 朝阳区",
        f"{XUANWU}  有效  1990-03-07  男  北京市 市辖区 宣武区（2010年撤销）",
        f"{GOOD}  有效（由15位升级为18位）  1949-12-31  女  北京市 市辖区 朝阳区",
        "1234  无效 id.length",
    ]


def test_reference_date_bounds_birth_dates() -> None:
    assert run("--reference-date", "1949-12-30", GOOD).exit_code == 1
    assert "INVALID id.birth_date" in run("--reference-date", "1949-12-30", GOOD).output
    assert run("--reference-date", "1949-12-31", GOOD).exit_code == 0


def test_bad_reference_date_is_a_usage_error() -> None:
    r = run("--reference-date", "31/12/1949", GOOD)
    assert r.exit_code == 2
    assert "use YYYY-MM-DD" in r.output


def test_numbers_are_required() -> None:
    r = run()
    assert r.exit_code == 2
    assert "Missing argument" in r.output


def test_help() -> None:
    r = run("--help")
    assert r.exit_code == 0
    assert "GB 11643" in r.output and "--json" in r.output and "--lang" in r.output
