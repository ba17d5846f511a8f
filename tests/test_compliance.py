"""The accord compliance check (issue 15): each point of L1222-9 II and of the national
agreement of 2020 present, missing or not applicable, with its article; through the API and
``teleaccord validate --compliance``."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from teleaccord import (
    CHECK_NAMES,
    Agreement,
    ApprovalClause,
    Charter,
    ComplianceStatus,
    Extra,
    InvalidValue,
    NotApplicable,
    Quota,
    TimeWindow,
    compliance_report,
    load_agreement,
)
from teleaccord.cli import main

LAW = [
    ("switching", "L1222-9 II 1°"),
    ("returning", "L1222-9 II 1°"),
    ("pollution", "L223-1"),
    ("acceptance", "L1222-9 II 2°"),
    ("workload", "L1222-9 II 3°"),
    ("contact", "L1222-9 II 4°"),
    ("disabled_workers", "L1222-9 II 5°"),
    ("pregnant_employees", "24 December 2021"),
    ("carers", "19 July 2023"),
    ("motivated_refusal", "L1222-9 I"),
    ("disconnection", "L2242-17"),
]
ANI = ["adaptation", "reversibility", "equipment", "costs"]

FULL = Charter(
    switching="art. 3: on request, after the manager's agreement",
    returning="art. 7: return on site on 15 days' notice",
    pollution="art. 4: telework offered during a pollution alert",
    acceptance="art. 5: an amendment to the contract signed by both",
    workload="art. 8: a yearly interview on workload",
    disabled_workers="art. 9: adapted workstation at home",
    pregnant_employees="art. 9: up to 100 % telework from the third month",
    carers="art. 9: priority for carers",
    equipment="art. 10: laptop and screen provided",
    costs="art. 11: 2.70 EUR a telework day",
    reversibility="art. 6: either side, one month's notice",
    contact_windows=[TimeWindow(days="Mo-Fr", start="09:30", end="16:30")],
    disconnection=[TimeWindow(days="Mo-Fr", start="20:00", end="08:00")],
)


def test_a_bare_agreement_misses_every_clause_but_reasoned_refusals() -> None:
    report = compliance_report(Agreement(name="bare"))
    assert [i.check for i in report.items] == [c for c, _ in LAW[:9]] + [
        "motivated_refusal",
        "disconnection",
        *ANI,
    ]
    assert {i.check for i in report.items} == set(CHECK_NAMES)
    statuses = {i.check: i.status for i in report.items}
    assert statuses["motivated_refusal"] is ComplianceStatus.PRESENT
    assert sum(s is ComplianceStatus.MISSING for s in statuses.values()) == 14
    assert not report.complete
    warnings = report.warnings()
    assert len(warnings) == 14
    assert {w.code for w in warnings} == {"compliance_clause_missing"}
    assert warnings[0].param("article") == "Code du travail, art. L1222-9 II 1°"


@pytest.mark.parametrize(("check", "article"), LAW)
def test_each_legal_point_cites_its_article(check: str, article: str) -> None:
    item = compliance_report(Agreement(name="x")).item(check)
    assert article in item.article
    assert item.source == "law"


@pytest.mark.parametrize("check", ANI)
def test_each_national_agreement_point_cites_it(check: str) -> None:
    item = compliance_report(Agreement(name="x")).item(check)
    assert "26 novembre 2020" in item.article
    assert item.source == "national-agreement"


def test_a_full_charter_settles_everything() -> None:
    report = compliance_report(Agreement(name="full", adaptation_period_days=60, charter=FULL))
    assert report.complete, report.describe()
    assert report.item("contact").evidence == "contact windows: Mo Tu We Th Fr 09:30-16:30"
    assert report.item("adaptation").evidence == "adaptation period of 60 days"
    assert "0 missing" in report.describe()


def test_rules_of_the_agreement_count_as_clauses() -> None:
    agreement = Agreement(
        name="rules",
        reversibility_notice_days=30,
        quotas=[Quota(window="period", maximum=100)],
        extras=[Extra(status="carer", days=10), Extra(status="disabled", days=5)],
    )
    report = compliance_report(agreement)
    assert report.item("returning").status is ComplianceStatus.PRESENT
    assert report.item("reversibility").evidence == "reversibility on 30 days' notice"
    assert report.item("carers").status is ComplianceStatus.PRESENT
    assert report.item("disabled_workers").status is ComplianceStatus.PRESENT
    assert report.item("pregnant_employees").status is ComplianceStatus.MISSING
    # an agreement that lets managers refuse without reasons misses the legal point
    silent = Agreement(name="silent", approval=ApprovalClause(reason_required_for_refusal=False))
    assert compliance_report(silent).item("motivated_refusal").status is ComplianceStatus.MISSING


def test_not_applicable_needs_a_known_point_and_keeps_its_reason() -> None:
    charter = Charter(not_applicable=[NotApplicable(check="pollution", reason="no alert area")])
    item = compliance_report(Agreement(name="x", charter=charter)).item("pollution")
    assert (item.status, item.reason) == (ComplianceStatus.NOT_APPLICABLE, "no alert area")
    # a clause given anyway is present, whatever the declaration
    both = Charter(pollution="art. 4", not_applicable=[{"check": "pollution"}])
    assert compliance_report(Agreement(name="x", charter=both)).item("pollution").status is (
        ComplianceStatus.PRESENT
    )
    with pytest.raises(InvalidValue) as caught:
        NotApplicable(check="holidays")
    assert caught.value.code == "unknown_clause"
    with pytest.raises(InvalidValue):
        compliance_report(Agreement(name="x")).item("nope")


ACCORD = """\
name = "Accord test"
adaptation_period_days = 90

