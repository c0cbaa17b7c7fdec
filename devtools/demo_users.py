"""The demo staff and applicants `make run` provisions: every role in every jurisdiction, and township clerks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    name: str
    group: str
    jurisdiction: str
    center: str
    department: str
    phone: str

    @property
    def roles(self) -> tuple[str, ...]:
        # A 负责人 approves extensions (第四十二条) and decides cases as an approver of the department.
        return (self.group, "approver") if self.group == "department_head" else (self.group,)

    @property
    def directory_roles(self) -> tuple[str, ...]:
        # 运维值守 (DLQ replay on /supervision) lives only in the staff directory, not in a pool group.
        return (*self.roles, "operator") if self.username in OPERATORS else self.roles

    @property
    def window(self) -> str:
        return "1" if self.group == "window_staff" else ""


DEMO_PASSWORD = "Tongban#2026"
# Supervisors who also replay dead letters (services.access_policy.may_replay).
OPERATORS = frozenset({"pl_supervisor"})

# fmt: off
# username, the person's name (Cognito `name`, shown on receipts and in the timeline), group,
# jurisdiction, service centre, department ("" = every department: a small county's one approver), mobile
_DEMO_ROWS = (
    ("applicant1", "张文博", "applicant", "", "", "", "13800000001"),
    ("applicant2", "李秀兰", "applicant", "", "", "", "13800000002"),
    # 平罗县 (the home county): the county centre, three township 便民服务中心, one approver per department.
    ("pl_window", "马晓燕", "window_staff", "640221", "640221-ZX", "", "13900000001"),
    ("pl_window_cg", "杜春花", "window_staff", "640221", "640221-TZ-01", "", "13900000031"),
    ("pl_window_hqq", "韩永福", "window_staff", "640221", "640221-TZ-02", "", "13900000032"),
    ("pl_window_bf", "田秀英", "window_staff", "640221", "640221-TZ-03", "", "13900000033"),
    ("pl_approver_rs", "赵国强", "approver", "640221", "640221-ZX", "RS", "13900000002"),
    ("pl_approver_ga", "丁海军", "approver", "640221", "640221-ZX", "GA", "13900000005"),
    ("pl_approver_yb", "纳文涛", "approver", "640221", "640221-ZX", "YB", "13900000041"),
    ("pl_approver_gjj", "金晓琳", "approver", "640221", "640221-ZX", "GJJ", "13900000042"),
    ("pl_approver_jt", "冯志军", "approver", "640221", "640221-ZX", "JT", "13900000043"),
    ("pl_approver_wj", "苏丽萍", "approver", "640221", "640221-ZX", "WJ", "13900000044"),
    ("pl_approver_mz", "罗建平", "approver", "640221", "640221-ZX", "MZ", "13900000045"),
    ("pl_approver_jy", "蒋雪梅", "approver", "640221", "640221-ZX", "JY", "13900000046"),
    ("pl_approver_sf", "沈立华", "approver", "640221", "640221-ZX", "SF", "13900000047"),
    ("pl_approver_sc", "曹明亮", "approver", "640221", "640221-ZX", "SC", "13900000048"),
    ("pl_approver_sw", "许文静", "approver", "640221", "640221-ZX", "SW", "13900000049"),
    ("pl_approver_hb", "邓永红", "approver", "640221", "640221-ZX", "HB", "13900000050"),
    ("pl_approver_zr", "白振宇", "approver", "640221", "640221-ZX", "ZR", "13900000051"),
    ("pl_approver_ny", "黄玉梅", "approver", "640221", "640221-ZX", "NY", "13900000052"),
    ("pl_approver_cl", "吕国庆", "approver", "640221", "640221-ZX", "CL", "13900000053"),
    ("pl_approver_ty", "魏丽君", "approver", "640221", "640221-ZX", "TY", "13900000054"),
    ("pl_head_rs", "周玉兰", "department_head", "640221", "640221-ZX", "RS", "13900000006"),
    ("pl_head_ga", "马国栋", "department_head", "640221", "640221-ZX", "GA", "13900000055"),
    ("pl_supervisor", "杨淑芳", "supervisor", "640221", "640221-ZX", "", "13900000003"),
    # 山东惠民县: the departments with most items each have an approver; one approver for the rest.
    ("hm_window", "刘静", "window_staff", "371621", "371621-ZX", "", "13900000011"),
    ("hm_approver", "孙建华", "approver", "371621", "371621-ZX", "RS", "13900000012"),
    ("hm_approver_ga", "王志刚", "approver", "371621", "371621-ZX", "GA", "13900000013"),
    ("hm_approver_yb", "张春燕", "approver", "371621", "371621-ZX", "YB", "13900000061"),
    ("hm_approver_gjj", "李德明", "approver", "371621", "371621-ZX", "GJJ", "13900000062"),
    ("hm_approver_jt", "王海涛", "approver", "371621", "371621-ZX", "JT", "13900000063"),
    ("hm_approver_wj", "刘晓红", "approver", "371621", "371621-ZX", "WJ", "13900000064"),
    ("hm_approver_mz", "陈志刚", "approver", "371621", "371621-ZX", "MZ", "13900000065"),
    ("hm_approver_sc", "杨丽娜", "approver", "371621", "371621-ZX", "SC", "13900000066"),
    ("hm_approver_all", "赵玉芬", "approver", "371621", "371621-ZX", "", "13900000067"),
    ("hm_head_rs", "高春梅", "department_head", "371621", "371621-ZX", "RS", "13900000014"),
    ("hm_supervisor", "孟庆华", "supervisor", "371621", "371621-ZX", "", "13900000068"),
    # 山西闻喜县
    ("wx_window", "郭丽娟", "window_staff", "140823", "140823-ZX", "", "13900000021"),
    ("wx_approver", "薛红梅", "approver", "140823", "140823-ZX", "RS", "13900000022"),
    ("wx_approver_ga", "卫建军", "approver", "140823", "140823-ZX", "GA", "13900000024"),
    ("wx_approver_yb", "畅晓东", "approver", "140823", "140823-ZX", "YB", "13900000071"),
    ("wx_approver_gjj", "董秀梅", "approver", "140823", "140823-ZX", "GJJ", "13900000072"),
    ("wx_approver_jt", "景志强", "approver", "140823", "140823-ZX", "JT", "13900000073"),
    ("wx_approver_wj", "吉素琴", "approver", "140823", "140823-ZX", "WJ", "13900000074"),
    ("wx_approver_mz", "宁红军", "approver", "140823", "140823-ZX", "MZ", "13900000075"),
    ("wx_approver_sc", "荆永胜", "approver", "140823", "140823-ZX", "SC", "13900000076"),
    ("wx_approver_all", "李桂香", "approver", "140823", "140823-ZX", "", "13900000077"),
    ("wx_head_rs", "柴立新", "department_head", "140823", "140823-ZX", "RS", "13900000025"),
    ("wx_supervisor", "裴永平", "supervisor", "140823", "140823-ZX", "", "13900000023"),
    # 山东费县 and 济南槐荫区: a small team — one approver for every department, one 负责人.
    ("fx_window", "徐海燕", "window_staff", "371325", "371325-ZX", "", "13900000081"),
    ("fx_approver", "公丕军", "approver", "371325", "371325-ZX", "", "13900000082"),
    ("fx_head", "颜廷香", "department_head", "371325", "371325-ZX", "", "13900000083"),
    ("fx_supervisor", "王传明", "supervisor", "371325", "371325-ZX", "", "13900000084"),
    ("hy_window", "于晓倩", "window_staff", "370104", "370104-ZX", "", "13900000091"),
    ("hy_approver", "房建国", "approver", "370104", "370104-ZX", "", "13900000092"),
    ("hy_head", "鲍玉珍", "department_head", "370104", "370104-ZX", "", "13900000093"),
    ("hy_supervisor", "牟宗良", "supervisor", "370104", "370104-ZX", "", "13900000094"),
)
# fmt: on
DEMO_USERS = tuple(
    DemoUser(name, DEMO_PASSWORD, display, group, jurisdiction, center, department, phone)
    for name, display, group, jurisdiction, center, department, phone in _DEMO_ROWS
)
