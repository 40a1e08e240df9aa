"""Which pairs the model scores: equality joins, so the work grows with the data, not its square.

A record is compared with a person only when one of these holds (Splink scores
each pair once, for the first rule it meets):

| rule | finds the person despite |
| --- | --- |
| birth date + name sound | a sound-alike typo in the name (张/章) |
| birth date + fuzzy name sound | a near sound-alike (陈/程), words in another order (Latin script) |
| birth date + surname | a look-alike typo in the given name (天/夫) |
| birth date + given name | a look-alike typo in the surname (田/由) |
| birth date + first two characters | a typo that breaks the words apart (Latin script) |
| name + birth year | a slip in the birth day or month, or day and month swapped |
| name + birth month and day | a slip in the birth year |
| the valid ID the record claims | nothing: it fetches the person that ID names, for review |

Each record meets about (persons born on one day) × (share of a surname) persons
per rule: ~30 for a 10M province. Training (EM) blocks on birth date and on name
+ birth year, within fixed samples (``model.train``), so it costs the same at
any size.

>>> [r.create_blocking_rule_dict("duckdb")["blocking_rule"] for r in prediction_rules()][:1]
['(l."birth_date" = r."birth_date") AND (l."name_sound" = r."name_sound")']
"""

from __future__ import annotations

from splink import block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator


def prediction_rules() -> list[BlockingRuleCreator]:
    return [
        block_on("birth_date", "name_sound"),
        block_on("birth_date", "name_fuzzy"),
        block_on("birth_date", "surname"),
        block_on("birth_date", "given"),
        block_on("birth_date", "substr(name, 1, 2)"),
        block_on("name", "birth_year"),
        block_on("name", "birth_md"),
        block_on("claimed_id"),
    ]


def training_rules() -> list[BlockingRuleCreator]:
    """EM sessions (``model.train``): the first, on persons born on sampled days, trains
    name, sex, region and id; the second, on sampled names, trains the birth date."""
    return [
        CustomRule("l.birth_date = r.birth_date AND l.em_days = 1 AND r.em_days = 1",
                   sql_dialect="duckdb"),
        CustomRule("l.name = r.name AND l.birth_year = r.birth_year "
                   "AND l.em_names = 1 AND r.em_names = 1", sql_dialect="duckdb"),
    ]
