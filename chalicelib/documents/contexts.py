"""The context keys every document expects (one place, documented), and sample contexts for tests and benches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.domain.document_kinds import DOCUMENT_KINDS as KINDS
from chalicelib.domain.document_kinds import RENDERED_KINDS

# Keys every document receives. Dates are ISO strings (YYYY-MM-DD); layouts print them with
# `| date_cn`. `verify_url` and `verification_code` are added by render_document itself.
COMMON_KEYS: dict[str, str] = {
    "document_number": "文书编号，如 平审服受〔2025〕第000123号",
    "case_number": "办件编号（申办流水号）",
    "item_name": "事项名称",
    "mode": "办理模式代码：online / proxy / joint_local / joint_remote",
    "applicant_name": "申请人姓名或名称",
    "applicant_id_type": "证件类型，如 居民身份证",
    "applicant_id_number": "证件号码",
    "applicant_phone": "申请人联系电话",
    "agent_name": "代理人/代办人姓名，无则为空字符串",
    "receiving_jurisdiction": "收件地（受理窗口所在地）",
    "home_jurisdiction": "办理地（属地审批部门所在地）",
    "unit_name": "出具文书的单位全称（与印章一致）",
    "window_name": "受理窗口名称",
    "staff_name": "经办人/受理人姓名",
    "staff_phone": "经办人联系电话",
    "received_date": "收件日期",
    "issued_date": "文书出具日期",
}

# Only documents handed to the applicant carry it: a slip between offices must not (it opens the case).
QUERY_CODE = {"query_code": "查询密码（与办件编号一起查询进度）"}

MATERIAL_KEYS = (
    "materials: [{name, form: original|copy|original_and_copy, copies, medium: paper|electronic}]"
)

KIND_KEYS: dict[str, dict[str, str]] = {
    "receipt": {
        "materials": MATERIAL_KEYS,
        "promised_date": "承诺办结日期",
        "promised_days": "承诺时限（工作日）",
        "special_procedure": "特别程序及所需时间，无则为空字符串",
        "progress_url": "进度查询网址",
    },
    "supplement_notice": {
        "missing_materials": "[{name, requirement}] 需补正的材料及要求（一次性告知）",
        "supplement_days": "补正期限（工作日）",
        "after_acceptance": "受理后审查中补办（true）或受理前补正（false）",
    },
    "refusal_notice": {
        "reason": "不予受理的理由（不含句末标点）",
        "legal_basis": "法律依据",
        "competent_agency": "有权受理的机关（不属本机关职权时），否则为空字符串",
        "review_body": "行政复议机关",
        "court": "管辖人民法院",
    },
    "completion_notice": {
        "decision": "审批结果，如 准予许可",
        "result_name": "审批结果（证照、批文）名称",
        "result_number": "证照或批文编号",
        "completed_date": "办结日期",
        "delivery_method": "送达方式，如 窗口领取 / 邮政寄递",
        "tracking_number": "邮件号，无则为空字符串",
    },
    "denial_decision": {
        "accepted_date": "受理日期",
        "reason": "不予许可的理由（不含句末标点）",
        "legal_basis": "法律依据",
        "review_body": "行政复议机关",
        "court": "管辖人民法院",
    },
    "transfer_slip": {
        "materials": MATERIAL_KEYS,
        "from_unit": "移交单位",
        "to_unit": "接收单位",
        "transfer_method": "流转方式，如 系统推送 / 邮政寄递",
        "tracking_number": "邮件号，无则为空字符串",
        "transferred_date": "移交日期",
    },
    "special_procedure_notice": {
        "procedure": "特别程序名称，如 检测 / 听证 / 专家评审",
        "expected_days": "预计所需时间（工作日），未定为 0",
        "reason": "需要特别程序的理由（不含句末标点）",
        "suspended_date": "特别程序开始日期",
        "legal_basis": "法律依据（第四十五条）",
    },
    "extension_notice": {
        "reason": "延长期限的理由（不含句末标点）",
        "extended_days": "延长的工作日数",
        "new_legal_due": "延长后的法定办结期限",
        "approved_by": "批准延长的本机关负责人",
        "accepted_date": "受理日期",
        "legal_basis": "法律依据（第四十二条）",
    },
    "delivery_receipt": {
        "delivered_document": "送达文书名称",
        "delivered_document_number": "送达文书编号",
        "delivery_method": "送达方式",
        "delivery_place": "送达地点",
        "rating_url": "好差评链接（无需登录；为空时不印）",
    },
    "application_form": {
        "answers": "[{label, value}] 申请表填写内容（按表单顺序）",
        "form_key": "表单编号与版本，如 unemployment-registration@v1",
    },
    "dossier_cover": {
        "materials": MATERIAL_KEYS,
        "status_label": "办件状态，如 已办结",
        "completed_date": "办结日期，未办结为空字符串",
        "retention_period": "保管期限，如 30年",
    },
}

DOCUMENT_KINDS = RENDERED_KINDS  # the domain registry (less uploaded kinds); a test keeps KIND_KEYS and the layouts in step
MODES = ("online", "proxy", "joint_local", "joint_remote")


class MissingContextError(KeyError):
    """The context lacks keys the document needs."""

    def __init__(self, kind: str, missing: list[str]) -> None:
        super().__init__(f"出具“{kind}”文书缺少数据项：{'、'.join(missing)}")
        self.kind, self.missing = kind, missing

    def __str__(self) -> str:
        return str(self.args[0])


def required_keys(kind: str) -> list[str]:
    known = KINDS.get(kind)
    own = QUERY_CODE if known is not None and known.to_applicant else {}
    return [*COMMON_KEYS, *own, *KIND_KEYS.get(kind, {})]


def missing_keys(kind: str, context: Mapping[str, Any]) -> list[str]:
    return [key for key in required_keys(kind) if key not in context]


_MODE_SAMPLES: dict[str, dict[str, Any]] = {
    # Each mode gets a name the font must handle: 𠙶 is U+20676, outside the BMP.
    "online": {
        "applicant_name": "周𠙶",
        "item_name": "失业登记",
        "receiving_jurisdiction": "宁夏回族自治区石嘴山市平罗县",
        "home_jurisdiction": "宁夏回族自治区石嘴山市平罗县",
        "window_name": "平罗县政务服务网（全程网办）",
        "agent_name": "",
    },
    "proxy": {
        "applicant_name": "王䶮",
        "item_name": "户口迁移（工作调动）",
        "receiving_jurisdiction": "宁夏回族自治区石嘴山市平罗县",
        "home_jurisdiction": "山东省滨州市惠民县",
        "window_name": "平罗县政务服务中心跨省通办窗口",
        "agent_name": "",
    },
    "joint_local": {
        "applicant_name": "李堃",
        "item_name": "就业登记",
        "receiving_jurisdiction": "山西省运城市闻喜县",
        "home_jurisdiction": "宁夏回族自治区石嘴山市平罗县",
        "window_name": "闻喜县政务服务中心跨省通办窗口",
        "agent_name": "李昇",
    },
    "joint_remote": {
        "applicant_name": "刘赟",
        "item_name": "失业保险关系转移接续",
        "receiving_jurisdiction": "宁夏回族自治区石嘴山市平罗县",
        "home_jurisdiction": "山东省济南市槐荫区",
        "window_name": "平罗县政务服务中心跨省通办窗口",
        "agent_name": "",
    },
}

_MATERIALS = [
    {"name": "居民身份证", "form": "original", "copies": 1, "medium": "paper"},
    {"name": "户口簿", "form": "original_and_copy", "copies": 1, "medium": "paper"},
    {"name": "劳动合同或工作调动证明", "form": "copy", "copies": 2, "medium": "paper"},
    {"name": "近期免冠照片", "form": "original", "copies": 2, "medium": "electronic"},
]


_KIND_OVERRIDES: dict[str, dict[str, Any]] = {
    "denial_decision": {
        "reason": "申请人提交的工作调动证明所载单位经核查未在登记机关登记，不符合户口迁入条件",
        "legal_basis": "《中华人民共和国行政许可法》第三十八条第二款",
        "review_body": "惠民县人民政府",
        "court": "惠民县人民法院",
        "unit_name": "惠民县公安局",
        "document_number": "惠公户不许〔2025〕第0012号",
    },
    "transfer_slip": {"document_number": "平通流〔2025〕第000123号"},
    "special_procedure_notice": {
        "reason": "申请人提交的产品样品需经法定检验机构检测后方能作出决定",
        "legal_basis": "《中华人民共和国行政许可法》第四十五条",
        "document_number": "平罗特〔2025〕第000007号",
    },
    "extension_notice": {
        "reason": "申请事项涉及多个部门联合审查，二十日内不能作出决定",
        "legal_basis": "《中华人民共和国行政许可法》第四十二条第一款",
        "document_number": "平罗延〔2025〕第000003号",
    },
}


def sample_context(kind: str, mode: str = "proxy") -> dict[str, Any]:
    """A complete, realistic context for `kind` handled in `mode` (used by tests, the bench and previews)."""
    if kind not in KIND_KEYS or mode not in _MODE_SAMPLES:
        raise ValueError(f"unknown document kind {kind!r} or mode {mode!r}")
    context: dict[str, Any] = {
        "document_number": "平审服受〔2025〕第000123号",
        "case_number": "KS640221-20250303-000123",
        "query_code": "583920",
        "mode": mode,
        "applicant_id_type": "居民身份证",
        "applicant_id_number": "64022119850312001X",
        "applicant_phone": "13895201234",
        "unit_name": "平罗县审批服务管理局",
        "staff_name": "马赟",
        "staff_phone": "0952-6012345",
        "received_date": "2025-03-03",
        "issued_date": "2025-03-03",
        **_MODE_SAMPLES[mode],
        "materials": [dict(m) for m in _MATERIALS],
        "promised_date": "2025-03-17",
        "promised_days": 10,
        "special_procedure": "",
        "progress_url": "https://tongban.example.gov.cn/progress",
        "form_key": "hukou-transfer-job@v1",
        "answers": [
            {"label": "迁移人姓名", "value": "王䶮"},
            {"label": "迁出地", "value": "山东省滨州市惠民县 孙武街道某小区"},
            {"label": "迁入地", "value": "宁夏回族自治区石嘴山市平罗县 城关镇某小区"},
            {"label": "迁移原因", "value": "工作调动"},
        ],
        "missing_materials": [
            {
                "name": "劳动合同或工作调动证明",
                "requirement": "须加盖用人单位公章，复印件需与原件核对一致",
            },
            {"name": "近期免冠照片", "requirement": "白色背景，358×441 像素以上的电子照片"},
        ],
        "supplement_days": 20,
        "after_acceptance": False,
        "reason": "申请事项依法不属于本机关职权范围",
        "legal_basis": "《中华人民共和国行政许可法》第三十二条第一款第二项",
        "competent_agency": "山东省滨州市惠民县公安局",
        "review_body": "平罗县人民政府",
        "court": "平罗县人民法院",
        "decision": "准予许可",
        "result_name": "准予迁入证明",
        "result_number": "鲁惠准迁〔2025〕0456号",
        "completed_date": "2025-03-14",
        "delivery_method": "邮政寄递（EMS）",
        "tracking_number": "1151234567890",
        "accepted_date": "2025-03-03",
        "from_unit": "平罗县政务服务中心跨省通办窗口",
        "to_unit": "惠民县公安局户政管理大队",
        "transfer_method": "系统推送并邮政寄递纸质原件",
        "transferred_date": "2025-03-04",
        "delivered_document": "办结通知书",
        "delivered_document_number": "平审服结〔2025〕第000123号",
        "delivery_place": "平罗县政务服务中心跨省通办窗口",
        "rating_url": "https://tongban.example.gov.cn/rate/7f3c2a9e41d04b6f/q1Wk8xZr0PdLmN4sTuV7yB2c",
        "procedure": "检测",
        "expected_days": 15,
        "suspended_date": "2025-03-06",
        "extended_days": 10,
        "new_legal_due": "2025-04-15",
        "approved_by": "张建华",
        "status_label": "已办结",
        "retention_period": "30年",
    }
    context.update(_KIND_OVERRIDES.get(kind, {}))
    wanted = set(required_keys(kind))
    return {key: value for key, value in context.items() if key in wanted}
