"""Chalice/Lambda shapes to and from service calls."""
