"""One showing of a case's full personal data to a member of staff, as recorded for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalDataView:
    """One showing of a case's full personal data to a member of staff: who, when, which case, why."""

    case_id: str
    case_number: str
    viewer_user_id: str
    viewer_name: str
    viewer_role: str
    viewer_jurisdiction: str
    purpose: str
    at: str
    # The jurisdictions whose supervisors see this record: the case's two sides and the viewer's own.
    jurisdictions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "case_number": self.case_number,
            "viewer": {
                "user_id": self.viewer_user_id,
                "name": self.viewer_name,
                "role": self.viewer_role,
                "jurisdiction": self.viewer_jurisdiction,
            },
            "purpose": self.purpose,
            "at": self.at,
        }
