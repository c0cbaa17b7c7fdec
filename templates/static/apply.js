// 在线申请 — progressive enhancement of the step pages; the server checks everything again.
// 1. Fields with data-visible-if show and hide as the applicant answers (the server decides on save).
// 2. Division pickers fill the city and county lists from the form's data-divisions, no round trip.
// 3. Named submit buttons (添加/删除/更新/稍后再填) keep their name even after tongban.js disables them.

const form = document.getElementById("step-form");
if (form) {
  document.documentElement.classList.add("js");

  const valueOf = (name) => {
    const inputs = [...form.elements].filter((e) => e.name === name);
    if (!inputs.length) return undefined;
    if (inputs[0].type === "checkbox") return inputs.filter((e) => e.checked).map((e) => e.value);
    if (inputs[0].type === "radio") return inputs.find((e) => e.checked)?.value ?? "";
    return inputs[0].value.trim();
  };
  const filled = (v) => (Array.isArray(v) ? v.length > 0 : v !== "" && v !== undefined);
  const matches = (v, wanted) => (Array.isArray(v) ? v.includes(wanted) : v === wanted);

  // undefined: the condition looks at a field of another step, so the server's answer stands.
  const holds = (c) => {
    if (c.all) return c.all.map(holds).reduce((a, b) => (a === undefined || b === undefined ? undefined : a && b), true);
    if (c.any) return c.any.map(holds).reduce((a, b) => (a === undefined || b === undefined ? undefined : a || b), false);
    if (c.not) { const inner = holds(c.not); return inner === undefined ? undefined : !inner; }
    const v = valueOf(c.field);
    if (v === undefined) return undefined;
    if ("filled" in c) return filled(v) === c.filled;
    if (!filled(v)) return false;
    if ("equals" in c) return matches(v, c.equals);
    return c.in.some((w) => matches(v, w));
  };
  const conditional = [...form.querySelectorAll("[data-visible-if]")];
  const refresh = () => {
    for (const wrapper of conditional) {
      const shown = holds(JSON.parse(wrapper.dataset.visibleIf));
      if (shown !== undefined) wrapper.hidden = !shown;
    }
  };
  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);

  const tree = JSON.parse(form.dataset.divisions || "{}");
  const fill = (select, places) => {
    const first = select.options[0];
    first.textContent = places.length ? "请选择" : "列表中没有，请在下方填写代码";
    select.replaceChildren(first, ...places.map(([code, name]) => new Option(name, code)));
  };
  for (const picker of form.querySelectorAll("[data-division]")) {
    const level = (name) => picker.querySelector(`[data-level=${name}]`);
    const codeBox = picker.querySelector(".division__code");
    const showCode = (show) => codeBox.toggleAttribute("data-code-hidden", !show);
    level("province").addEventListener("change", (event) => {
      const cities = tree.cities?.[event.target.value] ?? [];
      fill(level("city"), cities);
      fill(level("county"), []);
      showCode(event.target.value !== "" && cities.length === 0);
    });
    level("city").addEventListener("change", (event) => {
      const counties = tree.counties?.[event.target.value] ?? [];
      fill(level("county"), counties);
      showCode(event.target.value !== "" && counties.length === 0);
    });
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name]");
    if (!button || button.name === "save") return;
    const keep = document.createElement("input");
    keep.type = "hidden";
    keep.name = button.name;
    keep.value = button.value;
    form.append(keep);
  });
}
