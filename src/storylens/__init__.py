"""storylens: one story, many sources - copies, corroboration, contest."""

__version__ = "0.1.0"
