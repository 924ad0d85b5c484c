"""A bounded fuzz run in every `make test` (the long one is `make fuzz`): random bytes and
random mutations of the example content are refused with French lines or rendered, never a
traceback, never accepted and then crashing, never slow, never growing in memory."""

from __future__ import annotations

from pathlib import Path

from tests.fuzz import MUTATIONS, run


def test_mutated_inputs_are_refused_clearly_or_rendered(tmp_path: Path) -> None:
    outcome = run(inputs=120, seconds=None, seed=20261130, failures_dir=tmp_path)

    assert outcome.failures == [], "\n\n".join(outcome.failures[:3])
    assert outcome.inputs == 120
    # Both outcomes are exercised: mutations the validator refuses, and ones it accepts
    # (which must then render); every kind of mutation was tried.
    assert outcome.refused > 40 and outcome.rendered > 10
    assert set(outcome.kinds) == set(MUTATIONS)
