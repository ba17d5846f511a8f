"""The ledger module's released surface after its state moved to ``teleaccord.ledgerindex``
(#11): the names it releases, and the one definition behind ``ledger_from_jsonl``."""

from __future__ import annotations

import inspect
from datetime import date, datetime, timezone

import teleaccord.entries
import teleaccord.ledger
from teleaccord import Agreement, Calendar, Contract, QuotaLedger
from teleaccord.io.jsonl import ledger_from_jsonl, ledger_to_jsonl

AT = datetime(2024, 3, 1, 9, tzinfo=timezone.utc)

RELEASED_ENTRIES = (
    "AbsenceRecord", "Adjustment", "Booking", "Cancellation", "CarryOverIn", "Entry", "Expiry",
    "Grant", "Regrant",
)  # fmt: skip


def test_the_ledger_module_still_releases_the_entry_classes() -> None:
    for name in RELEASED_ENTRIES:
        assert name in teleaccord.ledger.__all__
        assert getattr(teleaccord.ledger, name) is getattr(teleaccord.entries, name), name
    for name in teleaccord.ledger.__all__:
        assert hasattr(teleaccord.ledger, name), name


def test_ledger_from_jsonl_keeps_its_released_signature() -> None:
    expected = [
        ("text", inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.empty),
        ("agreement", inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.empty),
        ("contract", inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.empty),
        ("calendar", inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.empty),
        ("statuses", inspect.Parameter.KEYWORD_ONLY, ()),
        ("source", inspect.Parameter.KEYWORD_ONLY, "ledger.jsonl"),
        ("rules", inspect.Parameter.KEYWORD_ONLY, None),
    ]
    for function in (ledger_from_jsonl, QuotaLedger.from_jsonl):
        found = [
            (p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()
        ]
        assert found == expected


class Subledger(QuotaLedger):
    """A ledger class of an application's own."""


def test_from_jsonl_reads_into_the_class_asked() -> None:
    contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
    ledger = QuotaLedger(agreement=Agreement(name="x"), contract=contract, calendar=Calendar())
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    text = ledger_to_jsonl(ledger)
    options = {"agreement": ledger.agreement, "contract": contract, "calendar": Calendar()}
    plain = ledger_from_jsonl(text, **options)  # type: ignore[arg-type]
    own = Subledger.from_jsonl(text, **options)  # type: ignore[arg-type]
    assert type(plain) is QuotaLedger
    assert type(own) is Subledger
    assert plain.entries == own.entries == ledger.entries
    assert plain.balances() == own.balances() == ledger.balances()
