"""Hypothesis profiles: ``ci`` (what CI runs), ``dev`` (the default locally), ``thorough``.

Pick one with ``HYPOTHESIS_PROFILE=thorough python -m pytest``; CI (``CI`` set) uses ``ci``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=1000, stateful_step_count=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Code checked by mypy (tests/test_typing.py), not a test module.
collect_ignore = ["typing"]

# Messages for people follow the locale (teleaccord --lang's default): the tests read English
# unless they ask for French, whatever the machine's locale.
for _variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
    os.environ[_variable] = "C.UTF-8"
