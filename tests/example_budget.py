"""How many examples a property test draws: its full count in `make test`, a tenth of it in the fast tier.

The loaded Hypothesis profile says which: its `max_examples` over Hypothesis's own default (100) is the share a test's
explicit count is scaled by. `tests/conftest.py` registers the profiles: `portal` (the full run, today's counts) and
`fast` (`make fast`, `--hypothesis-profile=fast`: max_examples 10). Counts are set with `examples(n)`, never bare, so
that one knob scales every property test alike.
"""

from __future__ import annotations

from hypothesis import settings

__all__ = ["examples"]

_HYPOTHESIS_DEFAULT = 100
_FLOOR = 5


def examples(full: int) -> int:
    """`full` under the full profile; scaled down (to no fewer than 5, nor more than `full`) under a smaller one."""
    share = settings.default.max_examples / _HYPOTHESIS_DEFAULT
    return min(full, max(_FLOOR, round(full * share)))
