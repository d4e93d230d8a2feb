"""Readers: one per input kind, each turning a file's bytes into a `Document` (see readers.py)."""
