// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Videos load from their provider only when the visitor asks for them.
  document.querySelectorAll("[data-video-embed]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = link.getAttribute("data-video-embed") + "?autoplay=1";
      frame.title = link.getAttribute("data-video-title");
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      link.parentNode.replaceChild(frame, link);
      frame.focus();
    });
  });
})();
