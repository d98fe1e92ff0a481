// The example survey's own logic: enable Submit once the tool hands over a redacted file,
// and upload exactly that file (and its receipt) to the demo endpoint when Submit is pressed.

const donation = document.getElementById("donation");
const status = document.getElementById("donation-status");
const submit = document.getElementById("submit");
const submitStatus = document.getElementById("submit-status");
let prepared = null;

donation.addEventListener("ready", (event) => {
  prepared = event.detail;
  const records = prepared.summary?.totals?.records ?? 0;
  status.textContent = `Redacted file ready (${prepared.file.size.toLocaleString()} bytes, ` +
    `${records.toLocaleString()} records). Press Submit to send it.`;
  submit.disabled = false;
});

donation.addEventListener("findings", () => {
  prepared = null;
  submit.disabled = true;
  status.textContent = "The chosen file cannot be used; please follow the advice above.";
});

donation.addEventListener("cancel", () => {
  prepared = null;
  submit.disabled = true;
  status.textContent = "Cancelled: no file prepared.";
});

async function post(body, type) {
  const response = await fetch("/upload", { method: "POST", body, headers: { "Content-Type": type } });
  if (!response.ok) throw new Error(`upload failed: ${response.status}`);
  return response.json();
}

submit.addEventListener("click", async () => {
  if (!prepared) return;
  submit.disabled = true;
  submitStatus.textContent = "Sending…";
  try {
    const stored = await post(prepared.file, "application/json");
    await post(new Blob([JSON.stringify(prepared.receipt, null, 2)]), "application/json");
    submitStatus.textContent = `Thank you! Your redacted file was received (${stored.bytes.toLocaleString()} bytes).`;
    submitStatus.dataset.uploaded = stored.stored;
  } catch (error) {
    submitStatus.textContent = "Sending failed. Please try again.";
    submit.disabled = false;
  }
});
