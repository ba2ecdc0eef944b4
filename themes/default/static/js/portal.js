// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // "Print" buttons exist only where printing can work: hidden in the HTML, shown here.
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
(function () {
  "use strict";
  // After a failed submit, move focus to the error summary (the HTML also says autofocus).
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();
(function () {
  "use strict";
  // A guide's checklist keeps its ticks in this browser (no account, nothing on the server).
  // A private link (?t=…) carries its own ticks: then the page's ticks are the link's.
  var form = document.querySelector("form[data-checklist]");
  if (!form) { return; }
  var storage;
  try { storage = window.localStorage; } catch (e) { return; }
  if (!storage) { return; }
  var key = "checklist:" + form.getAttribute("data-checklist");
  var fromLink = /[?&]t=/.test(window.location.search);
  var stored = {};
  try { stored = JSON.parse(storage.getItem(key) || "{}") || {}; } catch (e) { stored = {}; }
  var today = new Date().toISOString().slice(0, 10);
  var boxes = form.querySelectorAll("input[name=done]");
  function flag(box) {
    // "Changed since you ticked it": the register changed a service after the tick.
    var note = form.querySelector('[data-changed-since="' + box.value + '"]');
    var changed = box.getAttribute("data-changed");
    var tick = stored[box.value];
    if (note) { note.hidden = !(box.checked && tick && changed && changed > tick); }
  }
  for (var i = 0; i < boxes.length; i++) {
    var box = boxes[i];
    if (!fromLink) {
      box.checked = Object.prototype.hasOwnProperty.call(stored, box.value);
      flag(box);
    }
    box.addEventListener("change", function (event) {
      var target = event.target;
      if (target.checked) { stored[target.value] = stored[target.value] || today; }
      else { delete stored[target.value]; }
      storage.setItem(key, JSON.stringify(stored));
      flag(target);
    });
  }
  // The form (e-mailed checklist, private link) carries the day each tick was made, so
  // "changed since you ticked it" holds there too.
  form.addEventListener("submit", function () {
    if (fromLink) { return; }
    var days = form.querySelector("input[name=ticked_on]");
    if (!days) {
      days = document.createElement("input");
      days.type = "hidden";
      days.name = "ticked_on";
      form.appendChild(days);
    }
    days.value = Object.keys(stored).map(function (index) {
      return index + ":" + stored[index];
    }).join(",");
  });
})();
