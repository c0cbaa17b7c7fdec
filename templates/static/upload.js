// 通办 — materials upload (loaded by tongban.js where an element has data-upload).
// Each file goes straight to storage with a presigned POST of exactly its size, with a progress bar;
// it is then attached to the case, and the scan's verdict is polled for: a thumbnail, or the refusal in
// Chinese. A lost connection offers 重试 (a new ticket, the same file); files can be deleted or replaced.

const POLL_MS = 1500;
const POLL_ROUNDS = 80; // two minutes of checking, then the page says to come back later
const UPLOAD_TIMEOUT_MS = 5 * 60 * 1000; // the ticket is valid five minutes
const LOST = "网络中断，上传未完成";
const TYPES = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  heic: "image/heic",
  pdf: "application/pdf",
};
const STATES = {
  uploading: ["正在上传", ""],
  attaching: ["正在登记", ""],
  pending: ["正在检查", ""],
  ok: ["已通过检查", "tag--ok"],
  rejected: ["未通过检查", "tag--bad"],
  failed: ["上传失败", "tag--bad"],
  network: ["上传未完成", "tag--bad"],
};

class Refused extends Error {
  constructor(message, lost = false) {
    super(message);
    this.lost = lost; // the connection, not the server, failed: worth a retry
  }
}

export function enhance(root) {
  const box = root.querySelector("[data-upload]");
  if (!box || box.dataset.enhanced === "1") return;
  box.dataset.enhanced = "1";
  const ctx = {
    box,
    base: box.dataset.endpoints,
    csrf: box.dataset.csrf,
    header: box.dataset.csrfHeader || "X-CSRF-Token",
    live: box.querySelector("#upload-status"),
    mayAttach: box.dataset.mayAttach === "1",
    mayDetach: box.dataset.mayDetach === "1",
    polling: false,
  };
  for (const field of box.querySelectorAll(".upload-field")) field.hidden = false;
  for (const slot of box.querySelectorAll(".upload-slot")) wireSlot(ctx, slot);
  for (const item of box.querySelectorAll(".upload-item")) wireItem(ctx, slotOf(item), item);
  if (box.querySelector('.upload-item[data-status="pending"]')) poll(ctx);
}

function slotOf(item) {
  return item.closest(".upload-slot");
}

