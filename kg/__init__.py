"""A knowledge graph of Viet Nam's foreign affairs, built from the news."""

__version__ = "0.1.0"
