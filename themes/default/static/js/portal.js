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
