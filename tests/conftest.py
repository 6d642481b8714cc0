"""Every test runs with its own temporary home: nothing touches the user's library."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _temporary_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "reader-home"
    monkeypatch.setenv("READER_HOME", str(home))
    return home
