"""`python -m reader.demo`: serve the demo news site in the foreground.

Prints the addresses and serves until ctrl+c. Useful for looking at the site
in a browser, or for pointing `reader URL` at it from another terminal.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from reader.demo.server import DemoServer


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo server until interrupted; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m reader.demo",
        description="Serve the bundled sample news site on 127.0.0.1 (no network needed).",
    )
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    args = parser.parse_args(argv)
    try:
        server = DemoServer(port=args.port).start()
    except OSError as exc:
        print(f"python -m reader.demo: cannot listen on port {args.port}: {exc}", file=sys.stderr)
        return 1
    try:
        print(f"Demo site:  {server.url('/')}")
        print(f"Lead story: {server.lead_url}")
        print("Press ctrl+c to stop.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print()
        return 130
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
