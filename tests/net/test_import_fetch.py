"""`reader bookmarks import FILE --fetch` against a loopback server: every
imported page saved within the per-host limit (counted on the server),
resumable after an interruption (only the rest is fetched the second time),
failures kept on their bookmarks, private addresses in a file never asked,
articles that came in the file stored with no network, and the command's
output lines and exit statuses (0, 1, 130 on Ctrl-C)."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.cli import main
from reader.core.errors import NotSaved
from reader.core.fetch.addresses import treat_as_public
from reader.core.paths import resolve_paths
from reader.core.records import SaveProgress
from reader.core.settings import SaveLimits, Settings
from reader.library import Library
from tests.net.conftest import FAST

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
HEAD = "title,url,time_added,tags,status\n"


def story(title: str) -> str:
    """A page with an article in it."""
    body = "".join(
        f"<p>Paragraph {i} of {title}: the lighthouse keeper wrote the weather in the "
        "ledger every evening, and the ledger outlived three keepers and one storm.</p>"
        for i in range(6)
    )
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


class Site:
    """Answers every /s/N with a story after `delay`, counting requests per
    path and the peak in flight per Host and overall."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.asked: Counter[str] = Counter()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.peak_all = 0
        self.on_request: list[object] = []

    def handler(self, request: Request) -> Response:
        host = request.host.split(":")[0]
        with self.lock:
            self.asked[request.path] += 1
            self.now[host] += 1
            self.peak[host] = max(self.peak[host], self.now[host])
            self.peak_all = max(self.peak_all, sum(self.now.values()))
            count = sum(self.asked.values())
        for hook in self.on_request:
            hook(count)  # type: ignore[operator]
        time.sleep(self.delay)
        with self.lock:
            self.now[host] -= 1
        return Response(story(f"Story {request.path}"), content_type="text/html")


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[Site]:
    """A slow-ish site on loopback, treated as public (an import's fetches are guarded)."""
    served = Site(0.05)
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    for n in range(40):
        httpserver.expect_request(f"/s/{n}").respond_with_handler(served.handler)
    with treat_as_public([("127.0.0.1", httpserver.port), ("::1", httpserver.port)]):
        yield served


def pocket(tmp_path: Path, urls: list[str], name: str = "pocket.csv") -> Path:
    """A Pocket CSV export of `urls`."""
    rows = "".join(
        f"Saved {n},{url},{1700000000 + n},imported,unread\n" for n, url in enumerate(urls)
    )
    path = tmp_path / name
    path.write_text(HEAD + rows)
    return path


def make_library(home: Path, per_host: int = 2, overall: int = 3, **kw: object) -> Library:
    settings = Settings(
        fetch=FAST, save=SaveLimits(max_pages=100, per_host=per_host, overall=overall)
    )
    return Library(settings, resolve_paths(home), **kw)  # type: ignore[arg-type]


async def test_fetch_saves_every_imported_page_within_the_limits(
    site: Site, httpserver: HTTPServer, tmp_path: Path
) -> None:
    port = httpserver.port
    urls = [f"http://127.0.0.1:{port}/s/{n}" for n in range(8)]
    urls += [f"http://localhost:{port}/s/{n}" for n in range(8, 16)]
    library = make_library(tmp_path / "home", per_host=2, overall=3)
    reports: list[SaveProgress] = []
    try:
        report = await library.import_bookmarks(
            pocket(tmp_path, urls), fetch=True, progress=reports.append
        )
        assert report.result.added == 16
        assert report.fetched is not None and len(report.fetched.saved) == 16
        assert not report.fetched.failed and report.still_to_save == 0
        assert site.peak["127.0.0.1"] <= 2 and site.peak["localhost"] <= 2
        assert site.peak_all <= 3
        assert site.peak_all >= 2  # requests did overlap (the server answers concurrently)
        assert [r.done for r in reports] == list(range(1, 17))
        listed = {b.url: b for b in library.bookmarks()}
        assert all(listed[url].saved for url in urls)
        assert listed[urls[0]].title == "Saved 0"  # the file's title stays
        assert report.lines()[-1] == "Every imported page is stored for offline reading."
        again = await library.import_bookmarks(pocket(tmp_path, urls), fetch=True)
        assert (again.result.added, again.fetched and len(again.fetched.saved)) == (0, 0)
        assert again.lines() == [
            "Imported 0 bookmarks from Pocket CSV (16 already there, 0 skipped)",
            "Every imported page is stored for offline reading.",
        ]
        assert set(site.asked.values()) == {1}  # nothing asked twice
    finally:
        await library.close()


