"""An absence's country (#12): where a business trip is spent, validated like every country
field, read from the absences CSV (blank allowed) and JSON (data written before the field
existed still loads, and an absence without a country is written as before)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    Agreement,
    Calendar,
    Contract,
    DateRange,
    InvalidValue,
    LoadError,
    QuotaLedger,
    read_absences,
    year_range,
)
from teleaccord.io.convert import from_data, to_data
from teleaccord.io.jsonl import ledger_from_jsonl, ledger_to_jsonl

AT = datetime(2025, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
DAYS = DateRange(date(2025, 3, 5), date(2025, 3, 7))


def trip(**kw: object) -> Absence:
    return Absence(absence_id="T1", employee="E7", kind="business_travel", days=DAYS, **kw)


@pytest.mark.parametrize(
    ("given_", "kept"), [(None, None), ("", None), ("  ", None), ("de", "DE"), (" Lu ", "LU")]
)
def test_a_country_is_an_upper_case_iso_code_or_nothing(given_: str | None, kept: str) -> None:
    assert trip(country=given_).country == kept


@pytest.mark.parametrize("bad", ["Germany", "D", "D1", "ÉÉ", "12"])
def test_anything_else_is_refused_as_a_country(bad: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        trip(country=bad)
    assert (caught.value.code, caught.value.field) == ("invalid_country", "country")


@given(st.text(min_size=2, max_size=2))
def test_the_absence_and_the_business_trip_accept_the_same_countries(text: str) -> None:
    from teleaccord import BusinessTrip

    def outcome(make: object) -> str:
        try:
            return make()  # type: ignore[operator,no-any-return]
        except InvalidValue as exc:
            return exc.code

    own = outcome(lambda: trip(country=text).country)
    other = outcome(lambda: BusinessTrip(day=date(2025, 3, 5), country=text).country)
    if text.strip():
        assert own == other
    else:  # blank: not given on an absence, refused on a trip (a trip needs a country)
        assert (own, other) == (None, "invalid_country")


def test_the_absences_file_reads_the_country_column_blank_allowed() -> None:
    text = (
        "Matricule;Du;Au;Type;Identifiant;Pays\n"
        "E7;2025-03-05;2025-03-07;business_travel;T1;de\n"
        "E7;2025-03-10;;business_travel;T2;\n"
        "E7;2025-03-11;;business_travel;T3;Allemagne\n"
        "E7;2025-03-12;;paid_leave;L1;\n"
    )
    problems: list = []
    rows = list(read_absences(io.StringIO(text), name="a.csv", on_problem=problems.append))
    assert [(r.absence.absence_id, r.absence.country) for r in rows] == [
        ("T1", "DE"),
        ("T2", None),
        ("L1", None),
    ]
    assert [(p.path, p.code) for p in problems] == [("a.csv:4:Pays", "invalid_country")]


def test_a_file_without_the_country_column_reads_as_before() -> None:
    text = "employee,start,kind,id\nE7,2025-03-05,business_travel,T1\n"
    (row,) = read_absences(io.StringIO(text))
    assert row.absence.country is None


def test_json_keeps_the_country_and_leaves_it_out_when_not_given() -> None:
    with_country = trip(country="DE")
    data = to_data(with_country)
    assert data["country"] == "DE"
    assert from_data(json.loads(json.dumps(data))) == with_country
    without = to_data(trip())
    assert "country" not in without
    # What a release before the field wrote (same keys, same schema version) still loads.
    released = {
        "type": "Absence",
        "schema_version": 1,
        "absence_id": "T1",
        "employee": "E7",
        "days": {"start": "2025-03-05", "end": "2025-03-07"},
        "kind": "business_travel",
        "start_half": None,
        "end_half": None,
        "source": "",
    }
    assert without == released
    assert from_data(released) == trip()
    with pytest.raises(LoadError) as caught:
        from_data({**released, "country": "Germany"})
    assert "$.country" in str(caught.value)


def test_the_country_survives_the_ledger_file() -> None:
    agreement = Agreement(name="x")
    contract = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))
    book = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    book.grant(year_range(2025), at=AT, by="hr")
    book.record_absence(trip(country="IT"), at=AT, by="hr")
    again = ledger_from_jsonl(
        ledger_to_jsonl(book), agreement=agreement, contract=contract, calendar=Calendar()
    )
    assert [a.country for a in again.absences] == ["IT"]
    assert again.entries == book.entries
