"""`make inbox`: print the SMS and e-mail the local stack has sent (read from moto's state dump)."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from typing import Any


def sent_messages(moto_url: str) -> dict[str, list[dict[str, Any]]]:
    with urllib.request.urlopen(
        f"{moto_url.rstrip('/')}/moto-api/data.json", timeout=10
    ) as response:
        data = json.loads(response.read())
    sms = [
        {"to": m.get("phone_number"), "text": m.get("message")}
        for m in _values(data.get("sns", {}).get("SMS", {}))
    ]
    email = [
        {"to": m.get("destinations"), "subject": m.get("subject"), "text": m.get("body")}
        for m in _values(data.get("ses", {}).get("Message", {}))
    ]
    return {"sms": sms, "email": email}


def _values(section: Any) -> list[dict[str, Any]]:
    if isinstance(section, dict):
        out: list[dict[str, Any]] = []
        for value in section.values():
            out.extend(value if isinstance(value, list) else [value])
        return out
    return list(section or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地已发送的短信和邮件")
    parser.add_argument("--moto", required=True, help="moto server URL printed by make run")
    args = parser.parse_args(argv)
    messages = sent_messages(args.moto)
    for sms in messages["sms"]:
        print(f"[短信] {sms['to']}: {sms['text']}")
    for mail in messages["email"]:
        print(f"[邮件] {mail['to']} {mail['subject']}: {mail['text']}")
    if not messages["sms"] and not messages["email"]:
        print("（暂无已发送的短信或邮件）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
