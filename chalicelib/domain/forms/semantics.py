"""Cross-field rules of a form: unique ids, resolvable conditions and computations, no cycles."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chalicelib.domain.forms.computed import SIGNATURES
from chalicelib.domain.forms.conditions import Condition, Equals, In, references
from chalicelib.domain.forms.model import (
    Field,
    FormDefinition,
    FormDefinitionError,
    MaterialSlot,
    Step,
)

# (JSON path of the field, the field, its group or None for a top-level field)
Placement = tuple[str, Field, Field | None]
SlotPlacement = tuple[str, MaterialSlot]
_APPLICANT_TYPES = {"name": "text", "id_number": "id_number", "phone": "mobile"}


def field_places(steps: Sequence[Step], prefix: str = "steps") -> list[Placement]:
    places: list[Placement] = []
    for i, step in enumerate(steps):
        for j, f in enumerate(step.fields):
            path = f"{prefix}[{i}].fields[{j}]"
            places.append((path, f, None))
            places.extend((f"{path}.fields[{k}]", c, f) for k, c in enumerate(f.fields))
    return places


class _Checker:
    def __init__(self, form: FormDefinition, source: str, places: Sequence[Placement]) -> None:
        self.form = form
        self.source = source
        self.places = places
        self.top: dict[str, Field] = {}
        self.children: dict[str, dict[str, Field]] = {}

    def fail(self, path: str, reason: str) -> FormDefinitionError:
        return FormDefinitionError(self.source, path, reason)

    def resolver(self, group: Field | None) -> Callable[[str], Field | None]:
        siblings = self.children.get(group.id, {}) if group is not None else {}
        return lambda fid: siblings.get(fid) or self.top.get(fid)

    def unique_ids(self, slots: Sequence[SlotPlacement]) -> None:
        seen_steps: set[str] = set()
        for i, step in enumerate(self.form.steps):
            if step.id in seen_steps:
                raise self.fail(f"steps[{i}].id", f"步骤 id“{step.id}”重复 (duplicate step id)")
            seen_steps.add(step.id)
        for path, f, group in self.places:
            scope = self.top if group is None else self.children.setdefault(group.id, {})
            if f.id in scope:
                raise self.fail(f"{path}.id", f"字段 id“{f.id}”重复 (duplicate field id)")
            scope[f.id] = f
        seen_slots: set[str] = set()
        for path, slot in slots:
            if slot.id in seen_slots:
                raise self.fail(f"{path}.id", f"材料栏 id“{slot.id}”重复 (duplicate slot id)")
            seen_slots.add(slot.id)

    def condition(
        self, cond: Condition, path: str, resolve: Callable[[str], Field | None], owner: str
    ) -> None:
        for fid, leaf, sub in references(cond):
            where = f"{path}{sub}.field"
            target = resolve(fid)
            if target is None:
                raise self.fail(where, f"条件引用了不存在的字段“{fid}” (unknown field)")
            if fid == owner:
                raise self.fail(where, f"字段“{fid}”的条件不能引用自身")
            if target.type in ("group", "computed"):
                raise self.fail(where, f"条件不能引用{target.type}字段“{fid}”")
            wanted = (
                (leaf.value,)
                if isinstance(leaf, Equals)
                else leaf.values
                if isinstance(leaf, In)
                else ()
            )
            allowed = {o.value for o in target.options}
            for value in wanted:
                if allowed and value not in allowed:
                    key = "equals" if isinstance(leaf, Equals) else "in"
                    raise self.fail(f"{path}{sub}.{key}", f"“{value}”不是字段“{fid}”的选项值")

    def compute(self, f: Field, path: str, group: Field | None) -> None:
        assert f.compute is not None
        c = f.compute
        sig = SIGNATURES.get(c.fn)
        if sig is None:
            raise self.fail(
                f"{path}.compute.fn", f"未知的计算函数“{c.fn}”，可用：{', '.join(SIGNATURES)}"
            )
        arity_ok = len(c.args) >= 1 if sig.variadic else len(c.args) == len(sig.arg_types)
        if not arity_ok:
            raise self.fail(f"{path}.compute.args", f"{c.fn} 需要 {len(sig.arg_types)} 个参数")
        resolve = self.resolver(group)
        for i, arg in enumerate(c.args):
            allowed = sig.arg_types[min(i, len(sig.arg_types) - 1)]
            if c.fn == "sum" and i == 1:
                target = self.children.get(c.args[0], {}).get(arg)
            else:
                target = resolve(arg)
            if target is None or target.type not in allowed:
                found = "不存在" if target is None else f"类型为 {target.type}"
                raise self.fail(
                    f"{path}.compute.args[{i}]",
                    f"参数“{arg}”{found}，{c.fn} 需要类型 {'/'.join(sorted(allowed))}",
                )

    def no_visibility_cycles(self) -> None:
        graph: dict[tuple[str, str], list[tuple[str, str]]] = {}
        where: dict[tuple[str, str], str] = {}
        for path, f, group in self.places:
            node = (group.id if group else "", f.id)
            where[node] = f"{path}.visible_if"
            deps: list[tuple[str, str]] = []
            if f.visible_if is not None:
                siblings = self.children.get(group.id, {}) if group else {}
                for fid, _, _ in references(f.visible_if):
                    deps.append((group.id, fid) if group and fid in siblings else ("", fid))
            graph[node] = deps
        state: dict[tuple[str, str], int] = {}

        def visit(node: tuple[str, str]) -> None:
            state[node] = 1
            for dep in graph.get(node, []):
                if state.get(dep) == 1:
                    raise self.fail(
                        where[node], f"visible_if 形成循环：“{node[1]}”与“{dep[1]}”互相依赖"
                    )
                if dep not in state:
                    visit(dep)
            state[node] = 2

        for node in graph:
            if node not in state:
                visit(node)

    def applicant_fields(self) -> None:
        for role, expected in _APPLICANT_TYPES.items():
            fid = getattr(self.form.applicant_fields, role)
            f = self.top.get(fid)
            path = f"applicant_fields.{role}"
            if f is None:
                raise self.fail(path, f"申请人字段“{fid}”不存在（须是顶层字段）")
            if f.type != expected or not f.required or f.visible_if is not None:
                raise self.fail(path, f"申请人字段“{fid}”须为必填、始终可见的 {expected} 类型字段")


def check_form(
    form: FormDefinition,
    source: str,
    places: Sequence[Placement] | None = None,
    slot_places: Sequence[SlotPlacement] | None = None,
) -> None:
    """Raise FormDefinitionError for the first cross-field problem; paths come from `places`."""
    places = places if places is not None else field_places(form.steps)
    if slot_places is None:
        slot_places = [(f"material_slots[{i}]", s) for i, s in enumerate(form.material_slots)]
    checker = _Checker(form, source, places)
    checker.unique_ids(slot_places)
    for path, f, group in places:
        resolve = checker.resolver(group)
        for key, cond in (("visible_if", f.visible_if), ("required_if", f.required_if)):
            if cond is not None:
                checker.condition(cond, f"{path}.{key}", resolve, f.id)
        if f.compute is not None:
            checker.compute(f, path, group)
    for path, slot in slot_places:
        if slot.required_if is not None:
            checker.condition(slot.required_if, f"{path}.required_if", checker.resolver(None), "")
    checker.no_visibility_cycles()
    checker.applicant_fields()
