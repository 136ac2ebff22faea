"""storylens: one story, many sources - which are copies, what is corroborated, what is contested."""

__version__ = "0.1.0"
