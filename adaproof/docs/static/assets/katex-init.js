// Typeset the math that pymdownx.arithmatex (generic mode) left in
// <span class="arithmatex">\(...\)</span> and <div class="arithmatex">\[...\]</div>, with the
// KaTeX vendored beside this file.  Runs on every page load (and on Material's instant
// navigation, when enabled).
(function () {
  function typeset(root) {
    root.querySelectorAll(".arithmatex").forEach(function (el) {
      if (el.dataset.typeset) return;
      var tex = el.textContent.trim();
      var display = el.tagName === "DIV";
      if (tex.startsWith("\\(") || tex.startsWith("\\[")) tex = tex.slice(2, -2);
      katex.render(tex, el, { displayMode: display, throwOnError: false, strict: "ignore" });
      el.dataset.typeset = "1";
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { typeset(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  }
})();
