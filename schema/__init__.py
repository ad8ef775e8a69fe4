"""The GraphQL schema: typed Tag, Stack, Package and Spec nodes over the read API."""
