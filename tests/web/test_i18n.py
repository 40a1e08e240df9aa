"""Every message a template or a route uses exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unireg.rules.profile import load_profile
from unireg.service.queues import ACTIONS, QUEUES
from unireg.service.validation import MESSAGES as PROBLEM_CODES
from unireg.web import i18n
from unireg.web.routes.persons import PURPOSES
from unireg.web.templating import TEMPLATES

TEMPLATE_DIR = Path(TEMPLATES.env.loader.searchpath[0])  # type: ignore[union-attr]
STATIC_KEY = re.compile(r"""\bt\('([a-z0-9_.]+)'[,)]""")


def used_keys() -> set[str]:
    keys = set()
    for path in TEMPLATE_DIR.glob("*.html"):
        keys |= set(STATIC_KEY.findall(path.read_text(encoding="utf-8")))
    # Keys the templates build from data (prefix ~ value).
    p = load_profile("cn")
    dyn = {f"sex.{c}" for c in ("0", "1", "2", "9")}
    dyn |= {f"emp.{c}" for c in p.codes_of("employment_type")}
    dyn |= {f"reason.{c}" for c in p.codes_of("reason_uninsured")}
    dyn |= {f"estatus.{c}" for c in p.codes_of("enrolment_status")}
    dyn |= {f"status.{c}" for c in p.codes_of("person_status")} | {"status.none"}
    dyn |= {f"hukou.{c}" for c in p.codes_of("hukou_type")}
    dyn |= {f"q.{q}" for q in QUEUES} | {f"q.{q}.help" for q in QUEUES}
    dyn |= {f"q.{q}.effect" for q in QUEUES}
    dyn |= {f"action.{a}" for acts in ACTIONS.values() for a in acts}
    dyn |= {f"purpose.{x}" for x in PURPOSES}
    dyn |= {f"v.{c}" for c in PROBLEM_CODES}
    dyn |= {f"kind.{k}" for k in ("population", "enrolment", "employer", "employment",
                                  "survey", "events")}
    dyn |= {f"rule.{r}" for r in ("multi_scheme", "multi_agency", "duplicate_enrolment")}
    dyn |= {f"step.{s}" for s in ("covered", "double", "suspended", "not_target",
                                  "employer_must_enrol", "enrol_resident", "employees_only",
                                  "hotline")}
    dyn |= {f"cut.{c}" for c in ("sex", "age_band", "hukou_type", "employment_type")}
    dyn |= {f"dash.by_{lv}" for lv in ("province", "prefecture", "county")}
    dyn |= {f"error.{s}" for s in (403, 404, 405, 422, 429, 500)}
    dyn |= {f"error.{s}.help" for s in (403, 404, 429)}
    dyn |= {f"check.p.{c}" for c in ("id.missing", "id.length", "id.chars", "id.birth_date",
                                     "id.region", "id.checksum", "name.required",
                                     "birth_date.invalid")}
    dyn |= {"search_needs", "password_wrong", "password_differ", "password_weak"}
    dyn |= {f"f.{f}" for f in ("record_id", "agency_region", "employer_id", "start_date",
                               "end_date", "last_paid", "contribution_base", "scheme")}
    return keys | dyn


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_key_exists(lang: str) -> None:
    missing = sorted(k for k in used_keys() if k not in i18n.MESSAGES[lang])
    assert missing == []


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    fields = re.compile(r"{(\w+)}")
    for key, (en, zh) in i18n.M.items():
        assert en and zh, key
        assert set(fields.findall(en)) == set(fields.findall(zh)), key


def test_fields_of_every_record_kind_are_named() -> None:
    from unireg.validate.fields import KINDS

    for fields in KINDS.values():
        for f in fields:
            assert f"f.{f}" in i18n.MESSAGES["zh"], f
