"""Event-extraction microservice for news."""

__version__ = "0.1.0"
