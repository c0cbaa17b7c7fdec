// 通办 — progressive enhancement only: every page works without it.
// 1. A submitted form cannot be sent twice (a double click makes one case).
// 2. The error summary takes the focus, so screen readers announce it.
// 3. File inputs marked data-upload go straight to storage with a progress bar (see upload.js).

for (const form of document.querySelectorAll("form")) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    // A disabled button is left out of the post: keep the pressed button's name and value.
    const pressed = event.submitter;
    if (pressed && pressed.name) {
      const carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = pressed.name;
      carried.value = pressed.value;
      form.appendChild(carried);
    }
    for (const button of form.querySelectorAll("button[type=submit]")) {
      button.setAttribute("disabled", "");
      button.setAttribute("aria-busy", "true");
    }
  });
}

const summary = document.querySelector("[data-focus]");
if (summary) summary.focus();

if (document.querySelector("[data-upload]")) {
  import("./upload.js").then((module) => module.enhance(document));
}
