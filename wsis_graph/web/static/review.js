// /review: keys for the decision buttons (a accept, r reject, u unsure, n next).
// Each key clicks the button that carries it (data-key), so the form posts exactly as a click would;
// nothing is kept in the browser. Keys typed into a text field, or with a modifier, are left alone.
(function () {
  "use strict";
  function typing(target) {
    if (!target) return false;
    var tag = (target.tagName || "").toLowerCase();
    return target.isContentEditable || tag === "input" || tag === "textarea" || tag === "select";
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var form = document.getElementById("decide");
    if (!form) return;
    var button = form.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    var token = form.querySelector('input[name="token"]');
    var status = document.getElementById("keys-status");
    if (button.value !== "next" && token && !token.value) {
      if (status) status.textContent = "Type your reviewer token first (once): the page keeps it for the next decisions.";
      token.focus();
      return;
    }
    if (form.dataset.sent) return; // one post per page: a key held down sends it once
    form.dataset.sent = "1";
    button.click();
  });
})();
