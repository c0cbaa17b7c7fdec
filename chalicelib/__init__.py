"""Tongban: cross-province government services (跨省通办) pipeline."""