function announce(ctx, text) {
  if (ctx.live) ctx.live.textContent = text;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function typeOf(file) {
  if (file.type) return file.type;
  const ext = (file.name.split(".").pop() || "").toLowerCase();
  return TYPES[ext] || "";
}

// --- one slot: its file input ---------------------------------------------------------------------
function wireSlot(ctx, slot) {
  const input = slot.querySelector("input[type=file]");
  if (!input) return;
  input.addEventListener("change", () => {
    const files = Array.from(input.files || []);
    input.value = ""; // choosing the same file again fires change again
    for (const file of files) send(ctx, slot, file, null, "");
  });
}

function list(slot) {
  return slot.querySelector(".upload-list");
}

function taken(slot, except) {
  // Files attached or on their way: what the slot's limit counts.
  return Array.from(list(slot).querySelectorAll(".upload-item")).filter(
    (item) => item !== except && !["failed", "network", "rejected"].includes(item.dataset.status),
  ).length;
}

// --- one file: its list item ------------------------------------------------------------------------
function newItem(slot, file) {
  const item = el("li", "upload-item");
  const body = el("div", "upload-item__body");
  body.append(
    el("span", "upload-item__name", file.name),
    document.createTextNode(" "),
    el("span", "upload-item__size muted", sizeText(file.size)),
    document.createTextNode(" "),
    el("span", "upload-item__state tag"),
  );
  item.append(body);
  list(slot).append(item);
  return item;
}

function setState(item, status, message) {
  item.dataset.status = status;
  const [label, tag] = STATES[status] || STATES.pending;
  const state = item.querySelector(".upload-item__state");
  state.textContent = label;
  state.className = `upload-item__state tag ${tag}`.trim();
  const body = item.querySelector(".upload-item__body");
  let error = item.querySelector(".upload-item__error");
  if (message) {
    if (!error) {
      error = el("p", "upload-item__error field-error");
      body.append(error);
    }
    error.textContent = message;
  } else if (error) {
    error.remove();
  }
}

function progressOf(item, name) {
  let bar = item.querySelector(".upload-item__progress");
  if (!bar) {
    const wrap = el("div", "upload-item__meter");
    bar = el("progress", "upload-item__progress progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", `${name} 上传进度`);
    wrap.append(bar, el("span", "upload-item__percent", "0%"));
    item.querySelector(".upload-item__body").append(wrap);
  }
  return bar;
}

function dropProgress(item) {
  const meter = item.querySelector(".upload-item__meter");
  if (meter) meter.remove();
}

function clearButtons(item) {
  for (const old of item.querySelectorAll(".upload-item__retry")) old.remove();
}

function retryButton(ctx, slot, file, item, replaces) {
  clearButtons(item);
  const button = el("button", "button button--secondary upload-item__retry", "重试");
  button.type = "button";
  button.setAttribute("aria-label", `重试上传 ${file.name}`);
  button.addEventListener("click", () => send(ctx, slot, file, item, replaces));
  item.append(button);
  return button;
}

function dismissButton(ctx, item, name) {
  // A file that never got attached: take it off the list.
  const button = el("button", "link-button upload-item__dismiss", "移除");
  button.type = "button";
  button.setAttribute("aria-label", `从列表中移除 ${name}`);
  button.addEventListener("click", () => {
    item.remove();
    announce(ctx, `已从列表中移除 ${name}`);
  });
  item.append(button);
}

async function send(ctx, slot, file, existing, replaces) {
  const label = slot.dataset.label || "";
  const item = existing || newItem(slot, file);
  clearButtons(item);
  for (const old of item.querySelectorAll(".upload-item__dismiss")) old.remove();
  const type = typeOf(file);
  const accept = (slot.dataset.accept || "").split(",").filter(Boolean);
  const maxBytes = Number(slot.dataset.maxBytes || 0);
  const maxFiles = Number(slot.dataset.maxFiles || 1);
  let problem = "";
  if (!file.size) problem = "文件为空，请重新选择";
  else if (accept.length && !accept.includes(type)) problem = `“${label}”只接受 JPG、PNG、HEIC 或 PDF 文件`;
  else if (maxBytes && file.size > maxBytes) problem = `文件过大：上限 ${Math.max(1, Math.floor(maxBytes / 1048576))} MB`;
  else if (!replaces && taken(slot, item) >= maxFiles) problem = `“${label}”最多上传 ${maxFiles} 个文件，请先删除再上传`;
  if (problem) {
    setState(item, "failed", problem);
    dismissButton(ctx, item, file.name);
    announce(ctx, `${file.name}：${problem}`);
    return;
  }
  setState(item, "uploading", "");
  const bar = progressOf(item, file.name);
  announce(ctx, `正在上传 ${file.name}`);
  try {
    const ticket = await call(ctx, "/ticket", {
      slot: slot.dataset.slot,
      filename: file.name,
      content_type: type,
      size: file.size,
    });
    await post(ticket, file, bar, item.querySelector(".upload-item__percent"));
    setState(item, "attaching", "");
    if (replaces) {
      await remove(ctx, replaces);
      const old = ctx.box.querySelector(`.upload-item[data-key="${CSS.escape(replaces)}"]`);
      if (old) old.remove();
    }
    const state = await attachInTurn(ctx, ticket.key);
    item.dataset.key = ticket.key;
    dropProgress(item);
    wireItem(ctx, slot, item);
    // Pages built on this one (the counter's capture page) refresh their lists when a file lands.
    ctx.box.dispatchEvent(new CustomEvent("upload:attached", { detail: { key: ticket.key } }));
    announce(ctx, `${file.name} 已上传，正在检查`);
    show(ctx, state); // the scan may have finished already: it starts when the file lands
    if (state.scanning) poll(ctx);
  } catch (error) {
    dropProgress(item);
    const lost = error instanceof Refused ? error.lost : true;
    const message = lost ? LOST : error.message;
    setState(item, lost ? "network" : "failed", message);
    retryButton(ctx, slot, file, item, replaces);
    dismissButton(ctx, item, file.name);
    announce(ctx, `${file.name}：${message}`);
  }
}

// The presigned POST: its fields first, the file last (S3 ignores anything after the file).
function post(ticket, file, bar, percent) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", ticket.url);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.addEventListener("progress", (event) => {
      if (!event.lengthComputable) return;
      const done = Math.round((event.loaded / event.total) * 100);
      bar.value = done;
      if (percent) percent.textContent = `${done}%`;
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        bar.value = 100;
        if (percent) percent.textContent = "100%";
        resolve();
      } else {
        reject(new Refused(`存储服务拒绝了该文件（${xhr.status}），请重试`));
      }
    });
    for (const lost of ["error", "timeout", "abort"]) {
      xhr.addEventListener(lost, () => reject(new Refused(LOST, true)));
    }
    xhr.send(form);
  });
}

