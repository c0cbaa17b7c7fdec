"""The document registry with one case's records as just read, so issuing does not read them twice."""

from __future__ import annotations

from typing import Any

from .ports import DocumentRegistry


class KnownRecords:
    """The registry, with one case's records as they were just read: no second read of them."""

    def __init__(
        self, registry: DocumentRegistry, case_id: str, records: list[dict[str, Any]]
    ) -> None:
        self._registry, self._case_id, self._records = registry, case_id, records

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        if case_id == self._case_id:
            return list(self._records)
        return self._registry.for_case(case_id)

    def reserve(
        self, reservation: dict[str, Any], series: str, stale_before: str
    ) -> dict[str, Any]:
        return self._registry.reserve(reservation, series, stale_before)

    def issue(self, record: dict[str, Any]) -> bool:
        return self._registry.issue(record)

    def mark_failed(self, record: dict[str, Any]) -> bool:
        return self._registry.mark_failed(record)

    def by_code(self, code: str) -> dict[str, Any] | None:
        return self._registry.by_code(code)
