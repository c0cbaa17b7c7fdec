"""Bytes in, bytes out: Jinja2, PDF and image work."""
