// "Show password" next to every password box: lets a villager check what they typed on a
// small keyboard. The button is rendered hidden by the form macro and only shown here.
(function () {
  "use strict";
  document.querySelectorAll("button.show-pw").forEach(function (button) {
    var input = button.parentElement.querySelector("input[type=password]");
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.textContent = showing ? button.dataset.show : button.dataset.hide;
      button.setAttribute("aria-pressed", showing ? "false" : "true");
      input.focus();
    });
    // Never submit while shown, so the browser does not save the password as plain text.
    if (input.form) input.form.addEventListener("submit", function () { input.type = "password"; });
  });
})();
