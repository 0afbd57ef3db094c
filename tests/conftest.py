"""Fixtures shared by the unit tests and the browser tests."""

from __future__ import annotations

import pytest

from tests.package_build import Built, build_and_install


@pytest.fixture(scope="session")
def built_package(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Wheel, sdist and a fresh venv with the wheel, built from a clean copy (slow, ~1 min)."""
    return build_and_install(tmp_path_factory.mktemp("package"))
