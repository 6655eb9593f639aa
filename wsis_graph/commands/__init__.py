"""`wsis-graph` subcommands that live in modules of their own (registered at the end of cli.py)."""
