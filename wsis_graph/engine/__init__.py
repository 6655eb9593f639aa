"""The query engine behind the endpoint, without flask: worker processes that run queries
(:mod:`~wsis_graph.engine.query_worker`) and changes (:mod:`~wsis_graph.engine.change_worker`)
under a time limit, the executor that hands queries to them
(:mod:`~wsis_graph.engine.executor`; queries on a remote store go through
:mod:`~wsis_graph.engine.remote_runner`), the one message protocol they speak
(:mod:`~wsis_graph.engine.messages`), the result formats, and the one type for a problem that
reaches a user (:mod:`~wsis_graph.problems`)."""
