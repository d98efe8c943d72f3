/*
 * Profile builder, progressive enhancement. Every form works without this file: the server
 * resolves typed text into taxonomy concepts. With it, text inputs marked `data-taxonomy`
 * get live suggestions from the typeahead API in a native <datalist>, and a count of
 * suggestions is announced to screen readers; a text's length limit shows as a live count.
 */
(function () {
  "use strict";

  var DELAY_MS = 250;
  var MIN_CHARS = 2;
  var root = document.querySelector(".profile-builder");
  if (!root) {
    return;
  }
  var lang = document.documentElement.lang || "fi";
  var countText = root.getAttribute("data-suggestion-count") || "{count}";
  var noneText = root.getAttribute("data-no-suggestions") || "";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function enhance(input) {
    var kind = input.getAttribute("data-taxonomy");
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    var status = document.createElement("p");
    status.className = "sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    list.insertAdjacentElement("afterend", status);

    var controller = null;
    var lastQuery = "";

    function show(items) {
      list.replaceChildren.apply(
        list,
        items.map(function (item) {
          var option = document.createElement("option");
          option.value = item.label;
          if (item.region_label) {
            option.label = item.label + " (" + item.region_label + ")";
          }
          return option;
        })
      );
      status.textContent = items.length
        ? countText.replace("{count}", String(items.length))
        : noneText;
    }

    var lookup = debounce(function () {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller) {
        controller.abort();
      }
      if (query.length < MIN_CHARS) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      controller = new AbortController();
      var url =
        "/api/v1/taxonomy/" + encodeURIComponent(kind) +
        "?limit=10&lang=" + encodeURIComponent(lang) +
        "&q=" + encodeURIComponent(query);
      fetch(url, {
        signal: controller.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (data) {
          // A datalist option equal to the whole input is noise once a choice is made.
          var items = (data.items || []).filter(function (item) {
            return item.label !== input.value;
          });
          show(items);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            show([]);
          }
        });
    }, DELAY_MS);

    input.addEventListener("input", lookup);
  }

  Array.prototype.forEach.call(root.querySelectorAll("input[data-taxonomy]"), enhance);

  // A text's limit line ("at most 200 characters") becomes a live count. Nothing typed is
  // cut off: the server refuses a longer text with a message next to the field. Counted
  // like the server counts: surrounding spaces dropped, characters rather than UTF-16 units.
  function countCharacters(line) {
    var input = document.getElementById(line.id.replace(/-limit$/, ""));
    if (!input) {
      return;
    }
    var limit = parseInt(line.getAttribute("data-limit"), 10);
    var countText = line.getAttribute("data-count-text") || "{count}/{max}";
    var overText = line.getAttribute("data-over-text") || countText;
    // Screen readers hear the count once typing pauses, not at every key.
    var status = document.createElement("p");
    status.className = "sr-only";
    status.setAttribute("aria-live", "polite");
    line.insertAdjacentElement("afterend", status);

    function update() {
      var length = Array.from(input.value.trim()).length;
      var over = length - limit;
      var text = over > 0 ? overText.replace("{over}", String(over)) : countText;
      line.textContent = text
        .replace("{count}", String(length))
        .replace("{max}", String(limit));
      line.classList.toggle("over", over > 0);
    }
    var announce = debounce(function () {
      status.textContent = line.textContent;
    }, 1000);

    input.addEventListener("input", function () {
      update();
      announce();
    });
    update();
  }

  Array.prototype.forEach.call(root.querySelectorAll(".char-count[data-limit]"), countCharacters);

  // After a rejected form the error summary takes focus, so screen readers read it first;
  // when the only question is which concept was meant, the first choice takes focus. This
  // waits for the page load, when the browser has already moved to the form's #fragment.
  window.addEventListener("load", function () {
    var summary = document.getElementById("error-summary");
    var firstChoice = root.querySelector("fieldset.choices input[type=radio]");
    var target = summary || firstChoice;
    if (target) {
      setTimeout(function () {
        target.focus();
      }, 0);
    }
  });
})();
