"""The exit statuses of the `reader` command (see `reader --help`)."""

EXIT_OK = 0
#: A source or an operation failed (one `reader: WHAT: reason` line each).
EXIT_FAILED = 1
#: Bad usage: argparse prints the usage and exits with this status itself.
EXIT_USAGE = 2
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 130
