// Downloads the shortlist ZIP with a progress bar. Without scripts the form posts normally and
// the browser saves the same ZIP. The server streams one entry per rendered CV, so counting ZIP
// local-file headers as they arrive tells how many CVs are done.
(function () {
  "use strict";
  var form = document.querySelector("form[data-cv-zip]");
  if (!form || !window.fetch || !window.ReadableStream || !window.URL) { return; }
  var total = parseInt(form.dataset.total, 10) || 0;
  var box = form.querySelector(".cv-zip-progress");
  var bar = form.querySelector("progress");
  var status = form.querySelector(".cv-zip-status");
  var button = form.querySelector("button[type=submit]");
  // "PK\x03\x04" then "version needed" 20 and general-purpose flags with the data-descriptor bit:
  // eight bytes, so a match inside compressed PDF data is practically impossible.
  var SIGNATURE = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00];

  function text(template, done) {
    return template.replace("{done}", done).replace("{total}", total);
  }

  function countHeaders(bytes) {
    var found = 0;
    for (var i = 0; i + 8 <= bytes.length; i++) {
      var match = true;
      for (var j = 0; j < SIGNATURE.length; j++) {
        if (bytes[i + j] !== SIGNATURE[j]) { match = false; break; }
      }
      if (match && (bytes[i + 6] & 0x08)) { found++; }
    }
    return found;
  }

  function filename(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : "cv.zip";
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    bar.value = 0;
    status.textContent = "";
    // Show progress only when the download takes longer than a moment.
    var timer = setTimeout(function () {
      box.hidden = false;
      status.textContent = text(form.dataset.textProgress, 0);
    }, 400);
    var chunks = [];
    var done = 0;
    var tail = new Uint8Array(0);
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.body) { throw new Error("HTTP " + response.status); }
        var reader = response.body.getReader();
        function pump() {
          return reader.read().then(function (step) {
            if (step.done) { return response; }
            chunks.push(step.value);
            // Keep the previous chunk's last bytes so a header split across chunks is found.
            var joined = new Uint8Array(tail.length + step.value.length);
            joined.set(tail, 0);
            joined.set(step.value, tail.length);
            done += countHeaders(joined);
            tail = joined.slice(Math.max(0, joined.length - 7));
            bar.value = Math.min(done, total);
            status.textContent = text(form.dataset.textProgress, Math.min(done, total));
            return pump();
          });
        }
        return pump();
      })
      .then(function (response) {
        clearTimeout(timer);
        save(new Blob(chunks, { type: "application/zip" }), filename(response));
        bar.value = total;
        status.textContent = text(form.dataset.textDone, total);
      })
      .catch(function () {
        clearTimeout(timer);
        box.hidden = true;
        status.textContent = form.dataset.textFailed;
      })
      .then(function () { button.disabled = false; });
  });
})();
