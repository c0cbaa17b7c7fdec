// 通办 — the counter's material capture page, progressively: every button works without this file.
// 1. A camera (getUserMedia) per material: 拍摄 draws the frame to a canvas and hands the JPEG to the
//    material's file input, so upload.js sends it exactly like a scanned file (presigned POST, progress).
// 2. 上移 / 下移 / 向左旋转 / 删除 post in the background and the page's lists are swapped in place,
//    so the camera stays open; after an upload the lists are refreshed the same way (page numbers, ids).

const box = document.querySelector("[data-capture]");
let stream = null;

function announce(text) {
  const live = document.getElementById("upload-status");
  if (live) live.textContent = text;
}

function stopCamera() {
  if (stream) for (const track of stream.getTracks()) track.stop();
  stream = null;
  for (const video of box.querySelectorAll(".capture-video")) video.hidden = true;
  for (const shoot of box.querySelectorAll("[data-shoot]")) shoot.hidden = true;
}

async function openCamera(slot) {
  stopCamera();
  const video = document.getElementById(`video-${slot}`);
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 2480 }, height: { ideal: 3508 } },
      audio: false,
    });
  } catch {
    announce("无法打开摄像头，请改用下方的选择文件（扫描仪或手机）");
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  document.getElementById(`shoot-${slot}`).hidden = false;
  announce("摄像头已打开：对准材料后点击“拍摄”");
}

function shoot(slot) {
  const video = document.getElementById(`video-${slot}`);
  const canvas = document.getElementById(`canvas-${slot}`);
  const input = document.getElementById(`file-${slot}`);
  if (!video.videoWidth || !input) return;
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  canvas.toBlob(
    (blob) => {
      if (!blob) return;
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const file = new File([blob], `拍摄-${stamp}.jpg`, { type: "image/jpeg" });
      const chosen = new DataTransfer();
      chosen.items.add(file);
      input.files = chosen.files;
      input.dispatchEvent(new Event("change")); // upload.js takes it from here
    },
    "image/jpeg",
    0.9,
  );
}

function busy() {
  return box.querySelector('.upload-item[data-status="uploading"], .upload-item[data-status="attaching"]');
}

// Swap each material's page list (and its page count) for the server's, keeping unsent failures.
function swapIn(html) {
  const fresh = new DOMParser().parseFromString(html, "text/html");
  for (const list of box.querySelectorAll(".capture-pages")) {
    const next = fresh.getElementById(list.id);
    if (!next) continue;
    const failed = Array.from(list.querySelectorAll('.upload-item[data-status="failed"], .upload-item[data-status="network"]'));
    list.replaceWith(document.importNode(next, true));
    const placed = document.getElementById(list.id);
    for (const item of failed) placed.append(item);
    const hint = fresh.getElementById(list.id.replace(/^files-/, "slot-") + "-hint");
    const here = document.getElementById(list.id.replace(/^files-/, "slot-") + "-hint");
    if (hint && here) here.textContent = hint.textContent;
  }
  const done = fresh.getElementById("capture-done");
  if (done) announce(done.textContent);
}

async function refresh() {
  const response = await fetch(location.pathname, { credentials: "same-origin" });
  if (response.ok) swapIn(await response.text());
}

if (box) {
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    for (const camera of box.querySelectorAll(".capture-camera")) camera.hidden = false;
  }
  box.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.camera) openCamera(target.dataset.camera);
    if (target.dataset.shoot) shoot(target.dataset.shoot);
  });
  box.addEventListener("upload:attached", () => {
    setTimeout(() => {
      if (!busy()) refresh();
    }, 200);
  });
  box.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.capture-actions");
    if (!form) return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    if (event.submitter && event.submitter.name) body.set(event.submitter.name, event.submitter.value);
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      swapIn(await response.text());
    } catch {
      announce("操作未完成，请重试（或刷新本页）");
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      form.dataset.sent = "";
    }
  });
  window.addEventListener("pagehide", stopCamera);
}
