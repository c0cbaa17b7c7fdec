// 打印: print the PDF shown in the frame where the browser allows it, else the page (which carries it).
const button = document.getElementById("print-button");
if (button) {
  button.addEventListener("click", () => {
    const frame = document.getElementById(button.dataset.print || "");
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch {
      // A frame from another origin (the documents bucket) cannot be scripted: print this page.
      window.print();
    }
  });
}
