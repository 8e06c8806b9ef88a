// City directory: colour swatches in the list (CSSOM, no style attributes under the Content-Security-Policy).
(function () {
  "use strict";
  document.querySelectorAll(".directory-swatch[data-colour]").forEach(function (swatch) {
    swatch.style.backgroundColor = swatch.getAttribute("data-colour");
  });
})();
