"""The headless core of reader: no Textual, and no spaCy at import time."""
