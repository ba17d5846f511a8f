"""One employee's telework ledger through a year: bookings, a refused booking, a cancellation,
and a year-end rollover with carry-over and expiry.

Run it with ``python examples/ledger.py``. It prints the balance after each step, the
violations of a refused booking (codes, numbers and messages), the statement behind the new
year's balance, the days taken per month, and the first lines of the ledger as JSON Lines.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs

from teleaccord import (
    Calendar,
    CarryOver,
    Contract,
    Notice,
    OperationRefused,
    Quota,
    QuotaLedger,
    WorkPattern,
    format_amount,
    load_sample_agreement,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    """A moment in Paris, written ``2024-03-01 09:00``."""
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


# The assistance company's accord (100 days a year, prorated, by half-days), with three
# clauses of other accords added: at most 3 days a week, requests the day before by 19:00, and
# up to 5 unused days carried into the next year, to be used by 31 March.
sample = load_sample_agreement("assistance-100-days")
agreement = attrs.evolve(
    sample,
    quotas=(*sample.quotas, Quota(window="week", maximum=3)),
    notice=Notice(deadline_days_before=1, deadline_time="19:00"),
    carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"),
)
contract = Contract.from_amendments(
    employee="E002 Bruno",
    hired="2021-09-01",
    fraction="80 %",
    pattern=WorkPattern.parse("Mo Tu Th Fr"),  # Wednesday off
)
ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
y2024, y2025 = year_range(2024), year_range(2025)

print(f"Ledger of {ledger.employee} under {agreement.name!r}")
grant = ledger.grant(y2024, at=at("2024-01-02 08:00"), by="hr")
print(f"\nGranted for 2024: {format_amount(grant.amount)} days")
print(f"  {grant.explanation}")

print("\n1. Bookings")
for day, half in [
    (date(2024, 3, 4), None),
    (date(2024, 3, 5), None),
    (date(2024, 3, 7), "am"),
]:
    booking = ledger.book(day, half=half, at=at("2024-03-01 10:00"), by="E002")
    part = f" ({booking.half.value})" if booking.half else ""
    print(
        f"  booked {booking.day}{part}: {format_amount(booking.amount)} day, id {booking.entry_id}"
    )
print(f"  {ledger.balance(y2024)}")

print("\n2. A refused booking: the whole of Thursday 7 March, asked for on the morning itself")
try:
    ledger.book(date(2024, 3, 7), at=at("2024-03-07 08:30"), by="E002")
except OperationRefused as refused:
    for v in refused.violations:
        params = ", ".join(
            f"{k}={format_amount(x) if hasattr(x, 'denominator') else x}" for k, x in v.params
        )
        print(f"  [{v.code}] {v.message}")
        print(f"      params: {params}")
print(f"  nothing changed: version {ledger.version}, {ledger.balance(y2024)}")

print("\n3. What check() says about other days, without booking them")
for day in (date(2024, 3, 6), date(2024, 5, 9), date(2024, 3, 8), date(2024, 3, 12)):
    found = ledger.check(day, at=at("2024-03-01 10:00"))
    print(f"  {day}: {', '.join(v.code for v in found) or 'fine'}")

print("\n4. A cancellation gives the day back")
first = ledger.active_bookings()[0]
ledger.cancel(first.entry_id, at=at("2024-03-02 09:00"), by="E002", reason="on-site meeting")
print(f"  cancelled {first.entry_id} ({first.day})")
print(f"  {ledger.balance(y2024)}")

print("\n5. Year end: 2025 is granted, unused days are carried over, the oldest expire first")
ledger.grant(y2025, at=at("2025-01-02 08:00"), by="hr")
print(f"  before any rollover:  {ledger.balance(y2025)}")
records = ledger.rollover(y2024, at=at("2025-01-02 02:00"), by="rollover job")
for record in records:
    print(
        f"  rollover recorded {record.kind} {record.entry_id}: {format_amount(record.amount)} days"
    )
print(f"  after the rollover:   {ledger.balance(y2025)}  (the same: computed on read)")
again = ledger.rollover(y2024, at=at("2025-01-03 02:00"), by="rollover job")
print(f"  running it again records nothing: {again == records}, version {ledger.version}")
ledger.book(date(2025, 2, 3), at=at("2025-01-20 12:00"), by="E002")
ledger.book(date(2025, 2, 4), at=at("2025-01-20 12:00"), by="E002")
print(f"  as of 31 March 2025: {ledger.balance(y2025, as_of=date(2025, 3, 31))}")
print(f"  as of 1 April 2025:  {ledger.balance(y2025, as_of=date(2025, 4, 1))}")
print()
print(ledger.statement(y2025))
(expiry, carried) = ledger.rollover(y2025, at=at("2026-01-02 02:00"), by="rollover job")
print(f"  the rollover of 2025 records {expiry.entry_id} ({format_amount(expiry.amount)} days)")
print(f"  and {carried.entry_id} ({format_amount(carried.amount)} days into 2026)")

print("\n6. Telework days actually taken, per month (for declarations)")
for row in ledger.days_taken(by="month"):
    if row.days:
        print(f"  {row.label}: {format_amount(row.amount)} days over {row.days} days")

print("\n7. The ledger as JSON Lines (first 3 lines); replaying it gives the same balances")
text = ledger.to_jsonl()
for line in text.splitlines()[:3]:
    print(f"  {line[:110]}{'...' if len(line) > 110 else ''}")
replayed = QuotaLedger.from_jsonl(text, agreement=agreement, contract=contract, calendar=Calendar())
print(
    f"  replayed {replayed.version} entries; same balances: {replayed.balances() == ledger.balances()}"
)
