// Autocomplete for the search box; progressive enhancement (search app).
// ARIA 1.2 combobox with a listbox popup: the form works without this script; with it,
// typing shows up to 8 service titles; Up/Down move, Enter opens, Escape closes.
(function () {
  "use strict";
  var script = document.currentScript;
  function ensureStyles() {
    if (!script || document.querySelector("link[data-search-css]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.src.replace(/autocomplete\.js(\?.*)?$/, "search.css");
    link.setAttribute("data-search-css", "");
    document.head.appendChild(link);
  }

  function setup(input, n) {
    var endpoint = input.getAttribute("data-autocomplete");
    if (!endpoint || !window.fetch) return;
    ensureStyles();
    var listId = "autocomplete-list-" + n;
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [], active = -1, timer = null, controller = null, lastQuery = "";
    // The announcement comes translated from the template (gettext), with {n} for the count.
    var statusTemplate = input.getAttribute("data-autocomplete-status") || "{n}";

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({block: "nearest"}); }
      else input.removeAttribute("aria-activedescendant");
    }
    function go(i) { var url = items[i] && items[i].getAttribute("data-url"); if (url) window.location.href = url; }
    function render(suggestions) {
      list.innerHTML = ""; items = []; active = -1;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", s.url);
        li.textContent = s.title;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li); items.push(li);
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = open ? statusTemplate.replace("{n}", String(items.length)) : "";
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (q.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var sep = endpoint.indexOf("?") >= 0 ? "&" : "?";
      fetch(endpoint + sep + "q=" + encodeURIComponent(q), controller ? {signal: controller.signal} : {})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) { if (input.value.trim() === q) render(data.suggestions || []); })
        .catch(function () { /* offline or aborted: the plain form still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        if (list.hidden) { lastQuery = ""; fetchSuggestions(); return; }
        e.preventDefault(); highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        if (list.hidden) return;
        e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) { e.preventDefault(); go(active); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-autocomplete]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i], i);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
