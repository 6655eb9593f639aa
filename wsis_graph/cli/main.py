"""The ``wsis-graph`` command group, with every command registered on it.

Each family of commands lives in a module of its own, imported here at the top and added below:

========================  ==========================================================
module                    commands
========================  ==========================================================
:mod:`.build`             ``build``, ``validate``
:mod:`.query`             ``query``, ``queries``
:mod:`.data`              ``export``, ``stats``
:mod:`.serve`             ``serve``
:mod:`.gaps`              ``gaps``
:mod:`.map`               ``map``
:mod:`.report`            ``report``
:mod:`.roadmap`           ``roadmap`` (one Action Line's roadmap sheet)
:mod:`.proposals`         ``propose``, ``proposals list|withdraw``
:mod:`.diff`              ``diff``
:mod:`.records`           ``records load|generate``
:mod:`.texts`             ``texts import|list|reconcile|diff``
:mod:`.tag`               ``tag``
:mod:`.suggest`           ``suggest`` (``--queue``: into the review queue)
:mod:`.review`            ``review list|decide|undo``
:mod:`.review_exchange`   ``review export|import`` (SSSOM/TSV)
========================  ==========================================================

The options they share are in :mod:`wsis_graph.cli.options`; the one error style in
:mod:`wsis_graph.cli.errors`, applied to every command by :class:`CommandGroup`.
"""

from __future__ import annotations

import click

from wsis_graph import __version__
from wsis_graph.cli.build import build, validate
from wsis_graph.cli.data import export, stats
from wsis_graph.cli.diff import diff
from wsis_graph.cli.errors import reported
from wsis_graph.cli.gaps import gaps
from wsis_graph.cli.map import map_command
from wsis_graph.cli.proposals import proposals, propose
from wsis_graph.cli.query import list_queries, query
from wsis_graph.cli.records import records
from wsis_graph.cli.report import report
from wsis_graph.cli.review import review
from wsis_graph.cli.roadmap import roadmap_command
from wsis_graph.cli.serve import serve
from wsis_graph.cli.suggest import suggest_command
from wsis_graph.cli.tag import tag
from wsis_graph.cli.texts import texts


class CommandGroup(click.Group):
    """The command group: whatever reaches a command from below is an error line, not a traceback."""

    def invoke(self, ctx: click.Context):
        with reported():
            return super().invoke(ctx)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wsis-graph")
def main() -> None:
    """A knowledge graph of WSIS Action Lines, SDGs, the Global Digital Compact, their facilitators
    and human-rights instruments."""


for command in (build, validate, query, list_queries, export, stats, serve, gaps, map_command, report, roadmap_command, propose, proposals, diff, records, texts, tag, suggest_command, review):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
