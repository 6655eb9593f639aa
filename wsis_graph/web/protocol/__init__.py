"""The W3C protocols the endpoint speaks: SPARQL 1.1 Query and Update, the Graph Store Protocol,
content negotiation, RDF request bodies and the service description."""
