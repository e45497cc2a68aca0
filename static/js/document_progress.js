// The decision's papers: polls the progress (data-url) until every document is made, moving
// the bars, then reloads the page.  Without JavaScript a <noscript> refresh does the same.
(function () {
  var box = document.getElementById("progress");
  if (!box || box.dataset.settled === "1") { return; }
  function set(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var bar = document.getElementById("documents-bar");
        if (bar) { bar.max = s.documents.total; bar.value = s.documents.done; }
        set("documents-done", s.documents.done);
        var p = s.print;
        if (p) {
          var pbar = document.getElementById("print-bar");
          if (pbar) { pbar.max = p.total; pbar.value = p.done; }
          set("print-count", p.done + "/" + p.total);
          set("print-status", p.status_text);
        }
        if (s.settled) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