[charter]
returning = "art. 7: return on site with 15 days' notice"
contact_windows = [{days = "Mo-Fr", start = "09:30", end = "12:00"}]
not_applicable = [{check = "pollution", reason = "no site in an alert area"}]
"""


def run(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    return code, out.getvalue()


def test_validate_compliance_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "accord.toml"
    path.write_text(ACCORD, encoding="utf-8")
    agreement = load_agreement(path)
    assert agreement.charter is not None
    assert agreement.charter.contact_windows[0].days == "Mo Tu We Th Fr"
    code, text = run(["validate", str(path)])
    assert code == 0
    assert "Compliance" not in text
    code, text = run(["validate", str(path), "--compliance"])
    assert code == 1
    assert (
        "[missing] conditions of switching to telework (Code du travail, art. L1222-9 II 1°)"
        in text
    )
    assert "[not-applicable]" in text
    code, text = run(["validate", str(path), "--compliance", "--format", "json"])
    data = json.loads(text)
    compliance = data["files"][0]["compliance"]
    assert compliance["complete"] is False
    by_check = {i["check"]: i for i in compliance["items"]}
    assert by_check["returning"]["status"] == "present"
    assert by_check["pollution"]["reason"] == "no site in an alert area"
    assert by_check["costs"]["status"] == "missing"


def test_an_agreement_file_round_trips_with_its_charter(tmp_path: Path) -> None:
    from teleaccord import agreement_from_dict, agreement_to_dict, dump_agreement

    agreement = Agreement(name="full", charter=FULL)
    assert agreement_from_dict(agreement_to_dict(agreement)) == agreement
    path = tmp_path / "a.toml"
    path.write_text(dump_agreement(agreement), encoding="utf-8")
    assert load_agreement(path) == agreement
    # without a charter, the file does not mention it
    assert "charter" not in dump_agreement(Agreement(name="plain"))


def test_the_report_in_french() -> None:
    report = compliance_report(Agreement(name="accord", charter=FULL))
    text = report.describe("fr")
    assert text.startswith("accord : 14 points traités sur 15, 1 absent.")
    assert "[présent] droit à la déconnexion (Code du travail, art. L2242-17 7°) : " in text
    assert "[absent] période d'adaptation" in text
    assert "Accord national interprofessionnel du 26 novembre 2020 :" in text
