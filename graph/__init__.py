"""fankg: a fan-speculation knowledge graph built from entertainment news."""

__version__ = "0.1.0"
