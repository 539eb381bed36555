// Nothing typed in a meeting step is lost before it is saved: what is typed in a form marked data-macp-draft is kept
// in this browser tab (sessionStorage) and put back if the page is left and opened again. Saving the form clears it.
(function () {
  "use strict";
  document.querySelectorAll("form[data-macp-draft]").forEach(function (form) {
    var key = "macp-draft:" + form.getAttribute("data-macp-draft");
    var fields = Array.prototype.slice.call(form.querySelectorAll("textarea, input[type=text]"));
    var saved = {};
    try { saved = JSON.parse(window.sessionStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    var restored = false;
    fields.forEach(function (field) {
      // Only into a box still showing what the server sent: a posted page with an error already has the typing.
      if (typeof saved[field.name] === "string" && saved[field.name] !== field.value && field.value === field.defaultValue) {
        field.value = saved[field.name];
        restored = true;
      }
    });
    var note = form.querySelector("[data-macp-draft-note]");
    if (restored && note) { note.hidden = false; }
    form.addEventListener("input", function () {
      var draft = {};
      fields.forEach(function (field) { draft[field.name] = field.value; });
      window.sessionStorage.setItem(key, JSON.stringify(draft));
    });
    form.addEventListener("submit", function () { window.sessionStorage.removeItem(key); });
  });
})();
