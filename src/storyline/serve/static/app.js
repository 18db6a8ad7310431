// storyline: small progressive enhancements; every page reads fine without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Article page: the legend's checkboxes switch each kind of highlight on and off.
  var boxes = document.querySelectorAll(".legend input[data-toggle]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.hidden = false;
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-toggle"), !box.checked);
    });
  });

  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.querySelector(".search-form input[type=search]") || document.querySelector(".header-search input");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });

  // Filter forms: leave empty fields out of the URL.
  Array.prototype.forEach.call(document.querySelectorAll("form.filters"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.value) { el.disabled = true; }
      });
    });
  });
})();
