"""Case statuses and actions: the shared vocabulary of the workflow (Chinese labels included)."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Where a case stands; values are stable machine codes stored in DynamoDB."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PRE_REVIEW = "pre_review"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    UNDER_REVIEW = "under_review"
    SUSPENDED = "suspended"
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"
    VOIDED = "voided"
    SUPPLEMENT_EXPIRED = "supplement_expired"
    # 已受理待补办 (Epoint): the home department asks, during review, for a material the applicant brings.
    AWAITING_REVIEW_SUPPLEMENT = "awaiting_review_supplement"

    @property
    def label_zh(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATUSES


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.DRAFT: "草稿",
    CaseStatus.SUBMITTED: "已提交（收件）",
    CaseStatus.PRE_REVIEW: "预审中",
    CaseStatus.SUPPLEMENT_REQUESTED: "待补正",
    CaseStatus.REFUSED: "不予受理",
    CaseStatus.ACCEPTED: "已受理",
    CaseStatus.UNDER_REVIEW: "审查中",
    CaseStatus.SUSPENDED: "特别程序（挂起）",
    CaseStatus.APPROVED: "准予许可",
    CaseStatus.DENIED: "不予许可",
    CaseStatus.COMPLETED: "已办结",
    CaseStatus.DELIVERED: "已送达",
    CaseStatus.WITHDRAWN: "已撤回",
    CaseStatus.VOIDED: "已作废",
    CaseStatus.SUPPLEMENT_EXPIRED: "补正超时终止",
    CaseStatus.AWAITING_REVIEW_SUPPLEMENT: "已受理待补办",
}

TERMINAL_STATUSES = frozenset(
    {
        CaseStatus.REFUSED,
        CaseStatus.DELIVERED,
        CaseStatus.WITHDRAWN,
        CaseStatus.VOIDED,
        CaseStatus.SUPPLEMENT_EXPIRED,
    }
)


class Action(StrEnum):
    """Something a person or the system does to a case; each is a row key of the transition table."""

    CREATE = "create"
    ATTACH_MATERIAL = "attach_material"
    SAVE_ANSWERS = "save_answers"
    DETACH_MATERIAL = "detach_material"
    ARRANGE_MATERIALS = "arrange_materials"
    SUBMIT = "submit"
    RECEIVE_AT_HOME = "receive_at_home"
    START_PRE_REVIEW = "start_pre_review"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT = "supplement"
    EXPIRE_SUPPLEMENT = "expire_supplement"
    REFUSE = "refuse"
    ACCEPT = "accept"
    START_REVIEW = "start_review"
    SUSPEND = "suspend"
    RESUME = "resume"
    APPROVE = "approve"
    DENY = "deny"
    COMPLETE = "complete"
    DELIVER = "deliver"
    WITHDRAW = "withdraw"
    VOID = "void"
    SEND_MATERIALS = "send_materials"
    CONFIRM_MATERIALS = "confirm_materials"
    SEND_RESULT = "send_result"
    CONFIRM_RESULT = "confirm_result"
    EXTEND = "extend"
    RECORD_VIDEO_GUIDANCE = "record_video_guidance"
    # 认领 (issue 11): who in the home department works the case; the status does not change.
    CLAIM = "claim"
    RELEASE_CLAIM = "release_claim"
    TAKE_OVER_CLAIM = "take_over_claim"
    # 补正 after acceptance (已受理待补办): the home department asks, the receiving side supplies.
    REQUEST_REVIEW_SUPPLEMENT = "request_review_supplement"
    SUPPLY_FOR_REVIEW = "supply_for_review"

    @property
    def label_zh(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.CREATE: "填写申请",
    Action.ATTACH_MATERIAL: "上传材料",
    Action.SAVE_ANSWERS: "保存草稿",
    Action.DETACH_MATERIAL: "删除材料",
    Action.ARRANGE_MATERIALS: "整理材料",
    Action.SUBMIT: "提交申请",
    Action.RECEIVE_AT_HOME: "业务属地接收",
    Action.START_PRE_REVIEW: "开始预审",
    Action.REQUEST_SUPPLEMENT: "一次性告知补正",
    Action.SUPPLEMENT: "补正材料",
    Action.EXPIRE_SUPPLEMENT: "补正超时终止",
    Action.REFUSE: "不予受理",
    Action.ACCEPT: "受理",
    Action.START_REVIEW: "开始审查",
    Action.SUSPEND: "启动特别程序",
    Action.RESUME: "特别程序结束",
    Action.APPROVE: "准予许可",
    Action.DENY: "不予许可",
    Action.COMPLETE: "办结",
    Action.DELIVER: "送达",
    Action.WITHDRAW: "撤回申请",
    Action.VOID: "作废",
    Action.SEND_MATERIALS: "寄递/推送申请材料",
    Action.CONFIRM_MATERIALS: "属地签收申请材料",
    Action.SEND_RESULT: "反馈办理结果",
    Action.CONFIRM_RESULT: "受理地签收办理结果",
    Action.EXTEND: "延长办理期限",
    Action.RECORD_VIDEO_GUIDANCE: "视频连线指导",
    Action.CLAIM: "认领办件",
    Action.RELEASE_CLAIM: "释放认领",
    Action.TAKE_OVER_CLAIM: "负责人接管",
    Action.REQUEST_REVIEW_SUPPLEMENT: "审查中一次性告知补办",
    Action.SUPPLY_FOR_REVIEW: "补办材料",
}
