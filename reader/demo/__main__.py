"""`python -m reader.demo`: serve the demo news site in the foreground.

Prints the addresses and serves until ctrl+c, on the demo's own port (the one
`reader --demo` uses) unless `--port` says otherwise. Useful for looking at
the site in a browser, or for pointing `reader URL` or `reader sources add`
at it from another terminal. `python -m reader.demo publish [--lang id|en]`
publishes the next story on the wire to a demo server running on that port.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

from reader.demo.catalogue import SITES
from reader.demo.server import DEMO_PORT, PORT_TRIES, PUBLISH_PATH, DemoServer


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo server until interrupted, or publish a story; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m reader.demo",
        description="Serve the bundled sample news site on 127.0.0.1 (no network needed).",
    )
    parser.add_argument("action", nargs="?", choices=("serve", "publish"), default="serve")
    parser.add_argument(
        "--port", type=int, default=None, help=f"TCP port (default {DEMO_PORT}; 0: a free one)"
    )
    parser.add_argument("--lang", choices=sorted(SITES), default="en", help="publish: outlet")
    parser.add_argument("--title", default=None, help="publish: a title of your own")
    args = parser.parse_args(argv)
    if args.action == "publish":
        return _publish(args.port or DEMO_PORT, args.lang, args.title)
    server = DemoServer.stable() if args.port is None else DemoServer(port=args.port)
    try:
        server.start()
    except OSError as exc:
        print(f"python -m reader.demo: cannot listen: {exc}", file=sys.stderr)
        return 1
    try:
        print(f"Demo site:  {server.url('/')}")
        print(f"Lead story: {server.lead_url}")
        for site in SITES.values():
            print(f"Feeds:      {server.url(site.rss_path)}  {server.url(site.atom_path)}")
        print(f"Publish:    {server.url(PUBLISH_PATH)}?lang=en")
        print("Press ctrl+c to stop.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print()
        return 130
    finally:
        server.stop()
    return 0


def _publish(port: int, lang: str, title: str | None) -> int:
    """Ask the demo server on `port` (or one of the next few) to publish a story."""
    form = {"lang": lang} | ({"title": title} if title else {})
    data = urllib.parse.urlencode(form).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    for candidate in range(port, port + PORT_TRIES):
        url = f"http://127.0.0.1:{candidate}{PUBLISH_PATH}"
        try:
            with opener.open(url, data=data, timeout=5) as answer:
                print(json.loads(answer.read())["url"])
                return 0
        except urllib.error.HTTPError as exc:
            print(f"python -m reader.demo: {exc.read().decode(errors='replace')}", file=sys.stderr)
            return 1
        except (OSError, ValueError, KeyError):
            continue
    print(f"python -m reader.demo: no demo server answers on port {port}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
