"""Event-extraction microservice for news."""

__version__ = "1.2.0"
