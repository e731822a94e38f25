"""The fault suite runs the real bot process against the stand-in, as the end-to-end tests do, with a
process of its own per test (it is killed, restarted, starved of its database)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import own_bot, own_standin  # noqa: F401 - the fixtures, shared

pytestmark = pytest.mark.e2e
