/* Read-aloud on the lesson page, in a Chinese voice or not at all. A phone without a Chinese
   voice would otherwise show "stop reading" and stay silent, so the button first looks for a
   zh voice (Android lists voices late, after "voiceschanged") and says plainly when there is
   none. The button goes back to "read aloud" whenever the speech ends, fails or never starts. */
(function () {
  var b = document.getElementById("say"), s = window.speechSynthesis;
  if (!b || !s || !window.SpeechSynthesisUtterance) return;
  var msg = document.getElementById("say-msg"), label = b.textContent, run = 0;
  var loaded = Date.now(), VOICES_WAIT = 2500, START_WAIT = 5000;
  b.hidden = false;
  s.getVoices();  // some browsers start loading the voices only when first asked

  function rank(lang) {
    lang = (lang || "").replace(/_/g, "-").toLowerCase();
    if (/^(zh|cmn)-(cn|hans)/.test(lang)) return 3;                          // Mandarin, mainland
    if (/^(zh|cmn)(-|$)/.test(lang) && !/-(hk|mo)(-|$)/.test(lang)) return 2;  // other Mandarin
    if (/^(zh|yue)(-|$)/.test(lang)) return 1;                                 // Cantonese
    return 0;
  }
  function zhVoice() {
    var voices = s.getVoices() || [], best = null;
    for (var i = 0; i < voices.length; i++) {
      if (rank(voices[i].lang) > (best ? rank(best.lang) : 0)) best = voices[i];
    }
    return best;
  }
  function say(text) {
    if (msg) { msg.textContent = text || ""; msg.hidden = !text; }
  }
  function reset(text) {
    run++;  // late events of an earlier reading change nothing
    b.textContent = label;
    b.setAttribute("aria-pressed", "false");
    b.disabled = false;
    say(text);
  }
  function stop(text) {
    reset(text);  // first, so that the cancelled utterances' own error events are ignored
    s.cancel();
  }
  function withVoices(then) {
    // Voices arrive late, in one "voiceschanged" or several (Android, desktop Chrome), so
    // until a Mandarin voice shows up, wait a little (counted from the page load) to decide.
    function mandarin() { var v = zhVoice(); return v && rank(v.lang) >= 2; }
    if (mandarin()) { then(); return; }
    var done = false, listens = !!s.addEventListener;
    function go() {
      if (done) return;
      done = true;
      if (listens) s.removeEventListener("voiceschanged", changed);
      then();
    }
    function changed() { if (mandarin()) go(); }
    if (listens) s.addEventListener("voiceschanged", changed);
    setTimeout(go, Math.max(300, loaded + VOICES_WAIT - Date.now()));
  }
  function paragraphs() {
    var text = document.querySelector(".keys").innerText + "\n" + document.getElementById("text").innerText;
    return text.split(/\n+/).map(function (p) { return p.trim(); }).filter(Boolean);
  }
  function read() {
    var voice = zhVoice();
    if (!voice) { reset(b.dataset.novoice); return; }
    if (s.speaking || s.pending) s.cancel();  // a queue left from an earlier page blocks a new one
    var mine = ++run, started = false, parts = paragraphs();
    b.textContent = b.dataset.stop;
    b.setAttribute("aria-pressed", "true");
    b.disabled = false;
    say("");
    // One utterance per paragraph: long single utterances get cut off on some engines.
    parts.forEach(function (part, i) {
      var u = new SpeechSynthesisUtterance(part);
      u.lang = voice.lang; u.voice = voice; u.rate = 0.9;
      u.addEventListener("start", function () { started = true; });
      u.addEventListener("end", function () { if (mine === run && i === parts.length - 1) reset(); });
      u.addEventListener("error", function (e) {
        if (mine !== run) return;
        var stopped = e.error === "canceled" || e.error === "interrupted";
        var missing = /^(language|voice|synthesis)-unavailable$/.test(e.error || "");
        stop(stopped ? "" : missing ? b.dataset.novoice : b.dataset.failed);
      });
      s.speak(u);
    });
    setTimeout(function () {
      if (mine === run && !started && !s.speaking) stop(b.dataset.failed);
    }, START_WAIT);
  }
  b.addEventListener("click", function () {
    if (b.getAttribute("aria-pressed") === "true") { stop(""); return; }
    b.disabled = true;  // until the voices are known
    withVoices(read);
  });
})();
