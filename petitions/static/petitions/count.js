// Live signature count: polls the cheap count endpoint; the page shows the count without this file too.
(function () {
  "use strict";
  var box = document.querySelector("[data-count-url]");
  if (!box || !window.fetch) { return; }
  var figure = box.querySelector("[data-petition-count]");
  var bar = box.querySelector("[data-petition-progress]");
  function refresh() {
    if (document.hidden) { return; }
    fetch(box.getAttribute("data-count-url"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        figure.textContent = data.signature_count;
        if (bar) { bar.value = data.signature_count; }
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }
  window.setInterval(refresh, 5000);
  document.addEventListener("visibilitychange", refresh);
})();
