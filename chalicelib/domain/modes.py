"""The handling modes of 跨省通办 (seed §二) and their Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class HandlingMode(StrEnum):
    """How a case crosses jurisdictions; the value is the stable machine code."""

    ONLINE = "online"
    PROXY = "proxy"
    JOINT_LOCAL = "joint_local"
    JOINT_REMOTE = "joint_remote"

    @property
    def label_zh(self) -> str:
        return _LABELS[self]

    @property
    def needs_counter(self) -> bool:
        """Every mode but 全程网办 starts at a 跨省通办 counter."""
        return self is not HandlingMode.ONLINE


_LABELS = {
    HandlingMode.ONLINE: "全程网办",
    HandlingMode.PROXY: "异地代收代办",
    HandlingMode.JOINT_LOCAL: "多地联办（异地受理，本地办理）",
    HandlingMode.JOINT_REMOTE: "多地联办（异地受理，异地办理）",
}
