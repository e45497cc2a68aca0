// The secretariat's review form: one reason for the lines it returns, shown when needed.
// Without this script the field is always there; with it, the field shows once the officer
// chooses to return the dossier and ticks a line (or has already written a reason).
(function () {
  var form = document.querySelector("form[data-review]");
  var field = document.getElementById("line-reason-field");
  if (!form || !field) { return; }
  var reason = field.querySelector("textarea");
  function picks() { return document.querySelectorAll('input[name="lines"][form="' + form.id + '"]'); }
  function update() {
    var returning = form.querySelector('input[name="decision"][value="return"]:checked') !== null;
    var picked = Array.prototype.some.call(picks(), function (box) { return box.checked; });
    field.hidden = !(returning && picked) && !(reason && reason.value.trim());
  }
  form.addEventListener("change", update);
  picks().forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
