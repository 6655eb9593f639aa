"""The query engine behind the endpoint, without flask: worker processes that run queries and
changes under a time limit, the executor that hands jobs to them, and the result formats."""
