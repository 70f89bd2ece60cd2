// A filter box over long checkbox lists (the meeting form's activities and
// products): typing narrows the list to the choices containing every word,
// ignoring accents and case; ticked choices stay in view. Without
// JavaScript the whole list is shown, as before.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(fieldset, index) {
    var labels = Array.prototype.slice.call(fieldset.querySelectorAll("label.choice"));
    if (labels.length < 2) {
      return;
    }
    var legend = fieldset.querySelector("legend");
    var wrap = document.createElement("div");
    wrap.className = "checklist-filter";
    var id = "checklist-filter-" + index;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    var form = fieldset.closest("form");
    label.textContent = (form && form.getAttribute("data-filter-label")) || "Filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "meta checklist-filter__count";
    status.setAttribute("role", "status");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    if (legend && legend.nextSibling) {
      fieldset.insertBefore(wrap, legend.nextSibling);
    } else {
      fieldset.insertBefore(wrap, fieldset.firstChild);
    }
    var texts = labels.map(function (l) { return fold(l.textContent); });
    var template = (form && form.getAttribute("data-filter-count")) || "%(shown)s / %(total)s";

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      labels.forEach(function (l, i) {
        var box = l.querySelector("input");
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        var visible = match || (box && box.checked);
        l.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = words.length
        ? template.replace("%(shown)s", shown).replace("%(total)s", labels.length)
        : "";
    }

    input.addEventListener("input", apply);
    // Enter in the filter box must not submit the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }

  function start() {
    var fieldsets = [];
    document.querySelectorAll("input.filterable").forEach(function (box) {
      var fieldset = box.closest("fieldset");
      if (fieldset && fieldsets.indexOf(fieldset) === -1) {
        fieldsets.push(fieldset);
      }
    });
    fieldsets.forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
