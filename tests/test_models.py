"""The claim's field list is defined once, by `Claim`; the contract and the store follow it."""

from analysis import store
from analysis.models import (
    CLAIM_FIELDS,
    CONTRACT_FIELDS,
    MENTION_OFFSETS,
    RELATION_FIELDS,
    Claim,
)
from analysis.store.schema import CLAIM_COLUMN


def test_contract_is_the_leading_fields_of_a_claim():
    assert CLAIM_FIELDS[: len(CONTRACT_FIELDS)] == CONTRACT_FIELDS


def test_named_groups_are_claim_fields():
    assert set(RELATION_FIELDS) | set(MENTION_OFFSETS) <= set(CLAIM_FIELDS)


def test_claims_table_has_a_column_for_every_claim_field():
    columns = [c.name for c in store.claims.columns]
    stored = [CLAIM_COLUMN.get(name, name) for name in CLAIM_FIELDS]
    assert set(stored) <= set(columns)
    assert set(columns) - set(stored) == {"id", "article_id", "month", "extractor_version"}


def test_contract_gives_exactly_the_contract_fields():
    claim = Claim(*(["x"] * 8), 1, 9, "2020-01-02", False, 0.8)
    assert list(claim.contract()) == list(CONTRACT_FIELDS)
