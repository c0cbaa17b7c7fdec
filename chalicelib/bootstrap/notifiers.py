"""The notifier of a profile: SNS and SES (global), or Alibaba Cloud SMS and the county's SMTP relay (cn)."""

from __future__ import annotations

from chalicelib.config import Settings, require_cn_providers
from chalicelib.services.ports import Notifier


def notifier_for(settings: Settings, email_sender: str) -> Notifier:
    """The profile's providers: SNS and SES (global), or Alibaba Cloud SMS and SMTP (cn)."""
    from chalicelib.documents.templating import JinjaNoticeRenderer

    renderer = JinjaNoticeRenderer(settings.content_root / "templates")
    if settings.cn is not None:
        from chalicelib.adapters.aliyun_sms import AliyunSms, SmsTemplateBook
        from chalicelib.adapters.notify import SplitNotifier
        from chalicelib.adapters.smtp_mail import SmtpMail

        require_cn_providers(settings.stage)
        cn = settings.cn
        book = SmsTemplateBook.load(settings.content_root / "catalog" / "sms_cn.json")
        return SplitNotifier(
            AliyunSms(book, cn.sms_access_key_id, cn.sms_access_key_secret, cn.sms_endpoint),
            SmtpMail(
                cn.smtp_host,
                cn.smtp_port,
                cn.email_sender,
                renderer,
                cn.smtp_user,
                cn.smtp_password,
                cn.smtp_starttls,
            ),
        )
    from chalicelib.adapters.clients import client
    from chalicelib.adapters.notify import AwsNotifier

    return AwsNotifier(
        client("sns", settings.region),
        client("ses", settings.region),
        settings.sms_sender_id,
        email_sender,
        renderer,
    )
