"""Event-extraction microservice for news."""

__version__ = "1.1.0"
