"""An absence's country (#12): where a business trip is spent, validated like every country
field, read from the absences CSV (blank allowed) and JSON (data written before the field
existed still loads, and an absence without a country is written as before)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    Agreement,
    Calendar,
    Contract,
    DateRange,
    HalfDay,
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


# -- Absence.build: the constructor's fast path for bulk readers ------------------------------

_TEXTS = st.sampled_from(["A1", "E 7", " ", "", "x" * 3])
_HALVES = st.sampled_from([None, "am", "pm", "PM", HalfDay.MORNING, HalfDay.AFTERNOON, "noon"])


def _outcome(make: object) -> object:
    try:
        return make()  # type: ignore[operator]
    except InvalidValue as exc:
        return (exc.code, exc.field)


@given(
    absence_id=st.one_of(_TEXTS, st.just(7)),
    employee=_TEXTS,
    days=st.sampled_from(
        [DAYS, DateRange.single(date(2025, 3, 5)), (date(2025, 3, 5), date(2025, 3, 6))]
    ),
    kind=st.sampled_from(["paid_leave", "business_travel", "Site visit", "strike!", "rtt"]),
    start_half=_HALVES,
    end_half=_HALVES,
    source=st.sampled_from(["", "hris", 3]),
    country=st.sampled_from([None, "", "DE", "de", "Germany", "ÉÉ"]),
)
@example(  # a one-day absence from noon to noon is empty
    absence_id="A1",
    employee="E1",
    days=DateRange.single(date(2025, 3, 5)),
    kind="rtt",
    start_half=HalfDay.AFTERNOON,
    end_half=HalfDay.MORNING,
    source="",
    country=None,
)
@example(  # the wrong halves at either end
    absence_id="A1",
    employee="E1",
    days=DAYS,
    kind="rtt",
    start_half=HalfDay.MORNING,
    end_half=HalfDay.AFTERNOON,
    source="",
    country="DE",
)
def test_build_is_the_constructor(**kw: object) -> None:
    built = _outcome(lambda: Absence.build(**kw))  # type: ignore[arg-type]
    made = _outcome(lambda: Absence(**kw))  # type: ignore[arg-type]
    assert built == made
    if isinstance(made, Absence):
        assert repr(built) == repr(made)
        assert hash(built) == hash(made)


def test_an_absences_file_reads_the_same_absences_as_the_constructor() -> None:
    # Two employees on the same leave weeks (the reader shares the day ranges), half-days,
    # a kind to normalise, a lower-case country.
    text = (
        "employee,start,end,kind,half,start_half,end_half,id,source,country\n"
        "E1,2025-07-07,2025-07-18,paid_leave,,,,,hris,\n"
        "E2,2025-07-07,2025-07-18,paid_leave,,pm,am,L2,hris,\n"
        "E2,2025-07-21,,Site Visit,am,,,,,fr\n"
    )
    rows = [r.absence for r in read_absences(io.StringIO(text))]
    leave = DateRange(date(2025, 7, 7), date(2025, 7, 18))
    assert rows == [
        Absence(
            absence_id="E1:paid_leave:2025-07-07..2025-07-18",
            employee="E1",
            days=leave,
            kind="paid_leave",
            source="hris",
        ),
        Absence(
            absence_id="L2",
            employee="E2",
            days=leave,
            kind="paid_leave",
            start_half="pm",
            end_half="am",
            source="hris",
        ),
        Absence(
            absence_id="E2:Site Visit:2025-07-21..2025-07-21:am",
            employee="E2",
            days=DateRange.single(date(2025, 7, 21)),
            kind="site_visit",
            end_half="am",
            country="FR",
        ),
    ]
