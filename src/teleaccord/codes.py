"""Every stable code an error, a load problem or a rule violation can carry.

Each :class:`~teleaccord.errors.TeleaccordError`, each :class:`~teleaccord.errors.Problem` a
loader reports and each :class:`~teleaccord.errors.Violation` a rule returns has a ``code`` that
does not change between releases, and its parameters as data. ``CODES`` lists them all, so
an HRIS can show its own text (a French translation, say) for each code and check that it
knows every one:

>>> from teleaccord import code_info
>>> info = code_info("weekly_max_exceeded")
>>> info.kind, info.params[:3]
('violation', ('amount', 'asked', 'booked'))
>>> info.summary
'A booking or rhythm would go beyond the maximum of telework days per week.'

The kinds:

- ``error``: raised as a :class:`~teleaccord.errors.TeleaccordError`; a loader that meets one
  reports it as a problem with the same code.
- ``problem``: only reported by loaders, as a :class:`~teleaccord.errors.Problem` with the path to
  the value at fault.
- ``violation``: a broken business rule, returned by checks and carried by
  :class:`~teleaccord.errors.OperationRefused`.
- ``warning``: a violation that informs and refuses nothing.

``params`` lists every parameter name any occurrence of the code carries; one occurrence may carry
fewer. ``tests/test_codes.py`` checks the table against the sources (every code used is listed,
every listed code is used); ``python tools/codes_report.py`` shows the differences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from teleaccord.errors import InvalidValue

__all__ = ["CODES", "KINDS", "CodeInfo", "code_info"]

Kind = Literal["error", "problem", "violation", "warning"]
KINDS: tuple[Kind, ...] = ("error", "problem", "violation", "warning")
"""The kinds of code, in the order the docs list them."""


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_code(instance: CodeInfo, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.isidentifier() or value != value.lower():
        msg = f"code: expected a lower-case identifier such as 'holiday', got {value!r}."
        raise InvalidValue(msg, field="code", code="invalid_code")


def _check_kind(instance: CodeInfo, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in KINDS:
        msg = f"kind of {instance.code!r}: expected one of {', '.join(KINDS)}, got {value!r}."
        raise InvalidValue(msg, field="kind")


def _check_summary(instance: CodeInfo, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value[:1].isupper() or not value.endswith("."):
        msg = f"summary of {instance.code!r}: expected a sentence ending with '.', got {value!r}."
        raise InvalidValue(msg, field="summary")


def _check_params(
    instance: CodeInfo, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    bad = [p for p in value if not isinstance(p, str) or not p.isidentifier()]
    if bad or list(value) != sorted(set(value)):
        msg = f"params of {instance.code!r}: expected sorted, distinct identifiers, got {value!r}."
        raise InvalidValue(msg, field="params")


@attrs.frozen
class CodeInfo:
    """What one code means: its kind, a one-sentence summary and the parameters it carries.

    Raises :class:`~teleaccord.errors.InvalidValue` when a part is malformed.

    Args:
        code: the stable code (``"weekly_max_exceeded"``).
        kind: ``"error"``, ``"problem"``, ``"violation"`` or ``"warning"``.
        summary: one English sentence describing the situation in general terms; the message
            of each occurrence says the particulars.
        params: the names of the parameters the code carries, sorted.

    >>> from teleaccord import CodeInfo
    >>> CodeInfo("holiday", "violation", "The day is a public holiday.", ("holiday",))
    CodeInfo(code='holiday', kind='violation', summary='The day is a public holiday.', params=('holiday',))
    >>> CodeInfo("holiday", "notice", "The day is a public holiday.")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: kind of 'holiday': expected one of error, problem, violation, warning, got 'notice'.
    """

    code: str = attrs.field(validator=_check_code)
    kind: Kind = attrs.field(validator=_check_kind)
    summary: str = attrs.field(validator=_check_summary)
    params: tuple[str, ...] = attrs.field(default=(), converter=_names, validator=_check_params)


_WINDOW_MAX_PARAMS = (
    "amount",
    "asked",
    "booked",
    "maximum",
    "window",
    "window_end",
    "window_start",
)
"""What the weekly and monthly maxima carry: both come from one rule over a window."""


def _e(code: str, summary: str, *params: str) -> CodeInfo:
    return CodeInfo(code, "error", summary, params)


def _p(code: str, summary: str, *params: str) -> CodeInfo:
    return CodeInfo(code, "problem", summary, params)


def _v(code: str, summary: str, *params: str) -> CodeInfo:
    return CodeInfo(code, "violation", summary, params)


def _w(code: str, summary: str, *params: str) -> CodeInfo:
    return CodeInfo(code, "warning", summary, params)


# One row per code, grouped by the module that raises or reports it first (several modules may
# use the same code: the loaders report the domain's errors as problems).
_TABLE: tuple[CodeInfo, ...] = (
    # -- errors.py: the base classes and the values every module builds ----------------------
    _e("invalid_choice", "A value is not one of the choices allowed."),
    _e("missing_text", "A text field is empty or only spaces."),
    _e("not_positive", "A number that must be more than 0 is 0 or less."),
    _e("out_of_range", "A number is outside the range its field allows."),
    _e("invalid_code", "A code given to a problem or a violation is empty or not text."),
    _e("invalid_text", "A path or message given to a problem or a violation is not text."),
    _e("invalid_value", "A value breaks an invariant of the object being built or loaded."),
    _e("load_error", "Data could not be loaded; the problems found are listed with it."),
    _e("not_allowed", "The actor may not perform this action."),
    _e("operation_refused", "An operation was refused for several reasons, listed with it."),
    _e("stale_version", "The record changed since the caller read it.", "actual", "expected"),
    _e("teleaccord_error", "Something went wrong that no more specific code describes."),
    # -- amounts.py -------------------------------------------------------------------------
    _e("ceiling_below_floor", "A rounding's ceiling is below its floor."),
    _e("invalid_rounding_mode", "A rounding mode is not one of the known modes."),
    _e("invalid_rounding_unit", "A rounding unit is zero or negative."),
    # -- pattern.py -------------------------------------------------------------------------
    _e("invalid_boolean", "A yes/no value is neither true nor false."),
    _e("missing_anchor", "A rotating work pattern of several weeks has no anchor date."),
    # -- calendars.py -----------------------------------------------------------------------
    _e("empty_pattern", "A work pattern has no working day or half-day."),
    _e("invalid_holiday_name", "A holiday name is empty or not text."),
    _e("unknown_country", "No public holidays are known for a country code."),
    _e("unknown_subdivision", "A subdivision is not one of the country's known subdivisions."),
    _e("year_out_of_range", "A year is outside the years a calendar covers."),
    # -- contract.py ------------------------------------------------------------------------
    _e("amendment_outside_contract", "An amendment takes effect outside the contract's dates."),
    _e("invalid_amendment", "An item of a contract's amendments is not an amendment."),
    _e("invalid_pattern", "A work pattern is not a pattern or cannot be read."),
    _e("last_day_before_hire", "A contract's last day is before its hire date."),
    _e("missing_employee", "An employee identifier is missing or empty."),
    _e("no_segments", "A contract has no segment."),
    _e("overlapping_amendments", "Two amendments of a contract take effect on the same day."),
    _e("range_end_before_start", "A date range ends before it starts."),
    _e(
        "segment_outside_contract",
        "A contract's segments do not start on its hire date or end on its last day.",
    ),
    _e("segments_not_contiguous", "A contract's segments are out of order, overlap or leave gaps."),
    # -- agreement.py -----------------------------------------------------------------------
    _e(
        "invalid_exception",
        "An authorised exception overrides something other than a maximum, or nothing.",
    ),
    _e("duplicate_pool", "A pool is named twice, or a kind of telework is taken by two pools."),
    _e(
        "invalid_pool_kind",
        "A pool takes no kind of telework, or takes imposed or medical days (which never consume a voluntary pool).",
    ),
    _e("invalid_pool_name", "A pool has no name, or is named 'default' or 'total' (reserved)."),
    _e("invalid_telework_kind", "A kind of telework is not a name."),
    _e("unknown_pool", "The agreement has no pool of this name.", "pool"),
    _e(
        "unknown_telework_kind",
        "A kind of telework is neither a kind every agreement knows nor one the agreement's pools name.",
        "kind",
    ),
    _e(
        "invalid_absence_half",
        "An absence starts in the morning or ends in the afternoon (it then covers the whole day), or covers nothing.",
    ),
    _e("invalid_absence_id", "An absence record's entry id is not the absence's own id."),
    _e("invalid_absence_kind", "An absence kind is not a name (letters, digits, '_' or '-')."),
    _e(
        "unknown_absence_kind",
        "An absence kind is neither a default kind nor one the agreement names.",
        "kind",
        "known",
    ),
    # silent_zeros: valid agreements that would give zeros without saying why.
    _p("every_weekday_excluded", "An agreement excludes every weekday from telework."),
    _p("nobody_eligible", "An agreement's eligible categories or sites are an empty list."),
    _p("quota_grants_nothing", "A quota's maximum of 0 days lets nobody telework."),
    _p(
        "window_not_envelope",
        "A maximum per calendar year stands where the envelope per reference period is missing.",
    ),
    _e(
        "bound_finer_than_granularity",
        "A rounding floor or ceiling is not a whole number of the units telework is taken by.",
    ),
    _e("category_both_ways", "A job category is listed both as eligible and as excluded."),
    # versions.py: successive agreements
    _e("no_versions", "An agreement history has no version."),
    _e("invalid_forfait", "A forfait in days is not a whole number of days a year."),
    # overrides.py: individual terms
    _e(
        "above_collective_bound",
        "An employee's personal terms go beyond the agreement's bounds (only a medical recommendation may).",
        "bound",
        "employee",
        "value",
    ),
    _e(
        "reference_differs",
        "The versions of an agreement history have different reference periods.",
    ),
    _e("versions_overlap", "Two versions of an agreement history are in force on the same day."),
    _e("duplicate_extra", "An agreement grants extra days to the same status twice."),
    _e("duplicate_period_quota", "An agreement has more than one maximum per reference period."),
    _e("empty_quota", "A quota has neither a maximum nor a minimum."),
    _e(
        "extras_without_period_quota",
        "An agreement grants extra days but has no maximum per reference period.",
    ),
    _e("fraction_out_of_range", "A work fraction is not more than 0 and at most 1 (100 %)."),
    _e("incomplete_deadline", "A notice deadline gives its days or its time but not both."),
    _e("invalid_accrual_at", "An accrual step is earned neither at its start nor at its end."),
    _e("invalid_date", "A value is not a date, or not written as one."),
    _e("invalid_month", "A month number is not between 1 and 12."),
    _e("invalid_number", "A value is not a number, or not one in the range allowed."),
    _e(
        "invalid_on_site", "An on-site minimum gives both a number of days and a share, or neither."
    ),
    _e("invalid_share", "A share is not more than 0 and at most 1 (100 %)."),
    _e("invalid_start_day", "A reference period's start day is not between 1 and 28."),
    _e("invalid_time", "A time of day is missing, malformed or has a time zone."),
    _e("invalid_type", "A value is not of the type expected."),
    _e("invalid_weekday", "A weekday is neither a number from 0 to 6 nor a known name."),
    _e("minimum_above_maximum", "A quota's minimum is above its maximum."),
    _e("missing_cap", "A capped carry-over has no cap."),
    _e("missing_name", "An agreement has no name."),
    _e("negative_amount", "An amount that must not be negative is negative."),
    _e(
        "rounding_finer_than_granularity",
        "Entitlements are rounded to a unit finer than the one telework is taken by.",
    ),
    _e(
        "two_expiries",
        "A carry-over gives both an expiry after a number of days and an expiry date.",
    ),
    _e("unexpected_cap", "A carry-over has a cap although its mode is not capped."),
    _e("unexpected_expiry", "A carry-over that carries nothing has an expiry."),
    _e(
        "unexpected_negative_limit",
        "A limit on negative balances is given although negative balances are not allowed.",
    ),
    _e("unknown_timezone", "A time zone is not a known IANA time zone name."),
    # -- entitlements.py --------------------------------------------------------------------
    _v(
        "category_not_eligible",
        "The employee's job category is not eligible for telework.",
        "category",
        "eligible",
    ),
    _v(
        "fraction_too_low",
        "The employee's work fraction is below the agreement's minimum for telework.",
        "fraction",
        "minimum",
    ),
    _v(
        "months_in_post_too_short",
        "The employee has not been in post for the months the agreement requires.",
        "minimum",
        "months",
    ),
    _v(
        "outside_agreement_validity",
        "The day is outside the dates the agreement is in force.",
        "valid_end",
        "valid_start",
    ),
    _v(
        "outside_contract",
        "The employee is not under contract on the day.",
        "employee",
        "hired",
        "last_day",
    ),
    _v(
        "seniority_too_short",
        "The employee lacks the seniority the agreement requires for telework.",
        "minimum",
        "months",
    ),
    _v(
        "site_not_eligible",
        "The employee's site is not one where telework is open.",
        "site",
        "sites",
    ),
    # -- ledger.py --------------------------------------------------------------------------
    _v(
        "already_cancelled",
        "A booking has already been cancelled.",
        "booking_id",
        "cancellation_id",
    ),
    _v(
        "already_granted",
        "A period's entitlement has already been granted.",
        "entry_id",
        "granted",
    ),
    _e("cannot_ignore", "A check asked to ignore violations that keep the ledger's invariants."),
    _e("day_outside_period", "An expiry's day is outside the period it belongs to."),
    _e("entry_id_reused", "An entry id is already the id of a different entry in the ledger."),
    _e("inconsistent_entries", "Ledger entries contradict one another."),
    _e("invalid_booking_amount", "A booking's amount does not match a whole day or a half-day."),
    _e("invalid_carry_over", "Days are carried into a period from another than the one before it."),
    _e("invalid_half_day", "A half-day is neither the morning, the afternoon nor blank."),
    _p("invalid_json", "A text is not valid JSON."),
    _e("invalid_period", "A period is not a date range, or not written as one."),
    _e("invalid_regrant", "A regrant's amount is not the difference between its two figures."),
    _e("invalid_report", "A report is asked by a unit other than month, week or year."),
    _p("missing_key", "A required key is missing."),
    _e("missing_value", "A required value is blank or missing."),
    _v(
        "negative_balance",
        "The operation would take a period's balance below what the agreement allows.",
        "amount",
        "floor",
        "period_end",
        "period_start",
        "remaining",
    ),
    _e("not_a_reference_period", "A period is not one of the agreement's reference periods."),
    _e("not_granted", "A period has no grant yet in the ledger."),
    _e("unknown_booking", "No booking in the ledger has this id."),
    _e("unknown_entry", "No entry in the ledger has this id."),
    _e("wrong_employee", "A contract or entry belongs to another employee than the ledger's."),
    _e("zero_amount", "An entry's amount is zero, so it would change nothing."),
    # -- rules.py ---------------------------------------------------------------------------
    _v(
        "absent",
        "The employee is absent on the day or half-day asked for; an absent person cannot telework.",
        "absence_id",
        "absent_half",
        "amount",
        "kind",
    ),
    _v("already_booked", "The day or half-day is already booked.", "entry_id"),
    _v("blackout", "The day is a blackout date of the agreement, when everyone is on site."),
    _v("closure", "The day is a company closure day."),
    _v(
        "consecutive_days_exceeded",
        "The booking would make too many telework working days in a row.",
        "first",
        "last",
        "maximum",
        "run",
    ),
    _v(
        "granularity",
        "A half-day is booked where the agreement counts telework in whole days.",
        "granularity",
    ),
    _v(
        "half_day_clash",
        "A half-day of the day asked is already booked.",
        "booked_halves",
        "entry_ids",
    ),
    _v(
        "holiday",
        "The day is a public holiday the employee does not work.",
        "holiday",
        "holiday_fr",
    ),
    _v(
        "not_eligible",
        "The employee is not eligible for telework; the reason is the failed rule's code.",
        "category",
        "eligible",
        "fraction",
        "minimum",
        "months",
        "reason",
        "site",
        "sites",
    ),
    _v(
        "not_in_pattern",
        "The employee does not work the day or half-day asked.",
        "half",
        "pattern",
    ),
    _v(
        "not_working_day",
        "A whole day is booked where the employee works only half of it.",
        "worked_half",
    ),
    _v(
        "notice_too_short",
        "The booking is made after the agreement's notice deadline.",
        "asked_at",
        "deadline",
        "working_days",
    ),
    _v(
        "on_site_minimum",
        "The booking would leave fewer days on site than the agreement's minimum.",
        "on_site",
        "required",
        "telework",
        "window",
        "window_end",
        "window_start",
        "worked",
    ),
    _v(
        "period_quota_exceeded",
        "The booking would go beyond the balance of its reference period.",
        "accrued",
        "amount",
        "available",
        "by_day",
        "floor",
        "period_end",
        "period_start",
        "remaining_after",
        "remaining_before",
        "taken",
    ),
    _v(
        "window_max_exceeded",
        "The booking would go beyond a fortnightly, quarterly or yearly maximum.",
        "amount",
        "booked",
        "maximum",
        "window",
        "window_end",
        "window_start",
    ),
    # -- approval.py ------------------------------------------------------------------------
    _v(
        "within_limits",
        "The request breaks no maximum the agreement lets a further approver allow.",
    ),
    _v("auto_approval_off", "The agreement does not approve requests automatically."),
    _v("day_over", "The request's last day is over, so it can no longer change."),
    _v("day_passed", "The request's first day has begun.", "at"),
    _e("duplicate_manager", "An employee is given two managers."),
    _e("invalid_datetime", "A value is not a date and time, or not written as one."),
    _e("invalid_threshold", "The weekly day from which a second approval is needed is below 1."),
    _e("missing_id", "An identifier is missing or empty."),
    _e("missing_workflow", "A state machine was run without the workflow it needs."),
    _e("naive_datetime", "A date and time has no time zone or UTC offset."),
    _e("no_days", "A request has no day."),
    _v("not_yet_due", "The transition is not due yet: the request's first day has not begun."),
    _v(
        "notice_deadline_not_passed",
        "The notice deadline has not passed, so the request can be cancelled directly.",
        "deadline",
    ),
    _v(
        "notice_deadline_passed",
        "The notice deadline has passed, so a cancellation needs the manager's approval.",
        "deadline",
    ),
    _e("own_manager", "An employee is given as their own manager."),
    _e("own_request", "An actor tried to decide on their own request.", "actor"),
    _e("reason_required", "The action needs a reason and none was given."),
    _e("replay_mismatch", "Audit events could not be replayed through the table.", "event"),
    _e(
        "role_not_allowed",
        "The actor has none of the roles the action takes.",
        "action",
        "actor",
        "roles",
    ),
    _v(
        "same_approver",
        "The second approval must come from another person than the first.",
        "actor",
    ),
    _v("no_absent_day", "No absence recorded in the ledger covers a day of the request."),
    _v("days_left", "The request keeps days no absence covers (it is not cancelled)."),
    _v("second_level_not_needed", "The request needs no second approval."),
    _v("second_level_required", "The request needs a second approval."),
    _e(
        "terminal_state",
        "The record is in a final state and cannot change.",
        "action",
        "state",
    ),
    _e(
        "transition_not_allowed",
        "The action is not possible in the record's current state.",
        "action",
        "possible",
        "state",
    ),
    _e("unknown_effect", "A transition names an effect that is not wired."),
    _e("unknown_employee", "An employee is not known in the data given."),
    _e("unknown_state", "A transition table names a state that is not one of its states."),
    # -- arrangement.py ---------------------------------------------------------------------
    _v("adaptation_period", "The agreement has an adaptation period."),
    _v("already_started", "The arrangement has already started, so it must be ended instead."),
    _e("empty_rhythm", "A telework rhythm gives neither weekdays nor an envelope of days."),
    _v(
        "excluded_weekday",
        "The agreement excludes telework on the weekday.",
        "excluded",
        "weekday",
        "weekdays",
    ),
    _e("invalid_envelope", "An envelope of telework days is not a whole number that fits."),
    _e("invalid_window", "An envelope of days is per another window than a week or a month."),
    _v(
        "monthly_max_exceeded",
        "A booking or rhythm would go beyond the maximum of telework days per month.",
        *_WINDOW_MAX_PARAMS,
    ),
    _v("no_adaptation_period", "The agreement has no adaptation period."),
    _v(
        "weekly_max_exceeded",
        "A booking or rhythm would go beyond the maximum of telework days per week.",
        *_WINDOW_MAX_PARAMS,
    ),
    # -- coverage.py ------------------------------------------------------------------------
    _v(
        "anchor_day",
        "The day is an anchor day of the team, when everyone is on site.",
        "employee",
        "half",
        "suggestions",
        "team",
        "teleworking",
        "weekday",
    ),
    _v(
        "coverage_below_minimum",
        "Too few people of the team would be on site for a half-day.",
        "employee",
        "half",
        "on_site",
        "on_site_before",
        "required",
        "rule",
        "suggestions",
        "team",
        "working",
    ),
    _e(
        "duplicate_member",
        "An employee is listed twice in a team, or in two teams.",
        "employee",
        "teams",
    ),
    _e("empty_rule", "A coverage rule gives neither a headcount nor a share."),
    _e("invalid_minimum", "A headcount is not a whole number of people, 0 or more."),
    _e("negative_count", "A count that must be 0 or more is negative."),
    # -- teams.py ---------------------------------------------------------------------------
    _e("duplicate_team", "A teams file defines the same team twice.", "team"),
    _e(
        "role_of_non_member",
        "A team gives a role to employees it does not list.",
        "employees",
        "team",
    ),
    _e("unknown_team", "No team has the name asked for.", "known", "team"),
    # -- planner.py -------------------------------------------------------------------------
    _v(
        "anchor_conflict",
        "An existing telework booking falls on an anchor day, so no plan can keep the day.",
        "employee",
        "entry_id",
        "team",
    ),
    _v(
        "coverage_conflict",
        "A coverage rule cannot be met by the people working, absent or already teleworking.",
        "absent",
        "half",
        "required",
        "rule",
        "rule_index",
        "team",
        "teleworking",
        "working",
    ),
    _e("duplicate_wish", "A person has more than one wish in a plan.", "employee"),
    _v(
        "plan_day_not_allowed",
        "A planned day is for someone outside the team or the range, or unavailable.",
        "employee",
    ),
    _e("plan_too_long", "A plan covers more days than a quarter.", "days", "maximum"),
    # -- allowance.py -----------------------------------------------------------------------
    _e("cap_without_rate", "An allowance has a monthly cap but no amount per day."),
    _e("duplicate_indexation", "Two indexed amounts take effect on the same day."),
    _e("duplicate_limit", "Two exemption limits of the same regime take effect on the same day."),
    _e("empty_text", "A text that must not be empty is empty."),
    _e("invalid_money", "A value is not an amount of money of at least 0."),
    _e("invalid_telework_amount", "A day's telework is not more than 0 and at most 1 day."),
    _p("invalid_toml", "A text is not valid TOML."),
    _e("invalid_weekly_days", "A number of weekly telework days is not between 0 and 7."),
    _e("missing_source", "A legal figure has no source."),
    _e("missing_weekly_days", "A policy paid per weekly telework day is given no weekly days."),
    _e(
        "no_exemption_limit",
        "No exemption limit is in force on the day for the regime.",
        "day",
        "regime",
    ),
    _e("not_cents", "An amount of money is not a whole number of cents."),
    _e("telework_day_overbooked", "The telework recorded on one day adds up to more than 1 day."),
    _p("unknown_key", "A key is not one the format knows."),
    # -- crossborder.py ---------------------------------------------------------------------
    _w(
        "crossborder_threshold_crossed",
        "The telework counted against a cross-border threshold reaches or passes its limit.",
        "already_crossed",
        "before",
        "counted",
        "domain",
        "employee",
        "inclusive",
        "kind",
        "limit",
        "limit_days",
        "share",
        "status",
        "threshold",
        "working_time",
        "year",
    ),
    _e("duplicate_threshold", "Two cross-border thresholds have the same id."),
    _e("invalid_countries", "A cross-border threshold names no country."),
    _e("invalid_country", "A country is not a two-letter ISO country code."),
    _e("invalid_limit", "A threshold's limit or share is out of its range."),
    _e(
        "missing_trip_country",
        "A business trip (an absence of a business-travel kind) has no country.",
        "absence_id",
        "employee",
    ),
    _e(
        "trip_country_conflict",
        "A business trip's absence has a country, and a different one is given for its id.",
        "absence_id",
        "country",
        "employee",
        "given",
    ),
    _e("unknown_threshold", "A threshold id is not in the table."),
    # -- workforce.py -----------------------------------------------------------------------
    _p("conflicting_booking_id", "A booking id names two different bookings."),
    _p("invalid_contract", "An employee's rows were skipped because their contract is invalid."),
    _e("no_period", "No reference period was given to compute balances for."),
    _p("reused_booking_id", "A booking id is used again after that booking was cancelled."),
    # -- io/agreement_file.py ---------------------------------------------------------------
    _p("invalid_encoding", "A file is not valid UTF-8 text."),
    _e(
        "range_too_long",
        "A range of days to list (closures, blackouts) holds more days than the limit (100 years).",
    ),
    _p("too_deep", "A file's tables or arrays nest deeper than the limit (32 levels)."),
    _e(
        "too_long", "A text (an identifier, a name, a line of JSON Lines) is longer than the limit."
    ),
    _e(
        "unknown_encoding",
        "An encoding option names no known encoding, or one that does not read ASCII as ASCII.",
    ),
    _p("missing_cells", "A CSV row has fewer cells than its header has columns (a cut row)."),
    _e("unknown_sample", "No sample agreement has this name."),
    _e("unreadable_file", "A file could not be opened or read."),
    # -- io/versions_file.py ------------------------------------------------------------------
    _p(
        "invalid_agreement", "An employee agreements file names an agreement that cannot be loaded."
    ),
    # -- io/csv.py --------------------------------------------------------------------------
    _p(
        "ambiguous_dates",
        "A file's dates read month first, or mix both orders: its date format must be given.",
    ),
    _e("unknown_date_format", "A date format option names none of the known date formats."),
    _p("conflicting_values", "Rows of the same employee give different values for one field."),
    _p("duplicate_column", "Two columns of a CSV header mean the same field."),
    _p(
        "first_state_after_hire",
        "An employee's first contract state starts after the hire date.",
    ),
    _p(
        "forfait_with_hours",
        "A contract state gives a forfait in days and a fraction or pattern that disagree with it.",
    ),
    _p("invalid_csv", "A file is not valid CSV."),
    _e("invalid_format", "An export format is not one of csv, json or jsonl."),
    _p("invalid_status", "A booking status is neither booked nor cancelled."),
    _p("invalid_timestamp", "A timestamp is not a date and time, or not written as one."),
    _p("missing_column", "A CSV file lacks a required column."),
    _p("missing_header", "A CSV file is empty, without the header naming its columns."),
    _p("naive_timestamp", "A timestamp has no UTC offset."),
    _p("split_rows", "The rows of one employee are not together in a file."),
    _p("too_many_cells", "A CSV row has more cells than the header has columns."),
    _e("unknown_format", "A CSV format name is not one of the known formats."),
    _e("unsorted_input", "A file is not sorted by employee."),
    # -- io/dataframe.py --------------------------------------------------------------------
    _p("inexact_amount", "A day amount read back from a frame is a float or a rounded value."),
    # -- io/xlsx.py -------------------------------------------------------------------------
    _p("invalid_xlsx", "A file named .xlsx is not a readable Excel workbook."),
    _p(
        "file_too_large",
        "A workbook would inflate to more than 1 GiB, or a TOML file is over 16 MiB.",
    ),
    # -- io/json.py -------------------------------------------------------------------------
    _p("inconsistent_value", "A value does not match the one computed from the other fields."),
    _p("invalid_schema_version", "A schema version is not a whole number from 1."),
    _p("entry_count_mismatch", "A ledger file announces another number of entries than it holds."),
    _p("ledger_truncated", "A ledger file ends before its trailer line: it was cut short."),
    _p("invalid_schema", "A data table declares a schema version this release cannot read."),
    _p(
        "invalid_range",
        "A date range in a file is not a table of a start and an end, or ends before it starts.",
    ),
    _e("not_a_report", "A value was given to report_data that has no report view."),
    _p("invalid_tag", "A tagged JSON value is malformed."),
    _e("not_serialisable", "A parameter value cannot be written as JSON."),
    _p("unknown_type", "A type tag names no teleaccord value."),
    _p(
        "unsupported_schema_version",
        "Data was written with a newer schema version than this teleaccord reads.",
    ),
    _p("wrong_type", "A type tag names another type than the one expected."),
    # -- io/ical.py -------------------------------------------------------------------------
    _e("invalid_hours", "Half-day hours are not a start and a later end."),
    _e("invalid_item", "An item to export is not an (employee, day, half) item."),
    _e("missing_dependency", "An optional package the feature needs is not installed."),
    # -- io/output.py -----------------------------------------------------------------------
    _e("output_folder_missing", "The folder of an output file does not exist.", "output"),
    _e("output_is_folder", "An output file names a folder.", "output"),
    _e("output_is_input", "An output file is also an input of the run.", "output"),
    # -- store/ -----------------------------------------------------------------------------
    _e("pseudonym_taken", "An erasure's pseudonym already names a ledger or records."),
    _e("events_lost", "A workflow record to save has fewer audit events than the one stored."),
    _e(
        "schema_too_new",
        "A store's database has a newer schema than this release knows.",
        "found",
        "known",
    ),
    _e("unknown_record", "No request or arrangement with this id is stored.", "record_id"),
    # -- cli.py -----------------------------------------------------------------------------
    _p("no_data_in_periods", "Every balance computed is 0: the data hold nothing for the periods."),
    _e("ambiguous_period", "A year holds several reference periods and none was named."),
    _e("conflicting_options", "Command-line options that exclude each other were given together."),
    _e(
        "jobs_need_files",
        "More than one job reads the inputs in parts: each must be a file, not a stream.",
        "file",
    ),
    _e("missing_agreement", "No agreement was given to a command that needs one."),
    _e("missing_file", "A file a command needs, or one that goes with another, was not given."),
    _e("missing_period", "No reference period or year was given to a command that needs one."),
    _e("missing_stamp", "The files do not say when they were recorded and no time was given."),
    _p("no_contract", "An employee has bookings but no contract."),
    _e(
        "unknown_holiday",
        "A holiday named is not a holiday of the year there.",
        "known",
        "names",
    ),
    _e("unknown_kind", "What a file holds cannot be told from its name."),
    # -- locale/ ----------------------------------------------------------------------------
    _e(
        "unknown_language",
        "A language is not one of the languages of the messages.",
        "lang",
        "languages",
    ),
    # -- the law (issue 15): crossborder, compliance, disconnect, prerequisites ---------------
    _e("duplicate_signatory", "A state is listed twice among an agreement's signatories."),
    _w(
        "compliance_clause_missing",
        "An agreement does not say something the law or the 2020 national agreement asks for.",
        "agreement",
        "article",
        "check",
        "source",
    ),
    _e("duplicate_requirement", "An attestation is required twice by the same charter."),
    _e("invalid_validity", "An attestation's validity is not a number of days of at least 1."),
    _e("unknown_clause", "A check named is not one of the compliance report's points."),
    _v(
        "prerequisite_missing",
        "An attestation the agreement requires before telework was never given.",
        "employee",
        "kind",
        "valid_days",
    ),
    _v(
        "prerequisite_expired",
        "An attestation the agreement requires before telework has expired.",
        "employee",
        "expired_on",
        "kind",
        "valid_days",
    ),
    _w(
        "prerequisite_expiry_warning",
        "Telework goes ahead although a required attestation is missing or expired.",
        "employee",
        "expired_on",
        "kind",
        "reason",
        "valid_days",
    ),
    _p(
        "events_out_of_order",
        "An activity event comes before the previous one of the same employee.",
    ),
)

CODES: Mapping[str, CodeInfo] = MappingProxyType(
    {i.code: i for i in sorted(_TABLE, key=lambda i: i.code)}
)
"""Every code, sorted, with what it means: a read-only mapping of code to :class:`CodeInfo`.

>>> from teleaccord import CODES
>>> len(CODES) == len(set(CODES)) and list(CODES) == sorted(CODES)
True
>>> CODES["holiday"].params
('holiday', 'holiday_fr')

:meta hide-value:
"""


def code_info(code: str) -> CodeInfo:
    """Return what ``code`` means.

    Args:
        code: a code carried by an error, a problem or a violation.

    Returns:
        Its :class:`CodeInfo`.

    Raises:
        KeyError: no such code; the message suggests close ones.

    >>> from teleaccord import code_info
    >>> code_info("holiday").kind
    'violation'
    >>> code_info("holyday")
    Traceback (most recent call last):
    ...
    KeyError: "unknown code 'holyday' (did you mean 'holiday'?); teleaccord.CODES lists every code."
    """
    try:
        return CODES[code]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(code), list(CODES), n=3)
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        msg = f"unknown code {code!r}{hint}; teleaccord.CODES lists every code."
        raise KeyError(msg) from None
