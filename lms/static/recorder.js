/* In-browser recording for livestream tasks: MediaRecorder (webm/opus on Android Chrome,
   mp4/aac on iOS Safari), a timer, a level meter, stop, listen back, record again, and an
   upload with progress. Without MediaRecorder the file box below still works. */
(function () {
  var rec = document.getElementById("rec"), form = document.getElementById("draft");
  if (!rec || !form || !window.MediaRecorder || !navigator.mediaDevices) return;
  var box = rec.querySelector(".recbox"), msg = rec.querySelector(".recmsg");
  var timer = rec.querySelector(".timer"), level = rec.querySelector(".level");
  var player = rec.querySelector("audio"), bar = rec.querySelector("progress");
  var btn = {};
  ["start", "stop", "again", "send"].forEach(function (a) { btn[a] = rec.querySelector("[data-act=" + a + "]"); });
  var max = +rec.dataset.max || 300, maxBytes = +rec.dataset.maxBytes || 10485760;
  var types = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus", "audio/webm"];
  var mime = "";
  for (var i = 0; i < types.length; i++) {
    if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(types[i])) { mime = types[i]; break; }
  }
  var media = null, chunks = [], blob = null, stream = null, t0 = 0, tick = null, ctx = null;
  box.hidden = false;
  function show(names) {
    ["start", "stop", "again", "send"].forEach(function (a) { btn[a].hidden = names.indexOf(a) < 0; });
  }
  function clock() {
    var s = Math.floor((Date.now() - t0) / 1000);
    timer.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    if (s >= max && media && media.state === "recording") media.stop();
  }
  function meter() {
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    ctx = new AC();
    var an = ctx.createAnalyser(), data = new Uint8Array(256);
    an.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(an);
    (function draw() {
      if (!media || media.state !== "recording") { level.value = 0; return; }
      an.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128) / 128);
      level.value = peak;
      requestAnimationFrame(draw);
    })();
  }
  btn.start.addEventListener("click", function () {
    msg.textContent = "";
    navigator.mediaDevices.getUserMedia({audio: true}).then(function (s) {
      stream = s; chunks = []; blob = null;
      media = mime ? new MediaRecorder(s, {mimeType: mime}) : new MediaRecorder(s);
      media.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
      media.onstop = function () {
        clearInterval(tick);
        stream.getTracks().forEach(function (tr) { tr.stop(); });
        if (ctx) ctx.close();
        blob = new Blob(chunks, {type: media.mimeType || mime || "audio/webm"});
        player.src = URL.createObjectURL(blob); player.hidden = false;
        show(["again", "send"]);
        if (blob.size > maxBytes) { msg.textContent = rec.dataset.msgBig; btn.send.hidden = true; }
      };
      media.start(1000);
      t0 = Date.now(); tick = setInterval(clock, 250); clock();
      show(["stop"]); player.hidden = true; meter();
    }, function () { msg.textContent = rec.dataset.msgDenied; });
  });
  btn.stop.addEventListener("click", function () { if (media && media.state === "recording") media.stop(); });
  btn.again.addEventListener("click", function () {
    blob = null; player.hidden = true; timer.textContent = "0:00"; show(["start"]); btn.start.click();
  });
  btn.send.addEventListener("click", function () {
    if (!blob) return;
    var data = new FormData(form), ext = /mp4/.test(blob.type) ? "m4a" : /ogg/.test(blob.type) ? "ogg" : "webm";
    data.delete("audio");
    data.append("audio", blob, "recording." + ext);
    var x = new XMLHttpRequest();
    x.open("POST", form.action);
    x.setRequestHeader("Accept", "application/json");
    bar.hidden = false; bar.value = 0; btn.send.disabled = true; btn.again.disabled = true;
    msg.textContent = rec.dataset.msgUploading;
    x.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    x.onload = function () {
      var r = {};
      try { r = JSON.parse(x.responseText); } catch (e) {}
      if (x.status === 202 && r.url) { location.href = r.url; return; }
      btn.send.disabled = false; btn.again.disabled = false; bar.hidden = true;
      msg.textContent = (r.error && r.error.message) || rec.dataset.msgFailed;
    };
    x.onerror = function () {
      btn.send.disabled = false; btn.again.disabled = false; bar.hidden = true;
      msg.textContent = rec.dataset.msgFailed;
    };
    x.send(data);
  });
  show(["start"]);
})();
