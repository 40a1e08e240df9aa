"""Request and response bodies of the API (pydantic models, so OpenAPI describes them)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Text = Field(default="", max_length=200)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LookupIn(Strict):
    id_number: str = Field(min_length=1, max_length=40,
                           description="GB 11643 number, 18 or legacy 15 characters.")


class BatchIn(Strict):
    id_numbers: list[str] = Field(min_length=1, max_length=1000,
                                  description="Up to 1,000 numbers (the service's batch_max).")


class SchemeOut(BaseModel):
    scheme: str
    status: str
    agency_region: str


class GroupOut(BaseModel):
    group: str
    insured: bool
    in_target: bool = Field(description="In the group's target population (age, employment).")
    schemes: list[SchemeOut]
    multiple: bool = Field(description="Enrolled in more than one scheme or agency of the group.")
    reason_uninsured: str | None = None


class CoverageOut(BaseModel):
    index: int = Field(description="Position in the request (0 for a single lookup).")
    id_number: str = Field(description="The number as normalised, masked.")
    valid: bool = Field(description="Whether the number itself is well-formed.")
    found: bool = Field(description="False for unknown numbers and persons outside the "
                                    "token's region alike.")
    as_of: str
    groups: list[GroupOut]


class BatchOut(BaseModel):
    results: list[CoverageOut]


class GroupFiguresOut(BaseModel):
    group: str
    in_scope: int
    insured: int
    rate: float | None
    target: int
    target_insured: int
    target_rate: float | None


class RegionOut(BaseModel):
    region: str
    name: str
    level: str
    groups: list[GroupFiguresOut]


class SummaryOut(BaseModel):
    as_of: str
    build: str
    region: RegionOut
    children: list[RegionOut]


class EventIn(Strict):
    event_id: str = Field(min_length=1, max_length=80)
    event_type: str = Field(min_length=1, max_length=40)
    event_date: str = Field(min_length=1, max_length=10, description="YYYY-MM-DD")
    id_number: str = Text
    name: str = Text
    sex: str = Text
    birth_date: str = Text
    region: str = Text
    scheme: str = Text
    employer_id: str = Text
    status: str = Text
    detail: str = Text


class EventsIn(Strict):
    events: list[EventIn] = Field(min_length=1, max_length=1000)


class SurveyIn(Strict):
    survey_id: str = Field(min_length=1, max_length=80)
    visit_date: str = Field(min_length=1, max_length=10)
    id_number: str = Text
    name: str = Text
    sex: str = Text
    birth_date: str = Text
    residence_region: str = Text
    employment_type: str = Text
    reason_uninsured: str = Text
    enumerator: str = Text


class SurveysIn(Strict):
    returns: list[SurveyIn] = Field(min_length=1, max_length=1000)


class Accepted(BaseModel):
    accepted: int = Field(description="New records stored.")
    duplicates: int = Field(description="Records already received (same sender and id): "
                                        "kept once.")


class ProblemOut(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    problems: list[ProblemOut]


class ErrorOut(BaseModel):
    error: ErrorDetail


class VerificationOut(BaseModel):
    ok: bool
    rows: int
    head: str = Field(description="Hash of the last good row: record it elsewhere to detect "
                                  "a truncated trail later.")
    first_bad: int | None
    problem: str

