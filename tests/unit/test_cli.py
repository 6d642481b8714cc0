"""`reader extract` and the command line's contract: JSON lines, exit codes,
one line on stderr per failed source, no escape sequences on stdout."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.demo.server import DemoServer

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
SEED = str(PAGES / "seed_like_id.html")
SEED_URL = json.loads((PAGES / "expected.json").read_text("utf-8"))["seed_like_id.html"]["url"]
SCHEMA = {
    "url", "title", "byline", "published", "site_name", "lang", "text", "markdown",
    "word_count", "warnings", "sections",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_schema_for_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", SEED, "--base-url", SEED_URL, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == SCHEMA
    assert data["url"] == SEED_URL
    assert data["title"].startswith("Dua Desa di Baruna")
    assert data["lang"] == "id"
    assert data["word_count"] > 150
    assert "Baca Juga" not in data["text"]


def test_several_sources_give_json_lines_in_order_and_failures_on_stderr(
    capsys: pytest.CaptureFixture[str], demo: DemoServer, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.html")
    code, out, err = run(
        capsys, "extract", demo.lead_url, missing, SEED, "javascript:alert(1)", "--format", "json"
    )
    assert code == 1
    lines = out.splitlines()
    assert [json.loads(line)["url"] for line in lines] == [demo.lead_url, Path(SEED).as_uri()]
    errors = err.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"reader: {missing}: ")
    assert "javascript" in errors[1]
    assert "Traceback" not in err


def test_text_and_markdown_formats(capsys: pytest.CaptureFixture[str], demo: DemoServer) -> None:
    code, text, _ = run(capsys, "extract", demo.lead_url)
    assert code == 0
    title, blank, *body = text.splitlines()
    assert title and blank == "" and body
    code, markdown, _ = run(capsys, "extract", demo.lead_url, "--format", "markdown")
    assert code == 0
    assert markdown.startswith(f"# {title}\n\n")


def test_several_text_articles_are_separated_by_a_form_feed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "extract", SEED, SEED)
    assert code == 0
    assert out.count("\f\n") == 1


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(Path(SEED).read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "extract", "-", "--base-url", SEED_URL, "--format", "json")
    assert code == 0
    assert json.loads(out)["url"] == SEED_URL


def test_hostile_page_prints_no_escape_sequences(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "markdown", "json"):
        code, out, _ = run(capsys, "extract", str(PAGES / "hostile.html"), "--format", fmt)
        assert code == 0
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["extract", SEED, "--format", "pdf"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["--measure", "7"])
    assert exc.value.code == 2
