/* Keeps typed work on the phone until the server has it. The local copy {fields, key, at} is
   written on every keystroke and removed only when the page shows the same text from the
   server (a save) or the feedback page confirms the submission with this key. A reload, a
   dropped connection or a browser crash never empties the form. */
(function () {
  var f = document.getElementById("draft");
  if (!f || !window.localStorage || !window.JSON) return;
  var k = f.dataset.key, state = f.querySelector(".savestate"), s = null;
  var inputs = f.querySelectorAll("input[name=title],textarea");
  try { s = JSON.parse(localStorage.getItem(k) || "null"); } catch (e) { s = null; }
  function same() {
    for (var i = 0; i < inputs.length; i++) {
      if ((s.fields[inputs[i].name] || "") !== inputs[i].value) return false;
    }
    return true;
  }
  if (s && s.fields) {
    if (same()) { localStorage.removeItem(k); s = null; }  // the server has exactly this text
    else {
      for (var i = 0; i < inputs.length; i++) {
        var v = s.fields[inputs[i].name];
        if (typeof v === "string") inputs[i].value = v;
      }
      if (s.key) f.elements.key.value = s.key;  // a retried submit keeps its idempotency key
      if (state) state.textContent = f.dataset.unsaved;
    }
  }
  function keep() {
    var fields = {};
    for (var i = 0; i < inputs.length; i++) fields[inputs[i].name] = inputs[i].value;
    s = {fields: fields, key: f.elements.key.value, at: Date.now()};
    try { localStorage.setItem(k, JSON.stringify(s)); } catch (e) {}
    if (state) state.textContent = f.dataset.unsaved;
  }
  for (var j = 0; j < inputs.length; j++) inputs[j].addEventListener("input", keep);
  f.addEventListener("submit", function () {
    keep();  // kept until the server confirms; the button cannot be tapped twice meanwhile
    var b = f.querySelectorAll("button:not([type=button])");
    setTimeout(function () { for (var i = 0; i < b.length; i++) b[i].disabled = true; }, 0);
    setTimeout(function () { for (var i = 0; i < b.length; i++) b[i].disabled = false; }, 15000);
  });
})();
