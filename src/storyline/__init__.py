"""storyline: a self-hosted news-intelligence engine (German first, English second)."""

__version__ = "0.1.0"
