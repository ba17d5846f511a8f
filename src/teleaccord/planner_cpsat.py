"""The CP-SAT model of a telework plan (the optional extra ``planner``: OR-Tools).

:func:`solve` turns a :class:`~teleaccord.planner.PlanInstance` into a CP-SAT model: one
boolean per candidate (employee, day), each hard rule a linear cap
(:class:`~teleaccord.planner.Cap`), the weekly wish points as bounded integers, the lowest
satisfaction (thousandths) as one integer below each person's share, and the objective of
:meth:`PlanInstance.objective <teleaccord.planner.PlanInstance.objective>`. It runs with one
worker, a fixed seed and a *deterministic* time budget, so the same instance gives the same
plan on any machine; the greedy plan is its hint. OR-Tools is imported only when a model is
solved; without it, :func:`require_ortools` raises an error naming the extra
(``pip install 'teleaccord[planner]'``).

Callers use :func:`teleaccord.planner.plan_telework`: it checks the plan with the library's own
rules and keeps the greedy plan when it is as good.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

import attrs

from teleaccord.planner import POINTS_SCALE, Cell, PlanInstance, missing_planner_extra

__all__ = ["SolverResult", "require_ortools", "solve"]


def require_ortools() -> Any:
    """The ``ortools.sat.python.cp_model`` module, or the ``missing_dependency`` error."""
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    except ImportError:
        raise missing_planner_extra() from None


@attrs.frozen
class SolverResult:
    """What CP-SAT found: the planned cells (``None`` when it found none), its status name,
    whether it proved the plan optimal, and its objective value."""

    cells: frozenset[Cell] | None
    status: str
    optimal: bool
    objective: int | None


def solve(
    instance: PlanInstance,
    *,
    hint: Iterable[Cell] = (),
    time_limit: float = 10.0,
    seed: int = 0,
) -> SolverResult:
    """Solve ``instance`` with CP-SAT (one worker, ``seed``, ``time_limit`` in deterministic
    time), starting from ``hint``."""
    cp_model = require_ortools()
    model = cp_model.CpModel()
    x = {cell: model.NewBoolVar(f"x_{cell[0]}_{cell[1]}") for cell in instance.cells}
    for cap in instance.caps:
        model.Add(sum(x[c] for c in cap.cells if c in x) <= cap.limit)
    total: list[Any] = []
    lowest = model.NewIntVar(0, 1000, "lowest")
    anyone = False
    for p in instance.people:
        wish = instance.wishes.get(p)
        weight = wish.weight if wish is not None else 0
        terms: list[Any] = []
        for n, goal in enumerate(instance.goals.get(p, ())):
            days = model.NewIntVar(0, goal.target, f"days_{p}_{n}")
            model.Add(days <= goal.existing + sum(x[(p, d)] for d in goal.days))
            liked = model.NewIntVar(0, goal.target, f"liked_{p}_{n}")
            model.Add(liked <= goal.existing_preferred + sum(x[(p, d)] for d in goal.preferred))
            terms.extend([2 * days, liked])
        points = sum(terms)
        total.append(POINTS_SCALE * weight * points)
        wished = instance.wished(p)
        if wished:
            anyone = True
            model.Add(wished * lowest <= 1000 * points)
    if not anyone:
        model.Add(lowest == 0)
    previous = instance.previous & set(instance.cells)
    changes = sum((1 - x[c]) if c in previous else x[c] for c in instance.cells)
    model.Maximize(
        sum(total)
        + instance.fairness_weight * lowest
        - sum(x.values())
        - instance.stability_weight * changes
    )
    for cell in sorted(set(hint)):
        if cell in x:
            model.AddHint(x[cell], 1)
    chosen = set(hint)
    for cell, var in sorted(x.items()):
        if cell not in chosen:
            model.AddHint(var, 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = time_limit
    code = solver.Solve(model)
    name = solver.StatusName(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolverResult(None, name.lower(), False, None)
    cells = frozenset(c for c, var in x.items() if solver.BooleanValue(var))
    return SolverResult(
        cells, name.lower(), code == cp_model.OPTIMAL, round(solver.ObjectiveValue())
    )