async def test_an_interrupted_fetch_resumes_with_the_rest_only(
    site: Site, httpserver: HTTPServer, tmp_path: Path
) -> None:
    site.delay = 0.15
    urls = [httpserver.url_for(f"/s/{n}") for n in range(10)]
    path = pocket(tmp_path, urls)
    library = make_library(tmp_path / "home", per_host=1, overall=1)
    cancel = asyncio.Event()

    def stop_after_three(step: SaveProgress) -> None:
        if step.done == 3:
            cancel.set()  # as Ctrl-C does, three pages in

    try:
        first = await library.import_bookmarks(
            path, fetch=True, cancel=cancel, progress=stop_after_three
        )
        assert first.cancelled and first.fetched is not None and first.fetched.cancelled
        saved_first = len(first.fetched.saved)
        assert saved_first == 3
        assert first.still_to_save == 10 - saved_first
        assert "run the same import again to resume" in first.lines()[-1]
        asked_first = Counter(site.asked)
        second = await library.import_bookmarks(path, fetch=True)
        assert second.result.added == 0 and second.result.unchanged == 10
        assert second.fetched is not None
        assert len(second.fetched.saved) == 10 - saved_first
        assert second.still_to_save == 0
        # The pages stored by the first run were not asked again; the others once more.
        stored_first = {url.split(str(httpserver.port), 1)[1] for url, _ in first.fetched.saved}
        for path_of in (f"/s/{n}" for n in range(10)):
            again = site.asked[path_of] - asked_first[path_of]
            assert again == (0 if path_of in stored_first else 1)
        assert all(b.saved for b in library.bookmarks())
    finally:
        await library.close()


async def test_failures_are_kept_and_private_addresses_never_asked(
    site: Site, httpserver: HTTPServer, tmp_path: Path
) -> None:
    urls = [httpserver.url_for("/s/1"), httpserver.url_for("/missing"), "http://192.168.0.1/admin"]
    library = make_library(tmp_path / "home")
    try:
        report = await library.import_bookmarks(pocket(tmp_path, urls), fetch=True)
        assert report.fetched is not None and len(report.fetched.saved) == 1
        reasons = dict(
            zip((u for u, _ in report.fetched.failed), report.fetched.reasons, strict=True)
        )
        assert reasons[urls[2]] == "refused: a link to a private address"
        assert "404" in reasons[urls[1]]
        assert report.still_to_save == 2
        errors = {b.url: b.save_error for b in library.bookmarks()}
        assert errors[urls[2]] == "refused: a link to a private address"
        assert "404" in errors[urls[1]] and errors[urls[0]] == ""
        assert "2 failed" in report.lines()[1]
    finally:
        await library.close()


async def test_a_file_pointing_at_this_machine_makes_no_request(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # Not treated as public: the server is this machine, as written in the file.
    httpserver.expect_request("/s/1").respond_with_data(story("Local"), content_type="text/html")
    library = make_library(tmp_path / "home")
    try:
        report = await library.import_bookmarks(
            pocket(tmp_path, [httpserver.url_for("/s/1")]), fetch=True
        )
        assert report.fetched is not None and report.fetched.reasons == [
            "refused: a link to a private address"
        ]
        assert httpserver.log == []
        assert report.lines()[-1] == (
            "Pages on this machine or its network are fetched only when asked by name: "
            "`reader fetch URL`."
        )
    finally:
        await library.close()


def _zip_of(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "url", "words"),
    [
        ("wallabag.json", "https://example.com/cycling/against-the-wind", "river road"),
        ("omnivore.zip", "https://example.com/fiction/clockmaker", "dry gear complains"),
    ],
)
async def test_articles_in_the_file_are_stored_offline(
    tmp_path: Path, name: str, url: str, words: str
) -> None:
    source = tmp_path / name
    if name.endswith(".zip"):
        source.write_bytes(_zip_of(FIXTURES / "omnivore"))
    else:
        source.write_bytes((FIXTURES / name).read_bytes())
    library = make_library(tmp_path / "home", offline=True)
    try:
        report = await library.import_bookmarks(source)
        assert report.stored == 1 and not report.not_stored
        assert report.lines()[1] == "Stored 1 article that came in the file."
        stored = library.store.load_article(url)
        assert stored is not None and words in stored.article.text
        bookmark = library.bookmark(url)
        assert bookmark is not None and bookmark.saved and bookmark.words > 0
        again = await library.import_bookmarks(source)
        assert again.stored == 0 and len(again.lines()) == 1
        with pytest.raises(NotSaved):
            await library.import_bookmarks(source, fetch=True)  # offline: says so
    finally:
        await library.close()


