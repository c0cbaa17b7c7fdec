"""The catalog pages: the home page's search and browse, and one item's 办事指南."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.catalog import CatalogItem, UnknownItemError
from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.jurisdictions import Jurisdiction, JurisdictionRegistry
from chalicelib.domain.modes import HandlingMode

from .web_pages import page

MAX_KEYWORD = 50  # the same bound /api/items puts on `q`
TOO_LONG = f"搜索关键词不能超过{MAX_KEYWORD}个字"

# One sentence per mode, for people deciding how to apply (the two 多地联办 variants share a heading).
MODE_EXPLAINED: dict[HandlingMode, str] = {
    HandlingMode.ONLINE: "在网上提交申请、上传材料，审核和办理在网上完成，结果可网上下载或邮寄，不用跑窗口。",
    HandlingMode.PROXY: "到就近的跨省通办窗口提交材料，窗口代收后寄送事项所在地部门办理，结果寄回窗口领取或邮寄给您。",
    HandlingMode.JOINT_LOCAL: "在您所在地的跨省通办窗口受理，由事项所在地部门办理，结果寄回受理地交给您。",
    HandlingMode.JOINT_REMOTE: "在您所在地的跨省通办窗口受理，属地部门出具意见后，由受理地直接办结发证。",
}

VARIANTS = {
    HandlingMode.JOINT_LOCAL: "异地受理，本地办理",
    HandlingMode.JOINT_REMOTE: "异地受理，异地办理",
}


def home(request: Any) -> Response:
    """`/`: a search box and browse links; with `q`, `department`, `category` or `mode`, the results."""
    params = request.query_params or {}
    content = bootstrap.content_ports()
    catalog, registry = content.catalog, content.jurisdictions
    names = department_names(registry.home_county)
    keyword = (params.get("q") or "").strip()
    department = params.get("department") or None
    category = params.get("category") or None
    mode = _mode(params.get("mode"))
    errors: list[dict[str, str]] = []
    if len(keyword) > MAX_KEYWORD:
        errors.append({"field": "q", "message": TOO_LONG})
    searched = bool(keyword or department or category or mode)
    found = (
        catalog.search(department=department, category=category, mode=mode, keyword=keyword)
        if searched and not errors
        else []
    )
    return page(
        request,
        "home.html.j2",
        {
            "q": keyword[:MAX_KEYWORD] if errors else keyword,
            "errors": errors,
            "searched": searched,
            "filter_label": _filter_label(names, department, category, mode),
            "results": [_row(item, names) for item in found],
            "departments": _departments(catalog.all(), names),
            "categories": _counted(item.category for item in catalog.all()),
            "modes": _modes_explained(),
            "counters": [_counter_summary(j) for j in registry.all()],
            "total": len(catalog),
            "home_name": registry.home_county.name,
        },
    )


def item_guide(request: Any, code: str) -> Response:
    """`/items/{code}`: the 办事指南 of one item, from the catalog; an unknown code is the 404 page."""
    content = bootstrap.content_ports()
    try:
        item = content.catalog.get(code[:16])
    except UnknownItemError:
        raise NotFoundError(f"未知的事项编码：{code[:16]}") from None
    registry = content.jurisdictions
    return page(
        request,
        "items/guide.html.j2",
        {
            "item": item.guide(),
            "department_name": department_names(registry.home_county).get(
                item.department, item.department
            ),
            "modes": [
                {"code": m.value, "label": m.label_zh, "explained": MODE_EXPLAINED[m]}
                for m in item.modes
            ],
            "online": item.offers(HandlingMode.ONLINE),
            "counter_modes": [m for m in item.modes if m.needs_counter],
            "places": where_to_go(registry, item),
        },
    )


def where_to_go(registry: JurisdictionRegistry, item: CatalogItem) -> list[dict[str, Any]]:
    """The 跨省通办 counters of the home county and of every partner whose agreement covers the item."""
    home = registry.home_county
    places = [_place(home, item, [m for m in item.modes if m.needs_counter], home=True)]
    for partner in registry.partners_of(home.code):
        covered = [m for m in item.modes if registry.handles(partner.code, home.code, item.code, m)]
        if covered:
            places.append(_place(partner, item, [m for m in covered if m.needs_counter]))
    return places


def department_names(jurisdiction: Jurisdiction) -> dict[str, str]:
    return {d.key: d.name for d in jurisdiction.departments}


def _place(
    j: Jurisdiction, item: CatalogItem, modes: list[HandlingMode], *, home: bool = False
) -> dict[str, Any]:
    return {
        "code": j.code,
        "name": j.full_name,
        "home": home,
        "department": department_names(j).get(item.department, ""),
        "modes": [m.label_zh for m in modes],
        "centers": [
            {"id": c.id, "name": c.name, "address": c.address, "phone": c.phone, "level": c.level}
            for c in j.centers
            if c.has_kstb_window
        ],
    }


def _counter_summary(j: Jurisdiction) -> dict[str, Any]:
    """The home page's short list: each place's county-level counter and how many others it has."""
    windows = [c for c in j.centers if c.has_kstb_window]
    main = [c for c in windows if c.level == "county"] or windows[:1]
    return {
        "name": j.full_name,
        "home": j.is_home_county,
        "centers": [{"name": c.name, "address": c.address, "phone": c.phone} for c in main],
        "others": len(windows) - len(main),
    }


def _mode(value: str | None) -> HandlingMode | None:
    return HandlingMode(value) if value in {m.value for m in HandlingMode} else None


def _row(item: CatalogItem, names: dict[str, str]) -> dict[str, Any]:
    limits = item.time_limits
    return {
        "code": item.code,
        "name": item.name,
        "department": names.get(item.department, item.department),
        "category": item.category,
        "modes": [{"code": m.value, "label": m.label_zh} for m in item.modes],
        "promised": "即办" if limits.instant else f"承诺{limits.promised_days}个工作日",
    }


def _departments(items: tuple[CatalogItem, ...], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"key": key, "name": names.get(key, key), "count": count}
        for key, count in _count(item.department for item in items)
    ]


def _counted(values: Any) -> list[dict[str, Any]]:
    return [{"name": value, "count": count} for value, count in _count(values)]


def _count(values: Any) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return list(counts.items())


def _modes_explained() -> list[dict[str, Any]]:
    joint = (HandlingMode.JOINT_LOCAL, HandlingMode.JOINT_REMOTE)
    groups = (
        ("全程网办", (HandlingMode.ONLINE,)),
        ("异地代收代办", (HandlingMode.PROXY,)),
        ("多地联办", joint),
    )
    return [
        {
            "title": title,
            "code": modes[0].value,
            "variants": [
                {
                    "code": m.value,
                    "label": m.label_zh,
                    "short": VARIANTS.get(m, ""),
                    "explained": MODE_EXPLAINED[m],
                }
                for m in modes
            ],
        }
        for title, modes in groups
    ]


def _filter_label(
    names: dict[str, str], department: str | None, category: str | None, mode: HandlingMode | None
) -> str:
    parts = []
    if department:
        parts.append(names.get(department, department))
    if category:
        parts.append(category)
    if mode:
        parts.append(mode.label_zh)
    return "、".join(parts)
