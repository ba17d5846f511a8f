"""Working days of 2025 for three employees, in Paris and in Moselle, and a notice period.

Run ``python examples/working_days.py``. Every figure can be checked by hand: 2025 has 261
weekdays (52 weeks and Wednesday 31 December); mainland France has 10 public holidays on
weekdays that year; Moselle (Alsace-Moselle) adds Good Friday (18 April) and Saint Stephen's
Day (Friday 26 December).
"""

from __future__ import annotations

from datetime import date

from teleaccord import Calendar, DateRange, WorkPattern, format_amount, year_range

YEAR = year_range(2025)
PARIS = Calendar()
MOSELLE = Calendar(subdivision="57")
EMPLOYEES = {
    "full time, Monday to Friday": WorkPattern.full_time(),
    "80 %, Wednesday off": WorkPattern.parse("Mo Tu Th Fr"),
    "90 %, Thursday afternoon off": WorkPattern.parse("Mo Tu We Th:am Fr"),
    # An assistance platform open every day: two weeks that repeat from Monday 30 December
    # 2024, the first Monday-Tuesday, the second Wednesday to Sunday; holidays are worked.
    "24/7 platform, 2-week cycle": WorkPattern.parse(
        "Mo Tu / We Th Fr Sa Su", anchor=date(2024, 12, 30), works_holidays=True
    ),
}


def main() -> None:
    print("Working days in 2025 (a day counts when any half-day of it is worked;")
    print("'worked' counts a half-day as 1/2)\n")
    print(f"{'employee':<30} {'Paris':>14} {'Moselle':>14}")
    for name, pattern in EMPLOYEES.items():
        cells = []
        for calendar in (PARIS, MOSELLE):
            days = calendar.count_working_days(YEAR, pattern)
            worked = format_amount(calendar.worked_amount(YEAR, pattern))
            cells.append(f"{days} ({worked})")
        print(f"{name:<30} {cells[0]:>14} {cells[1]:>14}")

    print("\nCheck by hand:")
    print("  full time, Paris:    261 weekdays - 10 holidays on weekdays         = 251")
    print("  full time, Moselle:  251 - Good Friday - Saint Stephen's Day        = 249")
    print("  80 %, Moselle:       52 x 4 days (2025 has 53 Wednesdays) = 208")
    print("                       - 11 holidays on Mo/Tu/Th/Fr                    = 197")
    print("  90 %, Paris:         251 days, 48 Thursdays worked as a morning      = 227 worked")
    print("  24/7 cycle:          26 two-week cycles x 7 days = 182 (31 December is a")
    print("                       Wednesday off); holidays are worked, so Paris = Moselle")

    print("\nHolidays that differ between Paris and Moselle in 2025:")
    paris = {h.day for h in PARIS.holidays(YEAR)}
    for holiday in MOSELLE.holidays(YEAR):
        if holiday.day not in paris:
            print(f"  {holiday.day:%A %d %B %Y}: {holiday.name}")

    print("\nNotice periods: 5 working days' notice (Monday to Friday, Paris)")
    for wanted in (date(2025, 5, 12), date(2025, 1, 6), date(2025, 11, 14)):
        ask_by = PARIS.add_working_days(wanted, -5)
        before = DateRange(ask_by, PARIS.add_working_days(wanted, -1))
        counted = ", ".join(f"{d:%d %b}" for d in reversed(list(PARIS.working_days(before))))
        skipped = [f"{h.day:%d %b} {h.name}" for h in PARIS.holidays(DateRange(ask_by, wanted))]
        print(f"  telework on {wanted:%a %d %b %Y}: ask by {ask_by:%a %d %b %Y}")
        print(
            f"      counting back: {counted}"
            + (f"; skipping {', '.join(skipped)}" if skipped else "")
        )


if __name__ == "__main__":
    main()
