"""Matching headers to standard fields: renames, missing, extra, errors."""

from __future__ import annotations

import pytest

from unireg.errors import IngestError
from unireg.ingest.columns import plan_columns
from unireg.ingest.kinds import KINDS
from unireg.ingest.profiles import Profile


def test_standard_header_in_any_order_case_and_spacing() -> None:
    plan = plan_columns("e.csv", "employer", [" SIZE ", "Employer_Id", "name", "region",
                                              "industry", "employees"], None)
    assert plan.positions == {"employer_id": 1, "name": 2, "region": 3, "industry": 4,
                              "size": 0, "employees": 5}
    assert plan.missing == () and plan.extra == ()


def test_missing_and_extra_columns_are_reported() -> None:
    plan = plan_columns("e.csv", "employment", ["id_number", "note", "", "employer_id"], None)
    assert plan.missing == ("name", "employment_type", "start_date", "end_date")
    assert plan.extra == ("note", "(column 3, no header)")


def test_profile_renames_then_standard_names() -> None:
    p = Profile(name="p", columns={"id_number": "身份证号码", "name": "姓名"})
    plan = plan_columns("e.csv", "employment", ["姓名", "身份证号码", "employer_id", "name"], p)
    assert plan.positions == {"id_number": 1, "name": 0, "employer_id": 2}
    assert plan.extra == ("name",)


def test_constants_need_no_column_and_win_over_one() -> None:
    p = Profile(name="p", constants={"employment_type": "employee"})
    plan = plan_columns("e.csv", "employment", ["id_number", "employment_type"], p)
    assert "employment_type" not in plan.positions and "employment_type" not in plan.missing
    assert plan.extra == ("employment_type",)


def test_no_standard_column_lists_the_expected_ones() -> None:
    with pytest.raises(IngestError) as e:
        plan_columns("enrolment-x.csv", "enrolment", ["身份证号码", "姓名"], None)
    msg = str(e.value)
    assert "enrolment-x.csv" in msg and all(f in msg for f in KINDS["enrolment"])


def test_a_field_given_twice_is_an_error() -> None:
    with pytest.raises(IngestError, match="'name' is given by 2 columns"):
        plan_columns("e.csv", "employer", ["employer_id", "name", "NAME"], None)
