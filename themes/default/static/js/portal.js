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
