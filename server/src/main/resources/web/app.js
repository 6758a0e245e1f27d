"use strict";
// The arcmetric web page: predict by dropping an image, list classes, enrol a class.
// Plain browser JavaScript, no external scripts.
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const r = await fetch(path, options);
  const type = r.headers.get("Content-Type") || "";
  const body = type.startsWith("application/json") ? await r.json() : null;
  if (!r.ok) {
    throw new Error(body && body.message ? body.message : "HTTP " + r.status);
  }
  return body;
}

async function loadClasses() {
  const data = await api("/api/v1/classes");
  $("entries").textContent = "(" + data.entries + " entries)";
  const list = $("classes");
  list.replaceChildren();
  for (const c of data.classes) {
    const li = document.createElement("li");
    li.textContent = c.label + " — " + c.count;
    li.dataset.label = c.label;
    list.appendChild(li);
  }
  $("status").textContent = "ready";
}

// What the server says decided the answer (its decided_by), in words.
function describeRule(d) {
  if (!d) return "";
  let s = d.mode === "knn"
    ? "the " + d.k + " nearest images, " + (d.knn_prior === "uniform" ? "each class weighed equally" : "plain vote")
    : "the nearest class centre";
  if (d.calibrated) s += ", with the calibrated thresholds";
  return "decided by " + s;
}

let lastFile = null;

async function predict(file) {
  lastFile = file;
  $("predict-error").hidden = true;
  const form = new FormData();
  form.append("image", file);
  const rule = $("predict-rule").value;
  try {
    const p = await api("/api/v1/predict?top_k=5" + (rule ? "&" + rule : ""), { method: "POST", body: form });
    $("query").src = URL.createObjectURL(file);
    $("result").hidden = false;
    const label = $("label");
    label.textContent = p.unknown ? "unknown" : p.label;
    label.className = p.unknown ? "unknown" : "";
    $("score").textContent = "score " + p.score.toFixed(3);
    $("threshold").textContent = p.threshold === undefined ? "" :
      "threshold " + p.threshold.toFixed(3) + ", estimated false-accept rate " + p.estimated_far.toFixed(4);
    $("decided").textContent = describeRule(p.decided_by);
    const box = $("neighbours");
    box.replaceChildren();
    for (const n of p.neighbours) {
      const tile = document.createElement("div");
      tile.className = "tile";
      const img = document.createElement("img");
      img.alt = n.label;
      img.src = "/api/v1/entries/" + encodeURIComponent(n.id) + "/thumbnail";
      img.onerror = () => { img.style.visibility = "hidden"; };
      const caption = document.createElement("div");
      caption.textContent = n.label + " " + n.score.toFixed(3);
      tile.append(img, caption);
      box.appendChild(tile);
    }
  } catch (e) {
    $("predict-error").textContent = e.message;
    $("predict-error").hidden = false;
  }
}

$("predict-rule").addEventListener("change", () => {
  if (lastFile) predict(lastFile);
});
$("predict-file").addEventListener("change", (e) => {
  if (e.target.files.length) predict(e.target.files[0]);
});
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) predict(e.dataTransfer.files[0]);
});

$("enrol-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const label = $("enrol-label").value.trim();
  const form = new FormData();
  for (const f of $("enrol-files").files) form.append("images", f);
  const headers = {};
  const token = $("enrol-token").value;
  if (token) headers["Authorization"] = "Bearer " + token;
  try {
    const r = await api("/api/v1/classes/" + encodeURIComponent(label) + "/images",
      { method: "POST", body: form, headers });
    $("enrol-message").textContent = "enrolled " + r.ids.length + " images into '" + r.label + "'";
    $("enrol-message").className = "";
    await loadClasses();
  } catch (err) {
    $("enrol-message").textContent = err.message;
    $("enrol-message").className = "error";
  }
});

loadClasses().catch((e) => { $("status").textContent = "not ready: " + e.message; });
