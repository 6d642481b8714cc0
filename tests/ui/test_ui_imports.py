"""Import hygiene of the app (as harlequin checks its own): starting the UI
loads neither the network stack, the database, the extractor nor the
screens, dialogs and helpers that are first needed later. Each of these
costs start-up time that a user waits through before the first paint."""

from __future__ import annotations

import subprocess
import sys

#: Loaded when first used, never by `import reader.ui.app`.
LATER = (
    "httpx",
    "sqlite3",
    "lxml",
    "readability",
    "tomlkit",
    "reader.library",
    "reader.store",
    "reader.core.fetch",
    "reader.core.extract",
    "reader.ui.commands",
    "reader.ui.keys",
    "reader.ui.openers",
    "reader.ui.saving",
    "reader.ui.screens.bookmarks",
    "reader.ui.screens.bookmark_dialog",
    "reader.ui.screens.confirm",
    "reader.ui.screens.error",
    "reader.ui.screens.help",
    "reader.ui.screens.open_url",
    "reader.ui.screens.save_report",
    "reader.ui.screens.search",
    "reader.ui.screens.start",
    "reader.ui.screens.visits",
    "reader.ui.widgets.find_bar",
    "reader.ui.widgets.link_hints",
    "reader.ui.widgets.save_panel",
)


def test_importing_the_app_loads_only_what_the_first_screen_needs() -> None:
    script = f"import sys, reader.ui.app\nprint(sorted(m for m in {LATER!r} if m in sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
