// Polls an import's progress and updates the bar; reloads the page when the import has moved on
// (checked, written, refused), so the preview or the outcome shows without a manual reload.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box || box.dataset.open !== "1") return;
  var bar = document.getElementById("import-progress");
  var label = document.getElementById("import-state");
  var state = box.dataset.state;
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (label) { label.textContent = data.label; }
        if (data.state !== state || !data.open) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
