// The chairman's page: filters the lines that need no vote by name or unit, in the page only.
(function () {
  var box = document.getElementById("no-vote-search");
  if (!box) { return; }
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase().normalize("NFC");
    document.querySelectorAll("#no-vote-lines details").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("li").forEach(function (li) {
        var hit = !q || li.getAttribute("data-search").normalize("NFC").indexOf(q) !== -1;
        li.hidden = !hit; if (hit) { shown += 1; }
      });
      group.hidden = shown === 0; if (q && shown) { group.open = true; }
    });
  });
})();
