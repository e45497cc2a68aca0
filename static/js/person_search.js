// The line form: suggests people already in the registry as one types (accents optional) and
// fills the line's fields with the one picked.  The input carries the search URL with its
// council already in the query (data-search-url).
(function () {
  var q = document.getElementById("person-q"), list = document.getElementById("person-results"), timer;
  if (!q || !list) { return; }
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!q.value.trim()) { list.innerHTML = ""; return; }
      fetch(q.getAttribute("data-search-url") + "&q=" + encodeURIComponent(q.value))
        .then(function (r) { return r.json(); }).then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (p) {
            var li = document.createElement("li"), b = document.createElement("button");
            b.type = "button"; b.className = "link";
            b.textContent = p.full_name + (p.birth_date ? " (" + p.birth_date + ")" : "") + (p.unit ? " – " + p.unit : "");
            b.addEventListener("click", function () {
              document.getElementById("id_person").value = p.id;
              document.getElementById("id_full_name").value = p.full_name;
              document.getElementById("id_birth_date").value = p.birth_date;
              document.getElementById("id_position").value = p.position;
              list.innerHTML = "";
            });
            li.appendChild(b); list.appendChild(li);
          });
        });
    }, 250);
  });
})();
