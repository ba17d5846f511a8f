// Draws the ```{mermaid} blocks of a page with the vendored mermaid (vendor/mermaid/README.md).
// The diagram text is in <pre class="mermaid"> elements; mermaid replaces each by its SVG.
(function () {
  "use strict";
  function dark() {
    var theme = document.body.dataset.theme;
    if (theme === "dark") return true;
    if (theme === "light") return false;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function draw() {
    window.mermaid.initialize({ startOnLoad: false, theme: dark() ? "dark" : "default" });
    window.mermaid.run({ querySelector: ".mermaid" });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
