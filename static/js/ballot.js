// "Agree to all": ticks the radios in the page only; nothing is sent before the review.
(function () {
  function agreeIn(scope) {
    if (!scope) { return; }
    scope.querySelectorAll('input[type=radio][value="agree"]:not([disabled])').forEach(function (r) { r.checked = true; });
  }
  document.querySelectorAll("[data-agree-all]").forEach(function (b) {
    b.addEventListener("click", function () { agreeIn(document.getElementById("ballot")); });
  });
  document.querySelectorAll("[data-agree-group]").forEach(function (b) {
    b.addEventListener("click", function () {
      agreeIn(document.querySelector('.ballot-group[data-group="' + b.getAttribute("data-agree-group") + '"]'));
    });
  });
})();
