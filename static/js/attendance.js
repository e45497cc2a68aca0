// The session page: "everyone present" ticks every member's "present" radio; nothing is sent.
(function () {
  var allPresent = document.getElementById("all-present");
  if (!allPresent) { return; }
  allPresent.addEventListener("click", function () {
    document.querySelectorAll('#attendance input[type=radio][value="present"]').forEach(function (r) { r.checked = true; });
  });
})();
