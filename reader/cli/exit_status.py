"""The exit statuses of the `reader` command (see `reader --help`). Bad usage
is 2: argparse prints the usage and exits with it itself."""

EXIT_OK = 0
#: A source or an operation failed (one `reader: WHAT: reason` line each).
EXIT_FAILED = 1
#: `reader search` found nothing (as grep: stdout empty, one line on stderr).
EXIT_NO_MATCH = 1
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 130
