// 文书核验 — progressive enhancement: where the browser can read QR codes (BarcodeDetector) and has a
// camera, a 扫描二维码 button fills the code box from the document's QR and submits it. Elsewhere the
// button stays hidden and the page works as it is: type the code, or upload the PDF.
// The QR holds the verify link (…/verify/<code>): its last path segment is the code.

const button = document.getElementById("verify-scan");
const scanner = document.getElementById("verify-scanner");
const status = document.getElementById("verify-scan-status");
const form = document.getElementById("verify-code-form");

async function canScan() {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return false;
  try {
    return (await window.BarcodeDetector.getSupportedFormats()).includes("qr_code");
  } catch {
    return false;
  }
}

function codeOf(text) {
  const last = text.trim().split(/[/?#]/).filter(Boolean).pop() || "";
  return last.length <= 40 ? last : "";
}

async function scan() {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  } catch {
    status.textContent = "无法使用摄像头，请直接输入核验码";
    return;
  }
  // The camera preview exists only while scanning (a live picture, no sound to caption).
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("aria-label", "摄像头画面");
  scanner.prepend(video);
  scanner.hidden = false;
  status.textContent = "请将文书上的二维码对准摄像头";
  video.srcObject = stream;
  await video.play();
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  const stop = () => stream.getTracks().forEach((track) => track.stop());
  const tick = async () => {
    const found = await detector.detect(video).catch(() => []);
    const code = found.length ? codeOf(found[0].rawValue) : "";
    if (!code) {
      window.setTimeout(tick, 250);
      return;
    }
    stop();
    video.remove();
    form.elements.code.value = code;
    status.textContent = "已识别核验码，正在核验";
    form.submit();
  };
  tick();
}

if (button && form && (await canScan())) {
  button.hidden = false;
  button.addEventListener("click", scan);
}
