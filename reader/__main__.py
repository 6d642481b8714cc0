"""`python -m reader` runs the same entry point as the `reader` command."""

from reader.cli import main

if __name__ == "__main__":  # not when a worker process imports it
    raise SystemExit(main())
