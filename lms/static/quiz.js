/* A quiz is sent once: after the first tap its [data-once] button is disabled, on the next
   tick so that the tapped button still goes with the form. */
(function () {
  var buttons = document.querySelectorAll("form [data-once]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.form.addEventListener("submit", function () {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
})();
