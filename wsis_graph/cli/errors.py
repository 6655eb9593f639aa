"""The command line's one error style: a line ``error: …`` on stderr and an exit status.

Every command reports what went wrong the same way: :func:`fail` (or :func:`bad_option` for a
value of an option) raises :class:`CommandFailure`, which click prints as one line on stderr,
``error: MESSAGE``, before it exits with the status. The statuses:

* 2: the user's mistake: a bad option or argument, a name that names nothing, bad input;
* 1: a failure: the store could not be used or could not answer, the data was refused, a file
  could not be written.

:func:`reported` maps the exceptions that may reach a command from below, once for every command
(the command group wraps each command in it): a :class:`~wsis_graph.problems.Problem`
exits with its own :attr:`~wsis_graph.problems.Problem.exit_status`, a store that fails in
the middle of a command with 1. The parser's own usage errors (an unknown option, a value that is
not among the choices) keep click's form: the usage, then ``Error: …``, exit status 2.

The prefix is ``error:`` in lower case, as the command line has always printed it (scripts and
tests look for it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, NoReturn

import click

from wsis_graph.problems import Problem
from wsis_graph.store import QueryError, StoreError

#: The exit status for the user's mistakes (bad input) and for failures.
USAGE, FAILURE = 2, 1


class CommandFailure(click.ClickException):
    """A command's error: one line ``error: message`` on stderr, and the exit status ``exit_code``."""

    def __init__(self, message: str, status: int = FAILURE) -> None:
        super().__init__(message)
        self.exit_code = status

    def show(self, file: IO | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def fail(message: str, status: int = FAILURE) -> NoReturn:
    """Stop the command with ``error: message`` on stderr and exit status ``status``.

    Args:
        status: 2 (:data:`USAGE`) for the user's mistake, 1 (:data:`FAILURE`) for a failure.
    """
    raise CommandFailure(message, status)


def bad_option(option: str | None, message: str) -> NoReturn:
    """Stop the command because the value of ``option`` (``--gdc``) is no good: exit status 2."""
    fail(f"invalid value for {option}: {message}" if option else message, USAGE)


@contextmanager
def store_answers() -> Iterator[None]:
    """Turn a store that fails or refuses a query within the block into ``the store could not answer``."""
    try:
        yield
    except (StoreError, QueryError) as exc:
        raise CommandFailure(f"the store could not answer: {exc}") from None


@contextmanager
def reported() -> Iterator[None]:
    """Map the exceptions that reach a command from below to the error line, once for all commands.

    A store failing in the middle of a command is ``the store failed: …`` (exit 1); any other
    :class:`~wsis_graph.problems.Problem` is its message, with its exit status.
    """
    try:
        yield
    except StoreError as exc:
        raise CommandFailure(f"the store failed: {exc}") from None
    except Problem as problem:
        raise CommandFailure(problem.message, problem.exit_status) from None


__all__ = ["FAILURE", "USAGE", "CommandFailure", "bad_option", "fail", "reported", "store_answers"]
