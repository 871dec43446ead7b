/* Feedback page: confirms the submission to draft.js (drops the phone's copy sent with this
   key) and, while the tutor is still working, polls the status and reloads when it is final. */
(function () {
  var fb = document.getElementById("fb");
  if (!fb) return;
  try {
    var s = JSON.parse(localStorage.getItem(fb.dataset.key) || "null");
    if (s && s.key === fb.dataset.nonce) localStorage.removeItem(fb.dataset.key);
  } catch (e) {}
  var url = fb.dataset.poll, wait = 2000;
  if (!url || !window.XMLHttpRequest) return;
  function poll() {
    var x = new XMLHttpRequest();
    x.open("GET", url);
    x.setRequestHeader("Accept", "application/json");
    x.onload = function () {
      var st = "";
      try { st = JSON.parse(x.responseText).status; } catch (e) {}
      if (st === "done" || st === "failed") { location.reload(); return; }
      wait = Math.min(wait * 1.5, 15000); setTimeout(poll, wait);
    };
    x.onerror = function () { wait = Math.min(wait * 2, 30000); setTimeout(poll, wait); };
    x.send();
  }
  setTimeout(poll, wait);
})();
