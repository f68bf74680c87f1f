"""HTTP blueprints: thin adapters between requests and the extraction core."""
