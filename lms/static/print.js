/* The sign-in card's Print button: shown only when this script runs (without JavaScript the
   browser's own print menu still works), so the page needs no inline handler under the CSP. */
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
