"""In-memory fake of the personal-data access log (kept apart from fakes.py: one file per concern)."""

from __future__ import annotations

from chalicelib.domain.data_views import PersonalDataView


class FakePersonalDataAccessLog:
    def __init__(self) -> None:
        self.views: list[PersonalDataView] = []

    def record(self, view: PersonalDataView) -> None:
        self.views.append(view)

    def for_jurisdiction(self, code: str, since: str, limit: int) -> list[PersonalDataView]:
        listed = [v for v in self.views if code in v.jurisdictions and (not since or v.at >= since)]
        listed.sort(key=lambda v: (v.at, v.case_id, v.viewer_user_id), reverse=True)
        return listed[:limit]
