"""verify's views, one module per feature, each with its JSON blueprint (documented in
/openapi.json) and, where a person reads the answer, its page blueprint. A view reads the
request, calls a query, and answers; ``create_app`` registers every blueprint."""
