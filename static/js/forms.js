// Forms across the site.
// data-confirm="…": asks before submitting, and says what cannot be undone.
// data-once: a second click on a submitting form does nothing (the server refuses a second
// action anyway).  The pressed button's own name=value (the ballot's step) is kept as a hidden
// field first: a disabled button is left out of the data the browser posts.
// data-autosubmit on a field: choosing a value submits its form (the language switch).
(function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); e.stopImmediatePropagation(); }
    }, true);
  });
  document.querySelectorAll("form[data-once]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      var pressed = e.submitter;
      if (pressed && pressed.name) {
        var keep = document.createElement("input");
        keep.type = "hidden"; keep.name = pressed.name; keep.value = pressed.value;
        f.appendChild(keep);
      }
      f.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  });
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () { field.form.submit(); });
  });
})();
