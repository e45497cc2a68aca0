// "Agree to all" (the whole ballot, or one award type's section): ticks the radios in the page only;
// nothing is sent, nor kept anywhere, before the member reviews and casts the ballot.
(function () {
  function agreeIn(scope) {
    if (!scope) { return; }
    scope.querySelectorAll('input[type=radio][value="agree"]:not([disabled])').forEach(function (r) { r.checked = true; });
  }
  // the buttons come hidden: without JavaScript they would do nothing, and the member picks each line
  document.querySelectorAll("[data-agree-all], [data-agree-group]").forEach(function (b) { b.hidden = false; });
  document.querySelectorAll("[data-agree-all]").forEach(function (b) {
    b.addEventListener("click", function () { agreeIn(document.getElementById("ballot")); });
  });
  document.querySelectorAll("[data-agree-group]").forEach(function (b) {
    b.addEventListener("click", function () {
      agreeIn(document.querySelector('.ballot-group[data-group="' + b.getAttribute("data-agree-group") + '"]'));
    });
  });
})();
