"""Hostile inputs every channel must refuse or carry as plain, inert text (issue 9, build item 6)."""

from __future__ import annotations

XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
TEMPLATE = ("{{7*7}}", "${7*7}", "{% raw %}{%{% endraw %}", "{{ config.items() }}", "#{7*7}")
FORMULAE = (
    '=HYPERLINK("http://evil.example","点我")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
)
TRAVERSAL = ("../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2fetc%2fpasswd")
INVISIBLE = ("张\u202e三", "李\u200b四", "王\u200d五", "\ufeff赵六")
LONG = ("长" * 5000, "A" * 20000)

PRINTABLE = (*XSS, *TEMPLATE, *FORMULAE, *TRAVERSAL)
ALL = (*PRINTABLE, *INVISIBLE, *LONG)


def short(value: str) -> str:
    """A readable test id for a corpus entry."""
    shown = value.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= 40 else f"{shown[:20]}…{len(value)}"
