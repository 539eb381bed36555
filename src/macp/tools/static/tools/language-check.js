/* The recording-language check as you type (CONTRACTS §10): any <textarea data-language-check="where"> opts in;
   data-language-about="person_id" gives the child's age. A hidden marker <div data-language-check-form="where">
   (the language_check macro in templates/tools/_language_check.html) opts in every textarea of its form, or only
   those named in data-language-fields. The script may be included more than once: it runs once.
   Findings are advice shown under the field; a short count is announced politely; "Keep wording" records the
   writer's reason. Without JavaScript nothing changes: the text saves as typed. */
(function () {
  "use strict";
  if (window.macpLanguageCheck) { return; }
  var script = document.currentScript;
  var checkUrl = script && script.dataset.checkUrl;
  var dismissUrl = script && script.dataset.dismissUrl;
  if (!checkUrl) { return; }
  window.macpLanguageCheck = true;
  var DELAY = 700;

  function csrfToken(field) {
    var form = field.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]") || document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, field, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (key) {
      [].concat(data[key]).forEach(function (value) { body.append(key, value); });
    });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-CSRFToken": csrfToken(field), "X-Requested-With": "fetch" } });
  }

  function attach(field) {
    if (field.dataset.languageCheckAttached) { return; }
    field.dataset.languageCheckAttached = "1";
    var id = field.id || ("language-field-" + Math.random().toString(36).slice(2));
    var region = document.createElement("div");
    region.className = "macp-language-check";
    region.id = id + "-language-check";
    var status = document.createElement("div");
    status.className = "govuk-visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.id = id + "-language-status";
    field.insertAdjacentElement("afterend", region);
    region.insertAdjacentElement("afterend", status);
    var timer = null, lastText = null, lastCount = 0, dismissed = [];

    function announce(message) { status.textContent = message; }

    function check() {
      var text = field.value;
      if (text === lastText) { return; }
      lastText = text;
      post(checkUrl, field, { text: text, about: field.dataset.languageAbout || "", field: id, dismissed: dismissed })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (field.value !== text) { return; }
          region.innerHTML = html;
          var count = region.querySelectorAll(".macp-language-finding").length;
          if (count !== lastCount) {
            announce(count ? "Recording check: " + count + " suggestion" + (count === 1 ? "" : "s") + " about the wording, below the field."
                           : "Recording check: no suggestions about the wording.");
          }
          lastCount = count;
        })
        .catch(function () { /* advice only: a failed check never gets in the writer's way */ });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY);
    });

    region.addEventListener("click", function (event) {
      var button = event.target.closest("[data-dismiss-finding]");
      if (!button) { return; }
      var item = button.closest(".macp-language-finding");
      var reasonInput = item.querySelector("[data-dismiss-reason]");
      post(dismissUrl, field, { where: field.dataset.languageCheck, rule: item.dataset.rule, text: item.dataset.text,
                                reason: reasonInput.value })
        .then(function (response) {
          return response.text().then(function (html) { return { ok: response.ok, html: html }; });
        })
        .then(function (result) {
          if (result.ok) {
            dismissed.push(item.dataset.rule + "|" + item.dataset.text.toLowerCase());
            item.remove();
            lastCount = region.querySelectorAll(".macp-language-finding").length;
            if (!lastCount) { region.innerHTML = ""; }
            announce("Wording kept; your reason has been recorded.");
            field.focus();
          } else {
            var error = item.querySelector(".macp-dismiss-error") || document.createElement("div");
            error.className = "macp-dismiss-error";
            error.innerHTML = result.html;
            reasonInput.insertAdjacentElement("beforebegin", error);
            announce(error.textContent.trim());
            reasonInput.focus();
          }
        });
    });

    if (field.value.trim()) { check(); }
  }

  function optIn(marker) {
    var scope = marker.closest("form") || document;
    var named = (marker.dataset.languageFields || "").split(/\s+/).filter(Boolean);
    var fields = named.length ? named.map(function (id) { return document.getElementById(id); })
                              : [].slice.call(scope.querySelectorAll("textarea"));
    fields.forEach(function (field) {
      if (!field || field.tagName !== "TEXTAREA" || field.dataset.languageCheck) { return; }
      field.dataset.languageCheck = marker.dataset.languageCheckForm + ":" + (field.name || field.id);
      if (marker.dataset.languageAbout) { field.dataset.languageAbout = marker.dataset.languageAbout; }
    });
  }

  function start() {
    document.querySelectorAll("[data-language-check-form]").forEach(optIn);
    document.querySelectorAll("textarea[data-language-check]").forEach(attach);
  }
  // Fragments swapped in by HTMX may bring fields of their own.
  document.addEventListener("htmx:afterSettle", start);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
