// Slugs typed or generated in the admin use the official Ukrainian transliteration (Cabinet of Ministers
// resolution No. 55 of 2010), the same rules as cms.text on the server: Wagtail's w-slug controller applies its
// documented "formatters" value before its own urlify, so every slug field gets ours (also fields added later).
(function () {
  "use strict";
  var source = document.getElementById("portal-slug-formatters");
  if (!source) return;
  var formatters = source.textContent;
  function apply(root) {
    var fields = root.querySelectorAll ? root.querySelectorAll('[data-controller~="w-slug"]') : [];
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].hasAttribute("data-w-slug-formatters-value")) {
        fields[i].setAttribute("data-w-slug-formatters-value", formatters);
      }
    }
  }
  apply(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) { if (node.nodeType === 1) apply(node); });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
