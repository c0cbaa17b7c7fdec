"""Every packaged function's handler string names something Lambda can find on the module."""

from __future__ import annotations

import importlib

import app as application


def test_every_queue_consumer_and_schedule_handler_is_an_attribute_of_its_module() -> None:
    sources = application.app.event_sources
    assert any(s.handler_string.startswith("app.route_cases_") for s in sources)
    for source in sources:
        module_name, _, attribute = source.handler_string.rpartition(".")
        handler = getattr(importlib.import_module(module_name), attribute, None)
        assert callable(handler), source.handler_string


def test_the_authorizer_handler_is_an_attribute_of_the_app_module() -> None:
    for authorizer in application.app.builtin_auth_handlers:
        module_name, _, attribute = authorizer.handler_string.rpartition(".")
        assert callable(getattr(importlib.import_module(module_name), attribute, None))
