"""In-memory staff directory for unit tests (the DynamoDB adapter passes the same contract)."""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.errors import BadRequestError
from chalicelib.services.staff_directory import StaffEntry


@dataclass
class FakeStaffDirectory:
    entries_by_id: dict[str, StaffEntry] = field(default_factory=dict)
    reads: int = 0  # how often the directory itself was asked (to see what a cache saves)

    def entry_for(self, user_id: str) -> StaffEntry | None:
        self.reads += 1
        return self.entries_by_id.get(user_id)

    def by_login(self, login: str) -> StaffEntry | None:
        wanted = login.strip().lower()
        return next((e for e in self.entries_by_id.values() if e.login == wanted), None)

    def put(self, entry: StaffEntry) -> None:
        holder = self.by_login(entry.login)
        if holder is not None and holder.user_id != entry.user_id:
            raise BadRequestError(f"登录名 {entry.login} 已属于另一名工作人员（{holder.name}）")
        self.entries_by_id[entry.user_id] = entry

    def entries(self) -> list[StaffEntry]:
        return sorted(self.entries_by_id.values(), key=lambda e: (e.jurisdiction, e.login))
