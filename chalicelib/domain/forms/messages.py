"""Default Chinese error messages by error code; a field's `messages` overrides them per code."""

from __future__ import annotations

from chalicelib.domain.forms.model import Field

DEFAULT_MESSAGES: dict[str, str] = {
    "not_object": "提交的内容格式不正确，应为“字段: 值”的对象",
    "unknown_field": "表单中没有这一项，请勿提交多余内容",
    "required": "请填写“{label}”",
    "type": "“{label}”的格式不正确",
    "too_long": "“{label}”不能超过{max_length}个字",
    "control_chars": "“{label}”含有不可见的控制字符（第{position}个字符，{codepoint}），请删除后重新输入",
    "invalid_option": "“{label}”请从给定选项中选择",
    "invalid_number": "“{label}”请填写数字",
    "not_integer": "“{label}”请填写整数",
    "too_small": "“{label}”不能小于{min}",
    "too_large": "“{label}”不能大于{max}",
    "invalid_money": "“{label}”请填写金额（元），最多两位小数",
    "invalid_date": "“{label}”请填写有效日期，格式为 YYYY-MM-DD",
    "date_too_early": "“{label}”不能早于{min}",
    "date_too_late": "“{label}”不能晚于{max}",
    "id_number_format": "“{label}”应为18位公民身份号码，最后一位可以是数字或 X",
    "id_number_legacy": "“{label}”是15位旧号码，请填写18位公民身份号码",
    "id_number_region": "“{label}”前两位不是有效的省级行政区划代码",
    "id_number_birth_date": "“{label}”中的出生日期不存在或晚于今天",
    "id_number_checksum": "“{label}”校验位不正确，请逐位核对",
    "invalid_mobile": "“{label}”请填写11位中国大陆手机号码",
    "invalid_uscc": "“{label}”应为18位统一社会信用代码",
    "uscc_checksum": "“{label}”校验位不正确，请核对营业执照上的统一社会信用代码",
    "invalid_plate": "“{label}”不是有效的机动车号牌（如 宁B12345 或新能源 宁BD12345）",
    "invalid_division": "“{label}”应为6位行政区划代码",
    "division_unknown_province": "“{label}”的省级代码不存在",
    "division_too_coarse": "“{label}”请选择到区县一级",
    "division_city_required": "“{label}”请至少选择到地市一级",
    "invalid_bank_account": "“{label}”应为12至19位数字",
    "bank_account_checksum": "“{label}”卡号校验不通过，请核对银行卡号",
    "too_few_items": "“{label}”至少需要{min_items}项",
    "too_many_items": "“{label}”最多{max_items}项",
    "not_list": "“{label}”的格式不正确，应为列表",
}


def message(f: Field | None, code: str, **params: object) -> str:
    """The field's custom message for the code, else the default, with {placeholders} filled."""
    template = (f.messages.get(code) if f is not None else None) or DEFAULT_MESSAGES.get(
        code, "“{label}”填写有误"
    )
    values: dict[str, object] = {"label": f.label if f is not None else "", **params}
    if f is not None:
        values.setdefault("max_length", f.max_length or "")
        values.setdefault("min_items", f.min_items)
        values.setdefault("max_items", f.max_items)
    # Plain replacement, not str.format: labels written by officers may contain braces.
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template
