// data-print on a button prints the page (the print pages' toolbar, the password sheets).
(function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
