// Live suggestions for the taxonomy text inputs of the vacancy editor. The form works without
// this script: the server looks up whatever was typed when the form is sent.
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_CHARS = 2;
  var lang = document.documentElement.lang || "fi";

  function fill(list, items) {
    var options = items.map(function (item) {
      var option = document.createElement("option");
      option.value = item.label;
      return option;
    });
    list.replaceChildren.apply(list, options);
  }

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var kind = input.dataset.taxonomy;
    var timer = null;
    var asked = "";
    if (!list || !kind) {
      return;
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      window.clearTimeout(timer);
      if (q.length < MIN_CHARS || q === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = q;
        var url = "/api/v1/taxonomy/" + encodeURIComponent(kind) +
          "?limit=10&lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) {
            // Only the latest answer counts; an older, slower one must not overwrite it.
            if (asked === q) {
              fill(list, data.items || []);
            }
          })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-taxonomy]").forEach(attach);
})();
