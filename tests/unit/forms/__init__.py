"""Unit tests of the form definition language."""
