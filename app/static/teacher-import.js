// The progress bar of a staff-file import (app/teachers/templates/teachers/import_progress.html): polls
// the import's status and reloads the page, which then shows the result, once the job is done.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar) { return; }
  var url = bar.getAttribute("data-status-url");
  var text = document.getElementById("import-progress-text");
  var template = text ? text.getAttribute("data-template") : null;

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.processed;
    if (text && template) {
      text.textContent = template.replace("{processed}", status.processed).replace("{total}", status.total);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.done) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
}());