# -- the command ----------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_imports_and_fetches(
    site: Site, httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    urls = [httpserver.url_for(f"/s/{n}") for n in range(3)] + [httpserver.url_for("/missing")]
    path = str(pocket(tmp_path, urls))
    code, out, err = run(capsys, "bookmarks", "import", path, "--fetch", "--home", home)
    assert code == 0
    assert out.splitlines() == [
        "Imported 4 bookmarks from Pocket CSV (0 already there, 0 skipped)",
        "Saved 3 pages for offline reading, 1 failed (the server answered 404 Not Found).",
        "1 page still to save; `reader bookmarks import FILE --fetch` again tries them.",
    ]
    assert f"reader: {urls[3]}: " in err  # the failure, on stderr
    assert f"4/4 saved localhost:{httpserver.port}/s/" in err  # progress: a line per page
    code, out, err = run(capsys, "bookmarks", "import", path, "--home", home)
    assert (code, out, err) == (
        0, "Imported 0 bookmarks from Pocket CSV (4 already there, 0 skipped)\n", ""
    )  # fmt: skip


def test_an_unusable_file_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    missing = tmp_path / "none.csv"
    columns = tmp_path / "columns.csv"
    columns.write_text("title,time_added,tags,status\nA,1,,unread\n")
    for path, reason in (
        (bad, "damaged or truncated zip archive"),
        (missing, "no such file"),
        (columns, "has no column 'url'"),
    ):
        code, out, err = run(capsys, "bookmarks", "import", str(path), "--home", home)
        assert (code, out) == (1, "")
        assert err.startswith(f"reader: {path}: ") and reason in err
        assert len(err.splitlines()) == 1


def test_ctrl_c_exits_130_and_running_again_resumes(
    site: Site, httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.delay = 0.2
    home = tmp_path / "home"
    config = resolve_paths(home).config_file
    config.parent.mkdir(parents=True)
    config.write_text("[save]\nper_host = 1\noverall = 1\n")  # one page at a time
    urls = [httpserver.url_for(f"/s/{n}") for n in range(20, 32)]
    path = str(pocket(tmp_path, urls))

    def interrupt(count: int) -> None:
        if count == 5:
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C would

    site.on_request.append(interrupt)
    code, out, _err = run(capsys, "bookmarks", "import", path, "--fetch", "--home", str(home))
    assert code == 130
    lines = out.splitlines()
    assert lines[0] == "Imported 12 bookmarks from Pocket CSV (0 already there, 0 skipped)"
    assert "still to save; run the same import again to resume" in lines[-2]
    assert lines[-1].startswith("Interrupted: run the same command again to resume")
    site.on_request.clear()
    first = Counter(site.asked)
    library = Library(paths=resolve_paths(home))
    saved = {b.url for b in library.bookmarks() if b.saved}
    asyncio.run(library.close())
    assert len(saved) < 12
    code, out, _err = run(capsys, "bookmarks", "import", path, "--fetch", "--home", str(home))
    assert code == 0
    assert (
        out.splitlines()[0] == "Imported 0 bookmarks from Pocket CSV (12 already there, 0 skipped)"
    )
    assert out.splitlines()[-1] == "Every imported page is stored for offline reading."
    for url in urls:  # the second run asked only for the pages not stored by the first
        path_of = url.split(str(httpserver.port), 1)[1]
        assert site.asked[path_of] - first[path_of] == (0 if url in saved else 1)


def test_a_zip_on_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = io.BytesIO(_zip_of(FIXTURES / "pocket_zip"))

    monkeypatch.setattr("sys.stdin", Stdin())
    code, out, err = run(capsys, "bookmarks", "import", "-", "--home", str(tmp_path / "home"))
    assert (code, err) == (0, "")
    assert out == "Imported 3 bookmarks from Pocket zip (1 already there, 0 skipped)\n"
