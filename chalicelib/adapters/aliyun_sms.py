"""SMS in the cn profile: Alibaba Cloud 短信服务 with a registered signature, template code and parameters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.services.ports import Notice

DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"


class SmsRejectedError(RuntimeError):
    """The provider refused the message (e.g. an unapproved template); the notice fails and is retried."""


@dataclass(frozen=True)
class SmsTemplateBook:
    """catalog/sms_cn.json: each county's registered signature and each notice kind's template code."""

    signatures: dict[str, str]
    templates: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> SmsTemplateBook:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(signatures=dict(data["signatures"]), templates=dict(data["templates"]))

    def signature(self, jurisdiction: str) -> str:
        if jurisdiction not in self.signatures:
            raise SmsRejectedError(f"{jurisdiction} 没有登记短信签名（catalog/sms_cn.json）")
        return self.signatures[jurisdiction]

    def template(self, notice: Notice) -> tuple[str, dict[str, str]]:
        """The template code for this notice (a variant when its flag parameter is set) and its parameters."""
        entry = self.templates.get(notice.kind)
        if entry is None:
            raise SmsRejectedError(f"通知 {notice.kind} 没有登记短信模板（catalog/sms_cn.json）")
        code = str(entry["code"])
        for flag, variant in dict(entry.get("when", {})).items():
            if notice.params.get(flag):
                code = str(variant)
                break
        return code, {name: notice.params[name] for name in entry["params"]}


def mainland_number(phone: str) -> str:
    """The provider takes the 11-digit mainland number."""
    return "".join(ch for ch in phone if ch.isdigit())[-11:]


class AliyunSms:
    """Sends through the official SDK (`alibabacloud-dysmsapi20170525`), imported on first use: it is slow to
    import and the API's cold start must not pay for it."""

    def __init__(
        self,
        book: SmsTemplateBook,
        access_key_id: str,
        access_key_secret: str,
        endpoint: str = DEFAULT_ENDPOINT,
        protocol: str = "https",
    ) -> None:
        self._book = book
        self._credentials = (access_key_id, access_key_secret)
        self._endpoint = endpoint
        self._protocol = protocol
        self._client: Any = None

    def _sdk(self) -> Any:
        if self._client is None:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi.models import Config

            self._client = Client(
                Config(
                    access_key_id=self._credentials[0],
                    access_key_secret=self._credentials[1],
                    endpoint=self._endpoint,
                    protocol=self._protocol,
                    connect_timeout=3000,  # ms: a stuck provider must not hold the queue batch
                    read_timeout=5000,
                )
            )
        return self._client

    def send_sms(self, phone: str, notice: Notice) -> str:
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        code, params = self._book.template(notice)
        request = SendSmsRequest(
            phone_numbers=mainland_number(phone),
            sign_name=self._book.signature(notice.jurisdiction),
            template_code=code,
            template_param=json.dumps(params, ensure_ascii=False),
            out_id=notice.correlation_id
            or None,  # echoed in delivery receipts: joins them to our logs
        )
        body = self._sdk().send_sms(request).body
        if body.code != "OK":
            # Only the provider's code and message: the request carried the applicant's name and number.
            raise SmsRejectedError(f"阿里云短信拒绝发送：{body.code} {body.message}")
        return str(body.biz_id)
