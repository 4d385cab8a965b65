"""The demo tests compare the stored world with the generator's, so they start from a pristine load:
API tests earlier in the session write into the shared demo world."""

from __future__ import annotations

import pytest

from tests.conftest import invalidate_demo_world


@pytest.fixture(scope="module", autouse=True)
def _pristine_demo_world() -> None:
    invalidate_demo_world()
