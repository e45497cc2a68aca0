// The idle limit of a signed-in session (councils/session_middleware.py).
// <body data-session-idle-seconds data-session-warning-seconds data-session-keepalive-url>:
// a few minutes before the idle end a banner says so, with a button that keeps the session.
// Typing into any form of the page keeps the session alive (at most one keep-alive a minute),
// so a long ballot or dossier being filled in is never lost to the idle limit.
(function () {
  var body = document.body;
  var idle = Number(body.getAttribute("data-session-idle-seconds"));
  var warning = Number(body.getAttribute("data-session-warning-seconds")) || 180;
  var url = body.getAttribute("data-session-keepalive-url");
  var banner = document.getElementById("session-banner");
  if (!idle || !url || !banner) { return; }
  var text = banner.querySelector(".session-banner-text");
  var button = banner.querySelector("[data-session-keepalive]");
  var seenAt = Date.now();  // the server counted this page's request as activity
  var sentAt = 0;
  var expired = false;

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function show(message, withButton) {
    text.textContent = message;
    button.hidden = !withButton;
    banner.hidden = false;
  }
  function keepAlive() {
    if (expired) { return; }
    sentAt = Date.now();
    // never follow a redirect: a page still owed a step (the second factor, a new password) would
    // answer with its own page, and a GET of it may do work (a new enrolment key)
    fetch(url, {method: "POST", credentials: "same-origin", redirect: "manual", headers: {"X-CSRFToken": csrfToken()}})
      .then(function (response) {
        if (response.status === 204) { seenAt = Date.now(); banner.hidden = true; }
        else if (response.status === 401 || response.status === 403) { expired = true; show(banner.getAttribute("data-expired-text"), false); }
      })
      .catch(function () { /* offline for a moment: the next keystroke or the banner tries again */ });
  }
  function check() {
    if (expired) { return; }
    var left = idle - (Date.now() - seenAt) / 1000;
    if (left <= 0) { expired = true; show(banner.getAttribute("data-expired-text"), false); }
    else if (left <= warning) { show(banner.getAttribute("data-warning-text"), true); }
  }
  button.addEventListener("click", keepAlive);
  document.addEventListener("input", function (e) {
    if (e.target && e.target.form && Date.now() - sentAt > 60000) { keepAlive(); }
  });
  check();
  window.setInterval(check, 15000);
})();