// Several files chosen at once upload side by side, but each /attach writes the case: one at a time,
// or the second write meets a changed case and is refused as a conflict.
function attachInTurn(ctx, key) {
  const turn = (ctx.attaching || Promise.resolve()).catch(() => {}).then(() => call(ctx, "/attach", { key }));
  ctx.attaching = turn;
  return turn;
}

async function call(ctx, path, body) {
  const options = { credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.headers[ctx.header] = ctx.csrf;
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(ctx.base + path, options);
  } catch {
    throw new Refused(LOST, true);
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (!response.ok) throw new Refused(data.message || `请求失败（${response.status}），请重试`);
  return data;
}

function remove(ctx, key) {
  return call(ctx, "/remove", { key });
}

// --- an attached file: delete and replace -------------------------------------------------------------
function wireItem(ctx, slot, item) {
  if (!item.dataset.key || item.dataset.wired === "1") return;
  item.dataset.wired = "1";
  const name = (item.querySelector(".upload-item__name") || {}).textContent || "";
  let form = item.querySelector("form.upload-item__actions");
  if (!form && ctx.mayDetach) {
    form = el("form", "upload-item__actions");
    const button = el("button", "button button--secondary upload-item__remove", "删除");
    button.type = "submit";
    button.setAttribute("aria-label", `删除 ${name}`);
    form.append(button);
    item.append(form);
  }
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector(".upload-item__remove");
    button.disabled = true;
    try {
      show(ctx, await remove(ctx, item.dataset.key));
      item.remove();
      announce(ctx, `已删除 ${name}`);
    } catch (error) {
      announce(ctx, `${name}：${error.message}`);
    } finally {
      form.dataset.sent = ""; // tongban.js's double-submit guard: the form may be used again
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
  if (ctx.mayAttach && !form.querySelector(".upload-item__replace")) {
    const replace = el("button", "button button--secondary upload-item__replace", "更换");
    replace.type = "button";
    replace.setAttribute("aria-label", `更换 ${name}`);
    replace.addEventListener("click", () => {
      const picker = document.createElement("input");
      picker.type = "file";
      picker.accept = (slot.querySelector("input[type=file]") || {}).accept || "";
      picker.addEventListener("change", () => {
        const [file] = Array.from(picker.files || []);
        if (file) send(ctx, slot, file, null, item.dataset.key);
      });
      picker.click();
    });
    form.append(replace);
  }
}

// --- the scans' verdicts ----------------------------------------------------------------------------
function show(ctx, state) {
  for (const slot of state.slots || []) {
    for (const file of slot.files || []) {
      const item = ctx.box.querySelector(`.upload-item[data-key="${CSS.escape(file.key)}"]`);
      if (!item) continue;
      const before = item.dataset.status;
      setState(item, file.scan_status, file.scan_status === "rejected" ? file.scan_message : "");
      if (file.thumbnail_url && !item.querySelector("img.thumb")) {
        const img = el("img", "thumb");
        img.src = file.thumbnail_url;
        img.alt = `${file.filename} 的缩略图`;
        item.prepend(img);
      }
      if (before === file.scan_status) continue;
      if (file.scan_status === "ok") announce(ctx, `${file.filename} 已通过检查`);
      if (file.scan_status === "rejected") {
        announce(ctx, `${file.filename} 未通过检查：${file.scan_message}`);
      }
    }
  }
}

async function poll(ctx) {
  if (ctx.polling) return;
  ctx.polling = true;
  try {
    for (let round = 0; round < POLL_ROUNDS; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      let state;
      try {
        state = await call(ctx, "/state");
      } catch {
        continue; // a blip while polling: try again next round
      }
      show(ctx, state);
      if (!state.scanning) return;
    }
    announce(ctx, "文件仍在检查中，请稍后刷新本页查看结果");
  } finally {
    ctx.polling = false;
  }
}
