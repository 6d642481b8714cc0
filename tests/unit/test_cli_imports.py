"""Import hygiene of the command line: `reader [SOURCE]` and `reader --help`
load the entry point without the subcommands' modules, their parsers, the
library, the network or the UI; a subcommand loads only what it runs."""

from __future__ import annotations

import subprocess
import sys

#: Never imported by `import reader.cli` (the app path imports the library
#: and the UI itself, after garbage collection is held off).
_NOT_AT_IMPORT = (
    "reader.cli.bookmarks",
    "reader.cli.cache",
    "reader.cli.command_parsers",
    "reader.cli.extract",
    "reader.cli.fetch",
    "reader.cli.library_commands",
    "reader.cli.output",
    "reader.cli.progress",
    "reader.cli.search",
    "reader.library",
    "reader.store",
    "httpx",
    "textual",
    "rich",
    "asyncio",
)


def _loaded(script: str) -> set[str]:
    """The names of `_NOT_AT_IMPORT` that are in sys.modules after `script`."""
    script += f"\nprint(' '.join(sorted(set({_NOT_AT_IMPORT!r}) & set(sys.modules))))\n"
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_importing_the_entry_point_loads_no_subcommand() -> None:
    assert _loaded("import reader.cli") == set()


def test_help_loads_no_subcommand() -> None:
    script = (
        "import contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    assert _loaded(script) == set()


def test_extract_does_not_load_the_library_commands() -> None:
    script = (
        "import contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['extract', '--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    loaded = _loaded(script)
    assert "reader.cli.command_parsers" in loaded and "reader.cli.extract" in loaded
    assert not loaded & {"reader.cli.library_commands", "reader.cli.bookmarks", "textual"}
