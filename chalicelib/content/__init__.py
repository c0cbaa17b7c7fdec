"""Bundled content on disk: catalog, forms, templates."""
